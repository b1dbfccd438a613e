import type { CostEstimate, CostLine } from "../plan/document";
import type { CostDiff, CostLineChange } from "./types";
import { isUsageBased } from "./usage-based-cost";

// Moves below half a cent are rounding noise.
const MIN_MOVE_USD = 0.005;

function lineKey(line: CostLine): string {
  return `${line.urn}\u0000${line.item}`;
}

/** Monthly cost before → after and the lines that moved it; undefined when neither side has an estimate. */
export function diffCost(before: CostEstimate | undefined, after: CostEstimate | undefined): CostDiff | undefined {
  if (!before && !after) return undefined;
  const beforeLines = new Map((before?.lines ?? []).map((line) => [lineKey(line), line]));
  const afterLines = new Map((after?.lines ?? []).map((line) => [lineKey(line), line]));
  const lines: CostLineChange[] = [];
  // Line deltas only mean something when both sides were estimated.
  if (before && after) {
    for (const key of new Set([...beforeLines.keys(), ...afterLines.keys()])) {
      const b = beforeLines.get(key);
      const a = afterLines.get(key);
      const deltaUsd = (a?.monthlyUsd ?? 0) - (b?.monthlyUsd ?? 0);
      if (Math.abs(deltaUsd) < MIN_MOVE_USD) continue;
      const line = (a ?? b) as CostLine;
      lines.push({ urn: line.urn, item: line.item, before: b, after: a, deltaUsd, usageBased: isUsageBased(line) });
    }
  }
  const changeKey = (change: CostLineChange): string => `${change.urn}\u0000${change.item}`;
  lines.sort((x, y) => Math.abs(y.deltaUsd) - Math.abs(x.deltaUsd) || (changeKey(x) < changeKey(y) ? -1 : 1));
  const wasNotPriced = new Set(before?.notPriced ?? []);
  const deltaUsd = before && after ? after.monthlyUsd - before.monthlyUsd : undefined;
  const newlyNotPriced = before && after ? after.notPriced.filter((urn) => !wasNotPriced.has(urn)).sort() : [];
  return {
    beforeUsd: before?.monthlyUsd,
    afterUsd: after?.monthlyUsd,
    deltaUsd,
    lines,
    newlyNotPriced,
    moved:
      (deltaUsd === undefined ? true : Math.abs(deltaUsd) >= MIN_MOVE_USD) ||
      lines.length > 0 ||
      newlyNotPriced.length > 0,
  };
}
