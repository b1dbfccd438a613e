import type { PlanValue } from "../plan/document";
import type { PathSegment } from "./value-path";

/** One leaf-level difference between two values; `undefined` means absent on that side. */
export interface ValueChange {
  readonly path: readonly PathSegment[];
  readonly before: PlanValue | undefined;
  readonly after: PlanValue | undefined;
}

type PlanRecord = { readonly [key: string]: PlanValue };

export function isPlanRecord(value: PlanValue | undefined): value is PlanRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An own property only: a plan key named `constructor` must not find Object's. */
function field(record: PlanRecord, key: string): PlanValue | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function valuesEqual(a: PlanValue | undefined, b: PlanValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
  if (isPlanRecord(a) && isPlanRecord(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key], b[key]))
    );
  }
  return false;
}

/** The value at a dotted path (`spec.selector`), or undefined. */
export function valueAt(value: PlanValue | undefined, dotted: string): PlanValue | undefined {
  let current = value;
  for (const key of dotted.split(".")) {
    if (!isPlanRecord(current)) return undefined;
    current = field(current, key);
  }
  return current;
}

/**
 * The differences between two values, depth first, keys sorted. Objects are compared key by key
 * and arrays index by index (Kubernetes lists like `containers` keep their order), so a changed
 * image shows as `spec.template.spec.containers[0].image` rather than as a whole new list.
 */
export function diffValues(
  before: PlanValue | undefined,
  after: PlanValue | undefined,
  path: readonly PathSegment[] = [],
): ValueChange[] {
  if (valuesEqual(before, after)) return [];
  if (isPlanRecord(before) && isPlanRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(field(before, key), field(after, key), [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    const changes: ValueChange[] = [];
    for (let i = 0; i < length; i++) changes.push(...diffValues(before[i], after[i], [...path, i]));
    return changes;
  }
  return [{ path, before, after }];
}
