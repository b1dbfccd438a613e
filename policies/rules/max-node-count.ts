import type { ResourceRule } from "./rule";
import { describePool, nodePoolsOf } from "../model/node-pools";

export interface MaxNodeCountConfig {
  /** Most nodes one pool may grow to (cluster-wide, all zones). */
  readonly maxNodesPerPool: number;
}

/** An upper bound on every pool, so a runaway job cannot scale the bill without limit. */
export const maxNodeCount: ResourceRule<MaxNodeCountConfig> = {
  kind: "resource",
  pack: "cost",
  name: "max-node-count",
  description: "Every node pool has a bounded size within the environment's maximum.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { maxNodesPerPool: { type: "integer", minimum: 1 } } },
  defaults: { maxNodesPerPool: 10 },
  validate(resource, config, report) {
    for (const pool of nodePoolsOf(resource.type, resource.props, resource.name)) {
      const largest = pool.autoscaling ? pool.maxNodes : pool.fixedNodes;
      const zones = pool.cloud === "gke" && pool.zones !== undefined && pool.zones > 1 ? ` over ${pool.zones} zones` : "";
      if (largest === undefined) {
        report(`${describePool(pool)} has autoscaling without a maximum node count; to comply, set a maximum of at most ${config.maxNodesPerPool} nodes in total.`);
      } else if (largest > config.maxNodesPerPool) {
        report(`${describePool(pool)} can grow to ${largest} nodes${zones}; to comply, cap it at ${config.maxNodesPerPool} nodes in total (GKE counts per zone unless totalMaxNodeCount is used).`);
      }
    }
  },
};
