/** `immutable-field`: a change to a field in REJECTED_CHANGES — the target refuses it, the deployment fails. */
import { foundHazard, shown, type ComparedEntity, type FoundHazard } from "./found-hazard";
import { REJECTED_CHANGES } from "./rejected-changes";
import { valueAt, valuesEqual } from "./value-diff";

export function immutableFieldHazards({ before, after }: ComparedEntity): FoundHazard[] {
  const found: string[] = [];
  for (const { path, by } of REJECTED_CHANGES[after.type] ?? []) {
    const [a, b] = [valueAt(before.inputs, path), valueAt(after.inputs, path)];
    if (!valuesEqual(a, b)) found.push(`\`${path}\` ${shown(a)} → ${shown(b)}: refused by ${by}`);
  }
  return found.length === 0
    ? []
    : [foundHazard("immutable-field", after, "changes a field the target refuses to change", found)];
}
