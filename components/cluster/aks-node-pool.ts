import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import { AKS_PLACEMENT, AKS_SPOT_LABEL, type NodePlacement, type NodePoolName } from "../k8s/placement";

/** Size and capacity type of one AKS node pool. */
export interface AksNodePoolSettings {
  /** VM size, e.g. `Standard_D4s_v5`. */
  readonly machineType: string;
  /** Autoscaler lower bound (the batch pool may scale from 0). */
  readonly minNodes: number;
  /** Autoscaler upper bound. */
  readonly maxNodes: number;
  /** Spot VMs (only the batch pool). @default false */
  readonly spot?: boolean;
  /** OS disk size. @default 128 */
  readonly osDiskSizeGb?: number;
}

/** Where a pool goes. */
export interface AksNodePoolContext {
  /** The node subnet. */
  readonly vnetSubnetId: pulumi.Input<string>;
  /** Availability zones (`"1"`, `"2"`, `"3"`); empty where the region or environment has none. */
  readonly zones: readonly string[];
  /** Kubernetes version of the nodes; follows the control plane when omitted. @default the cluster's */
  readonly orchestratorVersion?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** @default AKS_PLACEMENT */
  readonly placement?: NodePlacement;
}

/** A pool's fields shared by the inline system profile and the `AgentPool` resources. */
export type AksPoolProfile = Omit<inputs.containerservice.ManagedClusterAgentPoolProfileArgs, "name">;

/**
 * One pool of the placement contract: the pool label on every node; the batch pool on Spot VMs
 * (eviction Delete, pay up to the on-demand price) with the spot label and taint AKS adds itself,
 * declared so a refresh shows no drift; autoscaled; no node public IPs.
 */
export function aksPoolProfile(
  pool: NodePoolName,
  settings: AksNodePoolSettings,
  context: AksNodePoolContext,
): AksPoolProfile {
  const placement = context.placement ?? AKS_PLACEMENT;
  const spot = settings.spot ?? false;
  // Every pool spreads over the cluster's zones (1-2-3 in prod); the stateful pool's volumes follow their node.
  const zones = [...context.zones].sort();
  return {
    mode: pool === "system" ? "System" : "User",
    vmSize: settings.machineType,
    osType: "Linux",
    osSKU: "AzureLinux",
    osDiskSizeGB: settings.osDiskSizeGb ?? 128,
    osDiskType: "Managed",
    type: "VirtualMachineScaleSets",
    vnetSubnetID: context.vnetSubnetId,
    ...(zones.length > 0 ? { availabilityZones: zones } : {}),
    enableAutoScaling: true,
    minCount: settings.minNodes,
    maxCount: settings.maxNodes,
    count: settings.minNodes,
    enableNodePublicIP: false,
    enableEncryptionAtHost: false,
    ...(context.orchestratorVersion ? { orchestratorVersion: context.orchestratorVersion } : {}),
    nodeLabels: { [placement.poolLabelKey]: pool, ...(spot ? { [AKS_SPOT_LABEL.key]: AKS_SPOT_LABEL.value } : {}) },
    nodeTaints: spot ? [`${placement.spotTaint.key}=${placement.spotTaint.value}:${placement.spotTaint.effect}`] : [],
    ...(spot
      ? { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 }
      : { scaleSetPriority: "Regular" }),
    // Surge is not allowed on Spot pools; on-demand pools surge one node at a time.
    ...(spot ? {} : { upgradeSettings: { maxSurge: "1" } }),
    tags: { ...context.tags, component: "cluster", pool },
  };
}
