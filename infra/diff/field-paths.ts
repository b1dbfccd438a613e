/**
 * Values at a rule's field path, e.g. `spec.storage.volumes[].size`: dots step into objects, `[]`
 * steps into every item of a list. List items are keyed by their `name` or `id` (else their
 * index), so a rule compares the same volume or bucket on both sides even if the list reordered.
 */
import type { PlanValue } from "../plan/document";
import { isPlanRecord } from "./value-diff";

type Found = Map<string, PlanValue | undefined>;

function itemKey(item: PlanValue, index: number): string {
  if (isPlanRecord(item)) {
    for (const key of ["name", "id"]) {
      const value = item[key];
      if (typeof value === "string" || typeof value === "number") return `[${key}=${value}]`;
    }
  }
  return `[${index}]`;
}

function walk(value: PlanValue | undefined, segments: readonly string[], at: string, found: Found): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) {
    found.set(at, value);
    return;
  }
  const list = segment.endsWith("[]");
  const key = list ? segment.slice(0, -2) : segment;
  const next = isPlanRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  const here = at === "" ? key : `${at}.${key}`;
  if (!list) {
    walk(next, rest, here, found);
    return;
  }
  if (!Array.isArray(next)) return;
  next.forEach((item, index) => walk(item, rest, `${here}${itemKey(item, index)}`, found));
}

/**
 * Every value at `path` in `value`, by readable path. Without `[]` there is exactly one entry
 * (undefined when absent); with `[]` one entry per list item.
 */
export function valuesAtPath(value: PlanValue | undefined, path: string): Found {
  const found: Found = new Map();
  walk(value, path.split("."), "", found);
  return found;
}

/** Pairs of before/after values at `path`, keyed by readable path, in key order. */
export function pairsAtPath(before: PlanValue | undefined, after: PlanValue | undefined, path: string) {
  const a = valuesAtPath(before, path);
  const b = valuesAtPath(after, path);
  return [...new Set([...a.keys(), ...b.keys()])]
    .sort()
    .map((key) => ({ path: key, before: a.get(key), after: b.get(key), inBefore: a.has(key), inAfter: b.has(key) }));
}
