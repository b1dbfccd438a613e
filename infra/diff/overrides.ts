/**
 * Review overrides: a reviewed, committed list of hazards that are intended — one rule for one id
 * each, with a reason, so the permission to lose data (or lower protection) is itself part of the
 * PR diff.
 */
import { HAZARD_RULE_IDS, isHazardRule, isOverridable, type HazardRule } from "./hazard-rules";

/** One allowed hazard. `id` is the id the review prints (a URN, or `<URN>#<Kind>/<ns>/<name>`). */
export interface ReviewOverride {
  readonly rule: HazardRule;
  readonly id: string;
  readonly reason: string;
}

/** Where the CLI reads overrides by default (relative to the repo root). */
export const DEFAULT_OVERRIDES_FILE = "infra/diff/review-overrides.json";

// A reason must say something a reviewer can judge.
const MIN_REASON_LENGTH = 10;
const KEYS = ["id", "reason", "rule"];

/** The key an override and a hazard meet on. */
export function overrideKey(rule: HazardRule, id: string): string {
  return `${rule} ${id}`;
}

/** Validates the parsed JSON of an override file; throws with the offending index and how to fix it. */
export function parseOverrides(json: unknown, source: string): ReviewOverride[] {
  const shape = `{"rule": "…", "id": "…", "reason": "…"}`;
  if (!Array.isArray(json)) {
    throw new Error(`${source}: expected a JSON array of ${shape}, got ${json === null ? "null" : typeof json}`);
  }
  const allowed = HAZARD_RULE_IDS.filter(isOverridable);
  return json.map((entry: unknown, index): ReviewOverride => {
    const where = `${source}[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry))
      throw new Error(`${where}: expected an object ${shape}`);
    const record = entry as Record<string, unknown>;
    const extra = Object.keys(record).filter((key) => !KEYS.includes(key));
    if (extra.length > 0)
      throw new Error(`${where}: unknown key(s) ${extra.join(", ")}; only "rule", "id" and "reason" are allowed`);
    if (!isHazardRule(record.rule) || !isOverridable(record.rule)) {
      throw new Error(`${where}.rule: got ${JSON.stringify(record.rule)}; expected one of ${allowed.join(", ")}`);
    }
    if (typeof record.id !== "string" || !record.id.startsWith("urn:pulumi:")) {
      throw new Error(
        `${where}.id: expected the id printed in the review (starting with "urn:pulumi:"), ` +
          `got ${JSON.stringify(record.id)}`,
      );
    }
    if (typeof record.reason !== "string" || record.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(
        `${where}.reason: explain why this change is intended (at least ${MIN_REASON_LENGTH} characters)`,
      );
    }
    return { rule: record.rule, id: record.id, reason: record.reason.trim() };
  });
}
