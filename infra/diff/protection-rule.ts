/** `protection-downgrade`: `protect` / `retainOnDelete` turned off, or a field of PROTECTION_FIELDS made less safe. */
import type { PlanValue } from "../plan/document";
import { pairsAtPath } from "./field-paths";
import { foundHazard, shown, type ComparedEntity, type FoundHazard } from "./found-hazard";
import { helmChart } from "./helm-chart";
import type { PlanEntity } from "./plan-entities";
import { PROTECTION_FIELDS, type ProtectionField, type Safety } from "./protection-fields";

/** True when `after` is less safe than `before`. */
export function isLessSafe(safety: Safety, before: PlanValue, after: PlanValue): boolean {
  switch (safety.kind) {
    case "flag":
      return before === safety.safe && after !== safety.safe;
    case "order": {
      const rank = (value: PlanValue) => {
        const at = typeof value === "string" ? safety.safestFirst.indexOf(value) : -1;
        return at < 0 ? safety.safestFirst.length : at;
      };
      return rank(after) > rank(before);
    }
    case "at-least":
      return typeof before === "number" && (typeof after !== "number" || after < before);
  }
}

/** The fields and the values they are read from: the resource's inputs, or a chart's values. */
function subjects(entity: PlanEntity): Array<{ fields: readonly ProtectionField[]; root: PlanValue; where: string }> {
  const found = [{ fields: PROTECTION_FIELDS[entity.type] ?? [], root: entity.inputs as PlanValue, where: "" }];
  const chart = helmChart(entity);
  if (chart)
    found.push({ fields: PROTECTION_FIELDS[`helm:${chart.name}`] ?? [], root: chart.values, where: "values." });
  return found;
}

function fieldDowngrades(before: PlanEntity, after: PlanEntity): string[] {
  const lowered: string[] = [];
  const beforeSubjects = subjects(before);
  subjects(after).forEach((subject, i) => {
    const old = beforeSubjects[i];
    if (!old) return;
    for (const field of subject.fields) {
      for (const pair of pairsAtPath(old.root, subject.root, field.path)) {
        // A list item that disappeared is a delete of that item, not a weaker setting of it.
        if (!pair.inAfter && field.path.includes("[]")) continue;
        const was = pair.before ?? field.absent;
        const now = pair.after ?? field.absent;
        if (!isLessSafe(field.safety, was, now)) continue;
        const path = `${subject.where}${pair.path}`;
        lowered.push(`${field.what}: \`${path}\` ${shown(pair.before)} → ${shown(pair.after)}`);
      }
    }
  });
  return lowered;
}

export function protectionHazards(compared: ComparedEntity): FoundHazard[] {
  const { before, after } = compared;
  const lowered: string[] = [];
  if (before.options && after.options) {
    if (before.options.protect && !after.options.protect)
      lowered.push("`protect` true → false: Pulumi would now delete it when asked");
    if (before.options.retainOnDelete && !after.options.retainOnDelete) {
      lowered.push("`retainOnDelete` true → false: deleting it from the program would now delete the cloud resource");
    }
  }
  lowered.push(...fieldDowngrades(before, after));
  if (lowered.length === 0) return [];
  return [
    foundHazard(
      "protection-downgrade",
      after,
      `lowers protection (${lowered.length === 1 ? "1 setting" : `${lowered.length} settings`})`,
      lowered,
    ),
  ];
}
