import type { ResourceRule } from "./rule";
import { chartName, isHelmChart, valueNodes, valuesVisible } from "../model/helm";
import { cpuCores, formatCores, formatGib, gibibytes, sparkMemoryGib } from "../model/quantities";
import { at, isRecord, num, record, str, type Props } from "../model/values";
import { containersOf, kubernetesKind, objectName, podTemplates, SPARK_APPLICATION_KINDS } from "../model/workloads";

export interface ContainerResourcesConfig {
  /** Largest CPU request/limit of one container, in cores. */
  readonly maxCpuCores: number;
  /** Largest memory request/limit of one container, in GiB. */
  readonly maxMemoryGib: number;
}

/** Problems with one `resources` block: missing requests/limits, or values above the maxima. */
function resourceProblems(resources: unknown, config: ContainerResourcesConfig): string[] {
  const problems: string[] = [];
  for (const side of ["requests", "limits"] as const) {
    const block = record(at(resources, side));
    const cpu = cpuCores(block.cpu);
    const memory = gibibytes(block.memory);
    if (cpu === undefined) problems.push(`no ${side}.cpu`);
    else if (cpu > config.maxCpuCores) problems.push(`${side}.cpu ${formatCores(cpu)} > ${config.maxCpuCores}`);
    if (memory === undefined) problems.push(`no ${side}.memory`);
    else if (memory > config.maxMemoryGib) problems.push(`${side}.memory ${formatGib(memory)} > ${config.maxMemoryGib}Gi`);
  }
  return problems;
}

/** Spark roles size pods with `cores`/`coreLimit`/`memory` instead of a `resources` block. */
function sparkRoleProblems(role: Props, config: ContainerResourcesConfig): string[] {
  const problems: string[] = [];
  const cores = cpuCores(role.coreRequest) ?? num(role.cores);
  const limit = cpuCores(role.coreLimit);
  const memory = sparkMemoryGib(role.memory);
  if (cores === undefined) problems.push("no cores");
  else if (cores > config.maxCpuCores) problems.push(`cores ${cores} > ${config.maxCpuCores}`);
  if (limit === undefined) problems.push("no coreLimit");
  else if (limit > config.maxCpuCores) problems.push(`coreLimit ${formatCores(limit)} > ${config.maxCpuCores}`);
  if (memory === undefined) problems.push("no memory");
  else if (memory > config.maxMemoryGib) problems.push(`memory ${formatGib(memory)} > ${config.maxMemoryGib}Gi`);
  return problems;
}

/** Requests make the scheduler and the estimate honest; limits stop one container from starving a node. */
export const containerResources: ResourceRule<ContainerResourcesConfig> = {
  kind: "resource",
  pack: "cost",
  name: "container-resources",
  description: "Every container sets CPU and memory requests and limits within the environment's maxima.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { maxCpuCores: { type: "number", exclusiveMinimum: 0 }, maxMemoryGib: { type: "number", exclusiveMinimum: 0 } } },
  defaults: { maxCpuCores: 4, maxMemoryGib: 16 },
  validate(resource, config, report) {
    const comply = `requests and limits for cpu and memory, each at most ${config.maxCpuCores} cores / ${config.maxMemoryGib}Gi`;
    if (isHelmChart(resource.type)) {
      const values = resource.props.values;
      if (!valuesVisible(values)) return;
      const blocks = valueNodes(values).filter((node) => node.key === "resources");
      const chart = chartName(resource.props) ?? resource.name;
      if (blocks.length === 0) report(`chart ${chart} sets no resources in its values (the chart's defaults apply); to comply, set ${comply}.`);
      for (const block of blocks) {
        if (!isRecord(block.value)) continue;
        const problems = resourceProblems(block.value, config);
        if (problems.length > 0) report(`chart ${chart} values ${block.path}: ${problems.join(", ")}; to comply, set ${comply}.`);
      }
      return;
    }
    const kind = kubernetesKind(resource.type);
    if (kind === undefined) return;
    const name = objectName(kind, resource.props);
    if (SPARK_APPLICATION_KINDS.has(kind)) {
      for (const role of podTemplates(kind, resource.props)) {
        const problems = sparkRoleProblems(role.spec, config);
        if (problems.length > 0) report(`${name} ${role.path}: ${problems.join(", ")}; to comply, set cores, coreLimit and memory, at most ${config.maxCpuCores} cores / ${config.maxMemoryGib}Gi.`);
      }
      return;
    }
    for (const template of podTemplates(kind, resource.props)) {
      for (const { path, container } of containersOf(template)) {
        const problems = resourceProblems(container.resources, config);
        if (problems.length > 0) report(`${name} container ${str(container.name) ?? "?"} (${path}): ${problems.join(", ")}; to comply, set ${comply}.`);
      }
    }
  },
};
