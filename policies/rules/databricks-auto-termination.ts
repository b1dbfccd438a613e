import type { ResourceRule } from "./rule";
import { isRecord, num, str } from "../model/values";

export const DATABRICKS_CLUSTER = "databricks:index/cluster:Cluster";
export const DATABRICKS_CLUSTER_POLICY = "databricks:index/clusterPolicy:ClusterPolicy";

export interface DatabricksAutoTerminationConfig {
  /** Most idle minutes before an all-purpose cluster terminates. */
  readonly maxAutoTerminationMinutes: number;
}

/** The most idle minutes a cluster policy's `autotermination_minutes` element allows, if it bounds it. */
function policyMaxMinutes(definition: unknown): number | undefined {
  let parsed: unknown = definition;
  if (typeof definition === "string") {
    try {
      parsed = JSON.parse(definition);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(parsed) || !isRecord(parsed.autotermination_minutes)) return undefined;
  const element = parsed.autotermination_minutes;
  const type = str(element.type);
  if (type === "fixed") return num(element.value);
  if (type === "range") return num(element.maxValue);
  return undefined;
}

/**
 * Interactive clusters are the classic forgotten cost. Job clusters end with their job and are not
 * checked; all-purpose clusters must auto-terminate and be created under a cluster policy that
 * enforces it.
 */
export const databricksAutoTermination: ResourceRule<DatabricksAutoTerminationConfig> = {
  kind: "resource",
  pack: "cost",
  name: "databricks-auto-termination",
  description: "Databricks all-purpose clusters auto-terminate within N minutes, under a cluster policy that enforces it.",
  severity: "high",
  enforcementLevel: "advisory",
  configSchema: { properties: { maxAutoTerminationMinutes: { type: "integer", minimum: 10 } } },
  defaults: { maxAutoTerminationMinutes: 60 },
  validate(resource, config, report) {
    const max = config.maxAutoTerminationMinutes;
    if (resource.type === DATABRICKS_CLUSTER) {
      const minutes = num(resource.props.autoterminationMinutes);
      if (minutes === undefined || minutes <= 0) report(`cluster ${resource.name} never auto-terminates (autoterminationMinutes ${minutes ?? "not set"}); to comply, set autoterminationMinutes between 10 and ${max}.`);
      else if (minutes > max) report(`cluster ${resource.name} auto-terminates after ${minutes} idle minutes; to comply, set autoterminationMinutes to at most ${max}.`);
      if (str(resource.props.policyId) === undefined) report(`cluster ${resource.name} has no cluster policy; to comply, set policyId to a policy that fixes or caps autotermination_minutes at ${max}.`);
    }
    if (resource.type === DATABRICKS_CLUSTER_POLICY) {
      const allowed = policyMaxMinutes(resource.props.definition);
      if (allowed === undefined || allowed <= 0) report(`cluster policy ${str(resource.props.name) ?? resource.name} does not bound autotermination_minutes; to comply, add {"autotermination_minutes": {"type": "range", "minValue": 10, "maxValue": ${max}}} (or "fixed").`);
      else if (allowed > max) report(`cluster policy ${str(resource.props.name) ?? resource.name} allows ${allowed} idle minutes; to comply, cap autotermination_minutes at ${max}.`);
    }
  },
};
