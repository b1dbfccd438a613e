/** The cost parts of a review: a stack's cost block (only when its cost moved) and a Mermaid chart of all stacks. */
import { code, text, usd, usdDelta } from "./markdown";
import { urnName } from "./render-changes";
import type { CostDiff, StackDiff } from "./types";

const MAX_COST_LINES = 10;

function costOfLine(line: { readonly monthlyUsd: number } | undefined): string {
  return line ? usd(line.monthlyUsd) : "—";
}

/** The cost block of one stack; empty when its cost did not move. */
export function costLines(cost: CostDiff, environment: string): string[] {
  if (!cost.moved || cost.beforeUsd === undefined || cost.afterUsd === undefined) return [];
  const lines = [
    "**Cost**",
    "",
    `${usd(cost.beforeUsd)} → ${usd(cost.afterUsd)} per month (${usdDelta(cost.afterUsd - cost.beforeUsd)})`,
    "",
  ];
  if (cost.lines.length > 0) {
    lines.push("| resource | item | basis | before | after | Δ / month |", "| --- | --- | --- | ---: | ---: | ---: |");
    for (const line of cost.lines.slice(0, MAX_COST_LINES)) {
      const basis = line.usageBased ? "*assumption*" : "declared";
      const item = text(line.item, 140).replace(/\|/g, "\\|");
      const amounts = `${costOfLine(line.before)} | ${costOfLine(line.after)} | ${usdDelta(line.deltaUsd)}`;
      lines.push(`| ${code(urnName(line.urn))} | ${item} | ${basis} | ${amounts} |`);
    }
    if (cost.lines.length > MAX_COST_LINES)
      lines.push(`| … ${cost.lines.length - MAX_COST_LINES} more lines | | | | | |`);
    lines.push("");
    if (cost.lines.some((line) => line.usageBased)) {
      lines.push(
        `*assumption*: priced from usage assumptions (\`policies/config/${environment}.json\`, ` +
          "`monthly-budget.usage`), not from what the plan declares.",
        "",
      );
    }
  }
  if (cost.newlyNotPriced.length > 0)
    lines.push(
      `Not priced (cost unknown, not in the delta): ${cost.newlyNotPriced.map((urn) => code(urnName(urn))).join(", ")}`,
      "",
    );
  return lines;
}

function amount(value: number): string {
  return value.toFixed(2);
}

/**
 * A Mermaid `xychart-beta` (GitHub renders it in comments) of the monthly cost of every stack whose
 * cost moved: bars after the change, the line before it. Empty when no cost moved.
 */
export function costChart(diffs: readonly StackDiff[]): string[] {
  const moved = diffs.filter((d) => d.cost?.moved && d.cost.beforeUsd !== undefined && d.cost.afterUsd !== undefined);
  if (moved.length === 0) return [];
  const before = moved.map((d) => d.cost?.beforeUsd ?? 0);
  const after = moved.map((d) => d.cost?.afterUsd ?? 0);
  const top = Math.ceil(Math.max(...before, ...after) * 1.1);
  return [
    "```mermaid",
    "xychart-beta",
    '  title "Monthly cost per stack, USD (bars: after this change, line: before)"',
    `  x-axis [${moved.map((d) => JSON.stringify(d.stack)).join(", ")}]`,
    `  y-axis "USD / month" 0 --> ${top}`,
    `  bar [${after.map(amount).join(", ")}]`,
    `  line [${before.map(amount).join(", ")}]`,
    "```",
    "",
  ];
}
