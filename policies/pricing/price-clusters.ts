import { CATALOG } from "./catalog";
import { charge, HOURS_PER_MONTH, priced, type Charge, type CostResource, type Priced, type Pricer, type PricingContext } from "./charges";
import { AKS_AGENT_POOL, AKS_CLUSTER, GKE_CLUSTER, GKE_NODE_POOL, gkeDefaultPool, gkeNodePool, nodePoolsOf, type NodePoolView } from "../model/node-pools";
import { bool, record, str } from "../model/values";

/** GKE's default boot disk and AKS's default OS disk, when the pool does not say. */
const GKE_BOOT_DISK = { gb: 100, type: "pd-balanced" };
const AKS_OS_DISK_GB = 128;

/** Average running nodes: the usage assumption for the pool's role, else the autoscaling minimum or fixed count. */
function averageNodes(pool: NodePoolView, urn: string, context: PricingContext): number {
  const assumed = pool.role !== undefined ? context.usage.averageNodesByPool?.[pool.role] : undefined;
  if (assumed !== undefined) return assumed;
  if (pool.cloud === "gke" && pool.zones === undefined) context.assumed(urn, `${pool.name}: zones unknown, node counts taken as cluster-wide`);
  const nodes = pool.autoscaling ? pool.minNodes : pool.fixedNodes;
  if (nodes === undefined) {
    context.assumed(urn, `${pool.name}: node count unknown, 1 assumed`);
    return 1;
  }
  return nodes;
}

/** Nodes and their disks for one pool; a machine type the catalog lacks is reported, not zeroed. */
export function priceNodePool(pool: NodePoolView, urn: string, context: PricingContext): Priced {
  const nodes = averageNodes(pool, urn, context);
  const machine = pool.machineType !== undefined ? CATALOG.vm[pool.machineType] : undefined;
  if (!machine) return priced([], [`${pool.name}: no price for machine type ${pool.machineType ?? "(unknown)"}`]);
  const charges: Charge[] = [
    charge(urn, `${pool.name} nodes: ${pool.machineType}${pool.spot ? " spot" : ""}`, nodes * HOURS_PER_MONTH, pool.spot ? machine.spot : machine.onDemand),
  ];
  const reasons: string[] = [];
  if (pool.cloud === "gke") {
    const type = pool.diskType ?? GKE_BOOT_DISK.type;
    const disk = CATALOG.disks[type];
    if (disk) charges.push(charge(urn, `${pool.name} boot disks: ${type}`, nodes * (pool.diskGb ?? GKE_BOOT_DISK.gb), disk));
    else reasons.push(`${pool.name}: no price for boot disk type ${type}`);
  } else if (pool.diskType?.toLowerCase() !== "ephemeral") {
    charges.push(charge(urn, `${pool.name} OS disks: managed premium SSD`, nodes * (pool.diskGb ?? AKS_OS_DISK_GB), CATALOG.disks["azure-premium-ssd"]));
  }
  return priced(charges, reasons);
}

function combine(parts: readonly Priced[]): Priced {
  return priced(parts.flatMap((p) => p.charges), parts.flatMap((p) => p.notPriced));
}

/** The location of the GKE cluster a node pool belongs to (by cluster name, or the only cluster). */
function clusterLocationFor(pool: CostResource, context: PricingContext): string | undefined {
  const clusters = context.resources.filter((r) => r.type === GKE_CLUSTER);
  const wanted = str(pool.props.cluster);
  const match = clusters.find((c) => wanted !== undefined && (str(c.props.name) === wanted || c.name === wanted)) ?? (clusters.length === 1 ? clusters[0] : undefined);
  return match ? str(match.props.location) : undefined;
}

export const priceClusters: Pricer = (resource, context) => {
  switch (resource.type) {
    case GKE_CLUSTER: {
      const parts: Priced[] = [priced([charge(resource.urn, "GKE cluster management fee", HOURS_PER_MONTH, CATALOG.clusterManagement.gke)])];
      if (bool(resource.props.enableAutopilot) === true) parts.push(priced([], ["Autopilot pods are billed per requested vCPU/GB, not estimated"]));
      const defaultPool = gkeDefaultPool(resource.props, resource.name);
      if (defaultPool) parts.push(priceNodePool(defaultPool, resource.urn, context));
      return combine(parts);
    }
    case GKE_NODE_POOL:
      return priceNodePool(gkeNodePool(resource.props, resource.name, clusterLocationFor(resource, context)), resource.urn, context);
    case AKS_CLUSTER: {
      const tier = str(record(resource.props.sku).tier) ?? "Free";
      const fee = tier === "Standard" ? CATALOG.clusterManagement.aksStandard : tier === "Premium" ? CATALOG.clusterManagement.aksPremium : CATALOG.clusterManagement.aksFree;
      const parts: Priced[] = [priced([charge(resource.urn, `AKS control plane (${tier} tier)`, HOURS_PER_MONTH, fee)])];
      for (const pool of nodePoolsOf(resource.type, resource.props, resource.name)) parts.push(priceNodePool(pool, resource.urn, context));
      return combine(parts);
    }
    case AKS_AGENT_POOL:
      return combine(nodePoolsOf(resource.type, resource.props, resource.name).map((pool) => priceNodePool(pool, resource.urn, context)));
    default:
      return undefined;
  }
};

/** OSS: the given cluster's node pools from the usage assumptions, as stack-level lines. */
export function priceOssNodePools(stackUrn: string, context: PricingContext): Priced {
  const parts: Priced[] = [];
  for (const pool of context.usage.ossNodePools ?? []) {
    const machine = pool.machineType !== undefined ? CATALOG.vm[pool.machineType] : undefined;
    const hours = pool.nodes * HOURS_PER_MONTH;
    if (pool.hourlyUsd !== undefined) {
      const unitPrice = { usd: pool.hourlyUsd, unit: "node-hour", source: "usage assumption ossNodePools[].hourlyUsd", date: "n/a" };
      parts.push(priced([charge(stackUrn, `${pool.pool} nodes (oss): ${pool.machineType ?? "given hourly price"}${pool.spot ? " spot" : ""}`, hours, unitPrice)]));
    } else if (machine) {
      parts.push(priced([charge(stackUrn, `${pool.pool} nodes (oss): ${pool.machineType}${pool.spot ? " spot" : ""}`, hours, pool.spot ? machine.spot : machine.onDemand)]));
    } else {
      parts.push(priced([], [`oss node pool ${pool.pool}: no hourlyUsd and no catalog price for ${pool.machineType ?? "(no machine type)"}`]));
    }
  }
  return combine(parts);
}
