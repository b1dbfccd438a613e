/**
 * Which cost lines rest on the environment's usage assumptions (`monthly-budget.usage` in
 * policies/config/<env>.json: GB stored per zone, TB scanned, job and DBU hours) rather than on what
 * the plan declares. A move in such a line is a change of assumption, not of infrastructure, and
 * the review says so. The plan's cost lines carry no such flag (a `basis` field would be read if
 * present), so the items of policies/pricing are matched by name here.
 */
import type { CostLine } from "../plan/document";

const USAGE_ITEMS: readonly RegExp[] = [
  /^(GCS|ADLS\/Blob) .*storage/, // storageGbPerZone
  /^BigQuery /, // bigquery.activeGb, longTermGb, tibScannedPerMonth
  /^Dataflow /, // dataflow.vcpuHoursPerMonth, memoryGbHoursPerMonth
  /^Databricks /, // databricks.*DbuPerMonth, vmNodeHoursPerMonth
  /^Synapse /, // synapse.sqlPoolHoursPerMonth, serverlessTbPerMonth
  /^(SparkApplication|Job|CronJob)\//, // sparkJobHoursPerMonth, kubernetesJobHoursPerMonth
];

export function isUsageBased(line: CostLine): boolean {
  const basis = (line as CostLine & { readonly basis?: unknown }).basis;
  if (basis === "usage") return true;
  if (basis === "declared") return false;
  return USAGE_ITEMS.some((pattern) => pattern.test(line.item));
}
