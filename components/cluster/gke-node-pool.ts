import type { NodePoolArgs } from "@pulumi/gcp/container/nodePool";
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_PLACEMENT, type NodePlacement, type NodePoolName } from "../k8s/placement";

/** Size and capacity type of one GKE node pool. */
export interface GkeNodePoolSettings {
  /** Compute Engine machine type, e.g. `e2-standard-4`. */
  readonly machineType: string;
  /** Autoscaling lower bound, nodes in the whole pool (all zones). */
  readonly minNodes: number;
  /** Autoscaling upper bound, nodes in the whole pool (all zones). */
  readonly maxNodes: number;
  /** Spot VMs (only the batch pool). @default false */
  readonly spot?: boolean;
  /** Boot disk size. @default 100 */
  readonly diskSizeGb?: number;
}

/** Where a pool goes and what its nodes run as. */
export interface GkeNodePoolContext {
  readonly project: string;
  readonly cluster: pulumi.Input<string>;
  /** The cluster's location (region or zone). */
  readonly location: string;
  /** Zones of a regional cluster's pools; empty for a zonal cluster. */
  readonly nodeLocations: readonly string[];
  readonly serviceAccountEmail: pulumi.Input<string>;
  /** GCE labels on the nodes (cost allocation). */
  readonly labels: Readonly<Record<string, string>>;
  /** @default DEFAULT_PLACEMENT */
  readonly placement?: NodePlacement;
}

const TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;

/**
 * The arguments of one of the three pools: labelled with the placement label, the batch pool on
 * Spot VMs with the spot taint, autoscaled on cluster-wide totals, Shielded VMs, GKE metadata server
 * (workload identity; the node's own identity is not reachable from pods), auto-repair and -upgrade.
 */
export function gkeNodePoolArgs(pool: NodePoolName, settings: GkeNodePoolSettings, context: GkeNodePoolContext): NodePoolArgs {
  const placement = context.placement ?? DEFAULT_PLACEMENT;
  const spot = settings.spot ?? false;
  const zones = Math.max(context.nodeLocations.length, 1);
  return {
    name: pool,
    project: context.project,
    cluster: context.cluster,
    location: context.location,
    ...(context.nodeLocations.length > 0 ? { nodeLocations: [...context.nodeLocations] } : {}),
    // Per zone; the autoscaler then keeps the pool within the totals below.
    initialNodeCount: Math.ceil(settings.minNodes / zones),
    autoscaling: {
      totalMinNodeCount: settings.minNodes,
      totalMaxNodeCount: settings.maxNodes,
      // Spot capacity comes from whichever zone has it; on-demand pools stay balanced over zones.
      locationPolicy: spot ? "ANY" : "BALANCED",
    },
    management: { autoRepair: true, autoUpgrade: true },
    upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
    nodeConfig: {
      machineType: settings.machineType,
      spot,
      diskType: "pd-balanced",
      diskSizeGb: settings.diskSizeGb ?? 100,
      imageType: "COS_CONTAINERD",
      serviceAccount: context.serviceAccountEmail,
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      labels: { [placement.poolLabelKey]: pool },
      taints: pool === "batch" && spot ? [{ key: placement.spotTaint.key, value: placement.spotTaint.value, effect: TAINT_EFFECT[placement.spotTaint.effect] }] : [],
      resourceLabels: { ...context.labels, component: "cluster", pool },
      workloadMetadataConfig: { mode: "GKE_METADATA" },
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      metadata: { "disable-legacy-endpoints": "true" },
    },
  };
}
