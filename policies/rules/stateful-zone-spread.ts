import type { RuleResource, StackRule } from "./rule";
import { chartName, isHelmChart, valueNodes, valuesVisible } from "../model/helm";
import { at, isRecord, num, records, str, stringMap } from "../model/values";
import { kubernetesKind, objectName, podTemplates } from "../model/workloads";

export interface StatefulZoneSpreadConfig {
  /** Zones (and so replicas) a stateful workload spreads over. */
  readonly minZones: number;
  /** Charts of stateful systems whose values must spread over zones and enable a PodDisruptionBudget. */
  readonly statefulCharts: readonly string[];
}

const ZONE_KEYS = new Set(["topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"]);

/**
 * Charts that render PodDisruptionBudgets themselves, with no value to switch them on: whether they
 * do for the given values. The yugabyte chart renders one per master and tserver StatefulSet unless
 * `isMultiAz` (one release per zone) is set.
 */
const BUILT_IN_PDB: Readonly<Record<string, (values: Readonly<Record<string, unknown>>) => boolean>> = {
  yugabyte: (values) => values.isMultiAz !== true,
};

/** Whether a pod spec is forced to spread over zones (a hard topology spread or required anti-affinity by zone). */
function spreadsOverZones(spec: Readonly<Record<string, unknown>>): boolean {
  const hardSpread = records(spec.topologySpreadConstraints).some((c) => ZONE_KEYS.has(str(c.topologyKey) ?? "") && str(c.whenUnsatisfiable) !== "ScheduleAnyway");
  const antiAffinity = records(at(spec, "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution")).some((term) => ZONE_KEYS.has(str(term.topologyKey) ?? ""));
  return hardSpread || antiAffinity;
}

/** Whether a PodDisruptionBudget in the namespace selects the pods (its matchLabels are a subset of theirs). */
function hasPdb(namespace: string, podLabels: Readonly<Record<string, string>>, pdbs: readonly RuleResource[]): boolean {
  return pdbs.some((pdb) => {
    if ((str(at(pdb.props, "metadata.namespace")) ?? "default") !== namespace) return false;
    const selector = stringMap(at(pdb.props, "spec.selector.matchLabels"));
    const keys = Object.keys(selector);
    return keys.length > 0 && keys.every((key) => podLabels[key] === selector[key]);
  });
}

/** Zone-outage survival for the data tier: replicas in every zone, and drains that never take out a quorum. */
export const statefulZoneSpread: StackRule<StatefulZoneSpreadConfig> = {
  kind: "stack",
  pack: "placement",
  name: "stateful-zone-spread",
  description: "Stateful workloads run at least N replicas spread over N zones and have a PodDisruptionBudget.",
  severity: "high",
  enforcementLevel: "advisory",
  configSchema: { properties: { minZones: { type: "integer", minimum: 1 }, statefulCharts: { type: "array", items: { type: "string" } } } },
  defaults: { minZones: 3, statefulCharts: ["minio", "yugabyte", "postgresql", "redis"] },
  validate(stack, config, report) {
    const pdbs = stack.resources.filter((r) => kubernetesKind(r.type) === "PodDisruptionBudget");
    for (const resource of stack.resources) {
      if (isHelmChart(resource.type)) {
        const chart = chartName(resource.props);
        const values = resource.props.values;
        if (chart === undefined || !config.statefulCharts.includes(chart) || !valuesVisible(values)) continue;
        const nodes = valueNodes(values);
        const spread = nodes.some((n) => (n.key === "topologySpreadConstraints" || n.key === "affinity") && JSON.stringify(n.value ?? null).includes("topology.kubernetes.io/zone"));
        const pdb = (BUILT_IN_PDB[chart]?.(values) ?? false) || nodes.some((n) => /^(podDisruptionBudget|pdb)$/i.test(n.key) && isRecord(n.value) && n.value.enabled !== false && (n.value.enabled === true || n.value.minAvailable !== undefined || n.value.maxUnavailable !== undefined));
        const missing = [...(spread ? [] : ["a topologySpreadConstraint on topology.kubernetes.io/zone"]), ...(pdb ? [] : ["an enabled podDisruptionBudget"])];
        if (missing.length > 0) report(`chart ${chart} (stateful) values lack ${missing.join(" and ")}; to comply, set them and run at least ${config.minZones} replicas.`, resource.urn);
        continue;
      }
      if (kubernetesKind(resource.type) !== "StatefulSet") continue;
      const name = objectName("StatefulSet", resource.props);
      const namespace = str(at(resource.props, "metadata.namespace")) ?? "default";
      const replicas = num(at(resource.props, "spec.replicas")) ?? 1;
      const [template] = podTemplates("StatefulSet", resource.props);
      const problems: string[] = [];
      if (replicas < config.minZones) problems.push(`${replicas} replica(s)`);
      if (!template || !spreadsOverZones(template.spec)) problems.push("no hard spread over topology.kubernetes.io/zone");
      if (!template || !hasPdb(namespace, stringMap(template.labels), pdbs)) problems.push("no PodDisruptionBudget selecting its pods");
      if (problems.length > 0) {
        report(`${name} has ${problems.join(", ")}; to comply, run at least ${config.minZones} replicas with a topologySpreadConstraint {topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule"} and a PodDisruptionBudget in ${namespace}.`, resource.urn);
      }
    }
  },
};
