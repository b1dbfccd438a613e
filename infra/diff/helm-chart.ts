/** The chart a Helm resource installs and its values, as the rules read them (by chart name, not by component). */
import type { PlanValue } from "../plan/document";
import type { PlanEntity } from "./plan-entities";
import { isPlanRecord } from "./value-diff";

const HELM_TYPES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);

export interface HelmChart {
  /** The chart's last path segment, lower case: `minio`, `yugabyte`, `airflow`. */
  readonly name: string;
  readonly values: { readonly [key: string]: PlanValue };
}

export function isHelmType(type: string): boolean {
  return HELM_TYPES.has(type);
}

export function helmChart(entity: Pick<PlanEntity, "type" | "inputs"> | undefined): HelmChart | undefined {
  if (!entity || !isHelmType(entity.type)) return undefined;
  const chart = entity.inputs.chart;
  if (typeof chart !== "string") return undefined;
  const name = chart.split("/").pop()?.toLowerCase() ?? "";
  return { name, values: isPlanRecord(entity.inputs.values) ? entity.inputs.values : {} };
}
