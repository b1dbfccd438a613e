import { CATALOG, type Price } from "./catalog";
import { charge, HOURS_PER_MONTH, NOTHING, priced, type Charge, type CostResource, type Priced, type Pricer, type PricingContext } from "./charges";
import { chartName, isHelmChart, siblingReplicas, valueNodes } from "../model/helm";
import { cpuCores, gibibytes, sparkMemoryGib } from "../model/quantities";
import { at, isRecord, num, record, records, str, type Props } from "../model/values";
import { containersOf, kubernetesKind, objectName, podTemplates, SPARK_APPLICATION_KINDS, type PodTemplate } from "../model/workloads";

/** Disk price for a storage class on the stack's cloud (GKE: standard-rwo = pd-balanced; AKS: managed-csi = Standard SSD). */
export function diskPrice(variant: string, storageClass: string | undefined): Price {
  const sc = (storageClass ?? "").toLowerCase();
  if (variant === "gcp") {
    if (/ssd|premium/.test(sc)) return CATALOG.disks["pd-ssd"];
    if (sc === "standard" || sc.includes("pd-standard")) return CATALOG.disks["pd-standard"];
    return CATALOG.disks["pd-balanced"];
  }
  if (variant === "azure") return /premium/.test(sc) ? CATALOG.disks["azure-premium-ssd"] : CATALOG.disks["azure-standard-ssd"];
  return CATALOG.disks.generic;
}

function loadBalancerPrice(variant: string): Price {
  return CATALOG.loadBalancer[variant] ?? CATALOG.loadBalancer.generic;
}

/** Requested cores and GiB of a pod template (a missing request defaults to the limit, as in Kubernetes). */
function requested(template: PodTemplate): { cores: number; gib: number } {
  let cores = 0;
  let gib = 0;
  for (const { path, container } of containersOf(template)) {
    if (path.includes("initContainers")) continue;
    const requests = record(at(container, "resources.requests"));
    const limits = record(at(container, "resources.limits"));
    cores += cpuCores(requests.cpu) ?? cpuCores(limits.cpu) ?? 0;
    gib += gibibytes(requests.memory) ?? gibibytes(limits.memory) ?? 0;
  }
  return { cores, gib };
}

/** Driver or executor size of a SparkApplication role: cores and memory plus overhead (10%, at least 384 MiB). */
function sparkRoleSize(template: PodTemplate): { cores: number; gib: number } {
  const spec = template.spec;
  const cores = cpuCores(spec.coreRequest) ?? num(spec.cores) ?? 1;
  const memory = sparkMemoryGib(spec.memory) ?? 1;
  const overhead = sparkMemoryGib(spec.memoryOverhead) ?? Math.max(memory * 0.1, 384 / 1024);
  return { cores, gib: memory + overhead };
}

function computeCharges(urn: string, label: string, cores: number, gib: number, hours: number): Charge[] {
  return [
    charge(urn, `${label} CPU requests`, cores * hours, CATALOG.requests.vcpuHour),
    charge(urn, `${label} memory requests`, gib * hours, CATALOG.requests.memoryGbHour),
  ];
}

