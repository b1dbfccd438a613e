import type { ResourceRule } from "./rule";
import { AKS_AGENT_POOL, AKS_CLUSTER, describePool, GKE_CLUSTER, GKE_NODE_POOL, nodePoolsOf } from "../model/node-pools";
import { list, str } from "../model/values";

export interface ZoneRedundantClustersConfig {
  /** Zones a cluster's control plane and node pools span. */
  readonly minZones: number;
}

const GCP_ZONE = /^[a-z]+-[a-z]+[0-9]+-[a-z]$/;

/** A zonal cluster is one zone outage away from losing the platform. */
export const zoneRedundantClusters: ResourceRule<ZoneRedundantClustersConfig> = {
  kind: "resource",
  pack: "placement",
  name: "zone-redundant-clusters",
  description: "Clusters are regional (GKE) or zone-redundant (AKS), their node pools spanning at least N zones.",
  severity: "high",
  enforcementLevel: "advisory",
  configSchema: { properties: { minZones: { type: "integer", minimum: 1 } } },
  defaults: { minZones: 3 },
  validate(resource, config, report) {
    if (resource.type === GKE_CLUSTER || resource.type === GKE_NODE_POOL) {
      const location = str(resource.props.location);
      if (location !== undefined && GCP_ZONE.test(location)) {
        report(`location is the zone ${location}; to comply, use the region ${location.replace(/-[a-z]$/, "")} (a regional ${resource.type === GKE_CLUSTER ? "cluster" : "node pool"}).`);
      }
      const nodeLocations = list(resource.props.nodeLocations);
      if (nodeLocations.length > 0 && nodeLocations.length < config.minZones) {
        report(`nodeLocations lists ${nodeLocations.length} zone(s) (${nodeLocations.join(", ")}); to comply, list at least ${config.minZones} zones or leave it unset for all zones of the region.`);
      }
      return;
    }
    if (resource.type !== AKS_CLUSTER && resource.type !== AKS_AGENT_POOL) return;
    for (const pool of nodePoolsOf(resource.type, resource.props, resource.name)) {
      if ((pool.zones ?? 0) < config.minZones) {
        report(`${describePool(pool)} spans ${pool.zones ?? 0} availability zone(s); to comply, set availabilityZones to at least ${config.minZones} zones (e.g. ["1", "2", "3"]).`);
      }
    }
  },
};
