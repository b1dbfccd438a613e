/** What every rule is given and returns: entities compared by the diff, hazards before overrides. */
import type { HazardRule } from "./hazard-rules";
import type { PlanEntity } from "./plan-entities";
import type { Hazard, ResourceChange } from "./types";

/** An entity on both sides (an update or a replace) with what the diff found. */
export interface ComparedEntity {
  readonly before: PlanEntity;
  readonly after: PlanEntity;
  readonly change: ResourceChange;
}

/** A hazard before overrides decide whether it blocks. */
export type FoundHazard = Omit<Hazard, "blocking" | "allowedBy">;

export function foundHazard(
  rule: HazardRule,
  entity: PlanEntity,
  why: string,
  details: readonly string[] = [],
): FoundHazard {
  return { rule, id: entity.id, type: entity.type, name: entity.name, why, details };
}

/** A value as a reviewer reads it in a sentence. */
export function shown(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}
