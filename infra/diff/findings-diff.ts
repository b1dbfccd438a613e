import { compareFindings, type PlanFinding } from "../plan/document";
import type { FindingsDiff } from "./types";

function key(finding: PlanFinding): string {
  return `${finding.source}\u0000${finding.urn}\u0000${finding.message}`;
}

/** Policy findings new in `after` and gone from `before`, compared by source + urn + message. */
export function diffFindings(before: readonly PlanFinding[], after: readonly PlanFinding[]): FindingsDiff {
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return {
    introduced: after.filter((finding) => !beforeKeys.has(key(finding))).sort(compareFindings),
    resolved: before.filter((finding) => !afterKeys.has(key(finding))).sort(compareFindings),
  };
}
