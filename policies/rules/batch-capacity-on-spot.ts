import type { ResourceRule } from "./rule";
import { describePool, nodePoolsOf } from "../model/node-pools";

/** Batch capacity is the cheap, interruptible kind: Spark executors retry lost tasks. */
export const batchCapacityOnSpot: ResourceRule<Record<string, never>> = {
  kind: "resource",
  pack: "cost",
  name: "batch-capacity-on-spot",
  description: "The batch node pool (executors, batch jobs) runs on Spot/preemptible VMs.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: {} },
  defaults: {},
  validate(resource, _config, report) {
    for (const pool of nodePoolsOf(resource.type, resource.props, resource.name)) {
      if (pool.role !== "batch" || pool.spot) continue;
      const fix = pool.cloud === "gke" ? "set nodeConfig.spot: true" : 'set scaleSetPriority: "Spot" (with spotMaxPrice -1 and scaleSetEvictionPolicy "Delete")';
      report(`${describePool(pool)} is the batch pool but runs on-demand VMs (${pool.machineType ?? "machine type unknown"}); to comply, ${fix}.`);
    }
  },
};