function priceObject(resource: CostResource, kind: string, context: PricingContext): Priced {
  const object = resource.props;
  const label = resource.label ?? objectName(kind, object);
  const charges: Charge[] = [];
  const reasons: string[] = [];
  if (kind === "PersistentVolumeClaim") {
    const gib = gibibytes(at(object, "spec.resources.requests.storage"));
    if (gib === undefined) reasons.push(`${label}: storage request unknown`);
    else charges.push(charge(resource.urn, `${label} volume`, gib, diskPrice(context.variant, str(at(object, "spec.storageClassName")))));
  }
  if (kind === "StatefulSet") {
    const replicas = num(at(object, "spec.replicas")) ?? 1;
    for (const template of records(at(object, "spec.volumeClaimTemplates"))) {
      const claim = str(at(template, "metadata.name")) ?? "data";
      const gib = gibibytes(at(template, "spec.resources.requests.storage"));
      if (gib === undefined) reasons.push(`${label}: size of volume claim ${claim} unknown`);
      else charges.push(charge(resource.urn, `${label} volumes ${claim} (x${replicas})`, gib * replicas, diskPrice(context.variant, str(at(template, "spec.storageClassName")))));
    }
  }
  if (kind === "Service" && str(at(object, "spec.type")) === "LoadBalancer") {
    charges.push(charge(resource.urn, `${label} load balancer`, HOURS_PER_MONTH, loadBalancerPrice(context.variant)));
  }
  if (SPARK_APPLICATION_KINDS.has(kind)) {
    const hours = context.usage.sparkJobHoursPerMonth;
    if (hours === undefined) reasons.push(`${label}: no usage assumption sparkJobHoursPerMonth`);
    else {
      let cores = 0;
      let gib = 0;
      for (const role of podTemplates(kind, object)) {
        const size = sparkRoleSize(role);
        cores += size.cores * role.replicas;
        gib += size.gib * role.replicas;
      }
      charges.push(...computeCharges(resource.urn, `${label} (spark job)`, cores, gib, hours));
    }
  } else if (context.priceRequests) {
    const isJob = kind === "Job" || kind === "CronJob";
    const hours = isJob ? context.usage.kubernetesJobHoursPerMonth : HOURS_PER_MONTH;
    const templates = podTemplates(kind, object);
    if (templates.length > 0 && hours === undefined) reasons.push(`${label}: no usage assumption kubernetesJobHoursPerMonth`);
    if (templates.length > 0 && hours !== undefined) {
      if (kind === "DaemonSet") context.assumed(resource.urn, `${label}: one pod assumed (nodes unknown)`);
      let cores = 0;
      let gib = 0;
      for (const template of templates) {
        const size = requested(template);
        cores += size.cores * template.replicas;
        gib += size.gib * template.replicas;
      }
      if (cores > 0 || gib > 0) charges.push(...computeCharges(resource.urn, label, cores, gib, hours));
    }
  }
  return priced(charges, reasons);
}

/**
 * Volumes, load balancers and (on a shared cluster) requests that chart values declare. Only what the
 * values set is visible offline; chart defaults are not.
 */
function priceChart(resource: CostResource, context: PricingContext): Priced {
  const values = resource.props.values;
  if (!isRecord(values)) return NOTHING;
  const chart = chartName(resource.props) ?? resource.name;
  const charges: Charge[] = [];
  const perReplicaGroup = isRecord(values.replicas) ? values.replicas : {};
  for (const node of valueNodes(values)) {
    if (!isRecord(node.value)) continue;
    // Persistence blocks (`persistence: {size}`), and per-component storage (`storage: {master: {size, count}}`).
    const parentKey = node.path.split(".").slice(-2, -1)[0];
    if ((node.key === "persistence" || parentKey === "storage") && node.value.size !== undefined && node.value.enabled !== false) {
      const gib = gibibytes(node.value.size);
      if (gib === undefined) continue;
      const replicas = parentKey === "storage" ? (num(perReplicaGroup[node.key]) ?? 1) : siblingReplicas(node.parent) * (num(node.parent.drivesPerNode) ?? 1);
      const volumes = (num(node.value.count) ?? 1) * replicas;
      charges.push(charge(resource.urn, `chart ${chart}: ${node.path} volumes (x${volumes})`, gib * volumes, diskPrice(context.variant, str(node.value.storageClass))));
    }
    if (/service/i.test(node.key) && node.value.type === "LoadBalancer") {
      charges.push(charge(resource.urn, `chart ${chart}: ${node.path} load balancer`, HOURS_PER_MONTH, loadBalancerPrice(context.variant)));
    }
    // Hook/setup jobs (`makeBucketJob.resources`) run minutes, not the month.
    if (context.priceRequests && node.key === "resources" && !/job/i.test(node.path)) {
      const requests = record(node.value.requests);
      const limits = record(node.value.limits);
      const cores = (cpuCores(requests.cpu) ?? cpuCores(limits.cpu) ?? 0) * siblingReplicas(node.parent);
      const gib = (gibibytes(requests.memory) ?? gibibytes(limits.memory) ?? 0) * siblingReplicas(node.parent);
      if (cores > 0 || gib > 0) charges.push(...computeCharges(resource.urn, `chart ${chart}: ${node.path}`, cores, gib, HOURS_PER_MONTH));
    }
  }
  return priced(charges);
}

export const priceKubernetes: Pricer = (resource, context) => {
  if (isHelmChart(resource.type)) return priceChart(resource, context);
  const kind = kubernetesKind(resource.type);
  if (kind === undefined || !isRecord(resource.props as Props)) return undefined;
  return priceObject(resource, kind, context);
};
