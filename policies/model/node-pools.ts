import { POOL_LABEL } from "./placement";
import { bool, list, num, record, records, str, stringMap, type Props } from "./values";

export const GKE_NODE_POOL = "gcp:container/nodePool:NodePool";
export const GKE_CLUSTER = "gcp:container/cluster:Cluster";
export const AKS_CLUSTER = "azure-native:containerservice:ManagedCluster";
export const AKS_AGENT_POOL = "azure-native:containerservice:AgentPool";

/** A GKE node pool or an AKS agent pool, read into one shape. Node counts are cluster-wide totals. */
export interface NodePoolView {
  readonly cloud: "gke" | "aks";
  /** Pool name, e.g. `batch`. */
  readonly name: string;
  /** Property path of the pool inside the resource (`` for a NodePool/AgentPool resource). */
  readonly path: string;
  /** `system` | `stateful` | `batch` from the pool label, else guessed from the name. */
  readonly role?: string;
  readonly machineType?: string;
  readonly spot: boolean;
  readonly autoscaling: boolean;
  readonly minNodes?: number;
  readonly maxNodes?: number;
  /** Node count of a pool without autoscaling. */
  readonly fixedNodes?: number;
  /** Zones the pool spans, when known. GKE per-zone counts are already multiplied by it. */
  readonly zones?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { readonly key?: string; readonly value?: string; readonly effect?: string }[];
  /** OS/boot disk: size in GB and kind (`pd-balanced`, `Managed`, `Ephemeral`, …). */
  readonly diskGb?: number;
  readonly diskType?: string;
}

const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const ZONE = /^[a-z]+-[a-z]+[0-9]+-[a-z]$/;

/** Zones a GKE location spans by default: a region 3, a zone 1. */
export function gkeLocationZones(location: string | undefined): number | undefined {
  if (location === undefined) return undefined;
  if (ZONE.test(location)) return 1;
  if (REGION.test(location)) return 3;
  return undefined;
}

function roleOf(labels: Readonly<Record<string, string>>, name: string): string | undefined {
  const label = labels[POOL_LABEL];
  if (label) return label;
  const lower = name.toLowerCase();
  return ["batch", "stateful", "system"].find((role) => lower.includes(role));
}

/**
 * The GKE node pool of a `NodePool` resource. `clusterLocation` is the location of its cluster, used
 * when the pool has neither `location` nor `nodeLocations`.
 */
export function gkeNodePool(props: Props, name: string, clusterLocation?: string): NodePoolView {
  const nodeConfig = record(props.nodeConfig);
  const autoscaling = record(props.autoscaling);
  const nodeLocations = list(props.nodeLocations);
  const zones = nodeLocations.length > 0 ? nodeLocations.length : gkeLocationZones(str(props.location) ?? clusterLocation);
  const perZone = (value: number | undefined): number | undefined => (value === undefined ? undefined : value * (zones ?? 1));
  const totalMin = num(autoscaling.totalMinNodeCount);
  const totalMax = num(autoscaling.totalMaxNodeCount);
  const isAutoscaled = Object.keys(autoscaling).length > 0;
  const labels = stringMap(nodeConfig.labels);
  const poolName = str(props.name) ?? name;
  return {
    cloud: "gke",
    name: poolName,
    path: "",
    role: roleOf(labels, poolName),
    machineType: str(nodeConfig.machineType),
    spot: bool(nodeConfig.spot) === true || bool(nodeConfig.preemptible) === true,
    autoscaling: isAutoscaled,
    minNodes: isAutoscaled ? (totalMin ?? perZone(num(autoscaling.minNodeCount) ?? 0)) : undefined,
    maxNodes: isAutoscaled ? (totalMax ?? perZone(num(autoscaling.maxNodeCount))) : undefined,
    fixedNodes: isAutoscaled ? undefined : perZone(num(props.nodeCount) ?? num(props.initialNodeCount)),
    zones,
    labels,
    taints: records(nodeConfig.taints).map((t) => ({ key: str(t.key), value: str(t.value), effect: str(t.effect) })),
    diskGb: num(nodeConfig.diskSizeGb),
    diskType: str(nodeConfig.diskType),
  };
}

/** An AKS agent pool, from `agentPoolProfiles[i]` or an `AgentPool` resource (same field names). */
export function aksAgentPool(profile: Props, name: string, path: string): NodePoolView {
  const labels = stringMap(profile.nodeLabels);
  const poolName = str(profile.name) ?? str(profile.agentPoolName) ?? name;
  const autoscaling = bool(profile.enableAutoScaling) === true;
  const zones = list(profile.availabilityZones);
  return {
    cloud: "aks",
    name: poolName,
    path,
    role: roleOf(labels, poolName),
    machineType: str(profile.vmSize),
    spot: str(profile.scaleSetPriority)?.toLowerCase() === "spot",
    autoscaling,
    minNodes: autoscaling ? (num(profile.minCount) ?? 0) : undefined,
    maxNodes: autoscaling ? num(profile.maxCount) : undefined,
    fixedNodes: autoscaling ? undefined : (num(profile.count) ?? 1),
    zones: zones.length > 0 ? zones.length : undefined,
    labels,
    taints: list(profile.nodeTaints).flatMap((taint) => {
      // AKS taints are strings: `key=value:Effect`.
      const match = typeof taint === "string" ? /^([^=:]+)(?:=([^:]*))?:(.+)$/.exec(taint) : null;
      return match ? [{ key: match[1], value: match[2], effect: match[3] }] : [];
    }),
    diskGb: num(profile.osDiskSizeGB),
    diskType: str(profile.osDiskType),
  };
}

/** Every node pool a resource declares: a GKE NodePool, the AKS cluster's profiles, an AgentPool. */
export function nodePoolsOf(type: string, props: Props, name: string): NodePoolView[] {
  switch (type) {
    case GKE_NODE_POOL:
      return [gkeNodePool(props, name)];
    case AKS_CLUSTER:
      return records(props.agentPoolProfiles).map((profile, index) => aksAgentPool(profile, `${name}-${index}`, `agentPoolProfiles[${index}]`));
    case AKS_AGENT_POOL:
      return [aksAgentPool(props, name, "")];
    default:
      return [];
  }
}

/** `node pool "batch"` / `agent pool "batch" (agentPoolProfiles[2])`, for messages. */
export function describePool(pool: NodePoolView): string {
  const kind = pool.cloud === "gke" ? "node pool" : "agent pool";
  return `${kind} "${pool.name}"${pool.path ? ` (${pool.path})` : ""}`;
}

/** The machine type of a GKE cluster's default node pool, if the cluster keeps it. */
export function gkeDefaultPool(props: Props, name: string): NodePoolView | undefined {
  if (bool(props.removeDefaultNodePool) === true || bool(props.enableAutopilot) === true) return undefined;
  const pool = gkeNodePool({ nodeConfig: props.nodeConfig ?? { machineType: "e2-medium" }, nodeCount: props.initialNodeCount ?? 1, location: props.location, nodeLocations: props.nodeLocations }, `${name}-default-pool`);
  return { ...pool, name: "default-pool", path: "default node pool", machineType: pool.machineType ?? "e2-medium" };
}
