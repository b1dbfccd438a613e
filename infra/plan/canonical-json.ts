import type { PlanValue } from "./document";

/** Deep copy with object keys sorted, so equal plans serialize byte-identically. */
export function sortKeys(value: PlanValue): PlanValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: { [key: string]: PlanValue } = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
    return sorted;
  }
  return value;
}

/** Stable, pretty JSON with a trailing newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value as PlanValue), null, 2)}\n`;
}
