/**
 * Data-loss overrides: a reviewed, committed list of ids (URNs) whose delete or replace is
 * intended. Each needs a reason, so the permission to lose data is itself part of the PR diff.
 */

/** One allowed data loss. `urn` is the id the review prints (a URN, or `<URN>#<Kind>/<ns>/<name>`). */
export interface DataLossOverride {
  readonly urn: string;
  readonly reason: string;
}

/** Where the CLI reads overrides by default (relative to the repo root). */
export const DEFAULT_OVERRIDES_FILE = "infra/diff/data-loss-overrides.json";

// A reason must say something a reviewer can judge.
const MIN_REASON_LENGTH = 10;

/** Validates the parsed JSON of an override file; throws with the offending index and how to fix it. */
export function parseOverrides(json: unknown, source: string): DataLossOverride[] {
  if (!Array.isArray(json)) {
    throw new Error(`${source}: expected a JSON array of {"urn": "...", "reason": "..."}, got ${json === null ? "null" : typeof json}`);
  }
  return json.map((entry: unknown, index): DataLossOverride => {
    const where = `${source}[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new Error(`${where}: expected an object {"urn", "reason"}`);
    const record = entry as Record<string, unknown>;
    const extra = Object.keys(record).filter((key) => key !== "urn" && key !== "reason");
    if (extra.length > 0) throw new Error(`${where}: unknown key(s) ${extra.join(", ")}; only "urn" and "reason" are allowed`);
    if (typeof record.urn !== "string" || !record.urn.startsWith("urn:pulumi:")) {
      throw new Error(`${where}.urn: expected the id printed in the review (starting with "urn:pulumi:"), got ${JSON.stringify(record.urn)}`);
    }
    if (typeof record.reason !== "string" || record.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`${where}.reason: explain why losing this data is intended (at least ${MIN_REASON_LENGTH} characters)`);
    }
    return { urn: record.urn, reason: record.reason.trim() };
  });
}
