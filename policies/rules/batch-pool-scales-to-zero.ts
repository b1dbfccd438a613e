import type { ResourceRule } from "./rule";
import { describePool, nodePoolsOf } from "../model/node-pools";

/** An idle batch pool should cost nothing: between runs it scales down to zero nodes. */
export const batchPoolScalesToZero: ResourceRule<Record<string, never>> = {
  kind: "resource",
  pack: "cost",
  name: "batch-pool-scales-to-zero",
  description: "The batch node pool autoscales with a minimum of zero nodes.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: {} },
  defaults: {},
  validate(resource, _config, report) {
    for (const pool of nodePoolsOf(resource.type, resource.props, resource.name)) {
      if (pool.role !== "batch") continue;
      const fix = pool.cloud === "gke" ? "autoscaling with minNodeCount (or totalMinNodeCount) 0" : "enableAutoScaling: true with minCount: 0";
      if (!pool.autoscaling) report(`${describePool(pool)} has a fixed size of ${pool.fixedNodes ?? "unknown"} node(s); to comply, use ${fix}.`);
      else if ((pool.minNodes ?? 0) > 0) report(`${describePool(pool)} keeps at least ${pool.minNodes} node(s) running; to comply, use ${fix}.`);
    }
  },
};
