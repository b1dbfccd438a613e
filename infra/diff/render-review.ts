/**
 * Render stack diffs as one Markdown PR comment: a one-line verdict, everything blocking, a table of
 * counts per stack, then per-stack detail. Blocking items come first so trimming never hides them.
 */
import { isBlocking, type PlanFinding } from "../plan/document";
import { code, shortValue, text, usd, usdDelta } from "./markdown";
import { DEFAULT_OVERRIDES_FILE, type DataLossOverride } from "./overrides";
import { MAX_REVIEW_CHARS, trimReview } from "./trim";
import type { ChangeAction, ChangeCounts, CostDiff, DataLossFinding, PropertyChange, ResourceChange, StackDiff } from "./types";

/** Hidden marker the workflow finds its own comment by. */
export const REVIEW_MARKER = "<!-- batch-platform:pr-review -->";

export interface ReviewOptions {
  /** Trim at this many characters. @default 60000 */
  readonly maxChars?: number;
  /** The override file's entries, to list those nothing needs any more. @default [] */
  readonly overrides?: readonly DataLossOverride[];
  /** Where overrides live, for the "how to allow" hint. @default {@link DEFAULT_OVERRIDES_FILE} */
  readonly overridesFile?: string;
}

const SYMBOL: { readonly [action in ChangeAction]: string } = { create: "+", update: "~", replace: "±", delete: "−" };
const ACTION_ORDER: readonly ChangeAction[] = ["replace", "delete", "create", "update"];
// Per resource and per cost table: enough to review, short enough to keep the comment readable.
const MAX_PROPERTIES = 30;
const MAX_COST_LINES = 10;

function countsText(counts: ChangeCounts): string {
  return `+${counts.create} ~${counts.update} ±${counts.replace} −${counts.delete}`;
}

function total(diffs: readonly StackDiff[]): ChangeCounts {
  return diffs.reduce(
    (sum, d) => ({ create: sum.create + d.counts.create, update: sum.update + d.counts.update, replace: sum.replace + d.counts.replace, delete: sum.delete + d.counts.delete }),
    { create: 0, update: 0, replace: 0, delete: 0 },
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The last URN segment (the logical name) — enough to find a resource in a list. */
function urnName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function summaryLine(diffs: readonly StackDiff[]): string {
  const changed = diffs.filter((d) => d.status !== "unchanged");
  if (changed.length === 0) return `✅ No changes: all ${plural(diffs.length, "stack")} plan exactly as before.`;
  const parts = [`${changed.length} of ${plural(diffs.length, "stack")} change: ${countsText(total(diffs))}`];
  const added = diffs.filter((d) => d.status === "added").length;
  const removed = diffs.filter((d) => d.status === "removed").length;
  if (added > 0) parts.push(`${plural(added, "stack")} added`);
  if (removed > 0) parts.push(`${plural(removed, "stack")} removed`);
  const losses = diffs.flatMap((d) => d.dataLoss).filter((f) => f.blocking).length;
  if (losses > 0) parts.push(`${losses} data ${losses === 1 ? "loss" : "losses"} not allowed`);
  const mandatory = diffs.flatMap((d) => d.findings.introduced).filter(isBlocking).length;
  if (mandatory > 0) parts.push(`${plural(mandatory, "new mandatory policy finding")}`);
  const deltas = diffs.map((d) => d.cost?.deltaUsd).filter((x): x is number => x !== undefined);
  if (deltas.length > 0) parts.push(`cost ${usdDelta(deltas.reduce((a, b) => a + b, 0))}/month`);
  const verdict = diffs.some((d) => d.blocking) ? "🛑 **BLOCKING** —" : "✅";
  return `${verdict} ${parts.join("; ")}.`;
}

/** One data-loss line; `overridesFile` adds the "how to allow" hint to a blocking one. */
function lossLine(finding: DataLossFinding, overridesFile: string | undefined): string {
  const retained = finding.retained ? " `retainOnDelete` keeps the old resource, but orphaned: nothing will use its data." : "";
  const head = `**${finding.action}** ${code(finding.type)} ${code(finding.name)} — ${text(finding.why)}.${retained}`;
  if (finding.allowedBy !== undefined) return `✅ ${head} Allowed by override: “${text(finding.allowedBy)}”`;
  const hint = overridesFile === undefined ? "" : ` To allow it, add \`{"urn": "${finding.id}", "reason": "…"}\` to ${code(overridesFile)}.`;
  return `🛑 ${head}${hint}`;
}

function findingLine(finding: PlanFinding, mark: string): string {
  return `${mark} ${finding.enforcement} ${code(finding.source)} on ${code(urnName(finding.urn))}: ${text(finding.message)}`;
}

function blockingSection(diffs: readonly StackDiff[], overridesFile: string): string[] {
  const lines: string[] = [];
  for (const diff of diffs) {
    for (const finding of diff.dataLoss.filter((f) => f.blocking)) lines.push(`- ${code(diff.stack)} data loss: ${lossLine(finding, overridesFile)}`);
    for (const finding of diff.findings.introduced.filter(isBlocking)) lines.push(`- ${code(diff.stack)} new policy finding: ${findingLine(finding, "🛑")}`);
  }
  return lines.length > 0 ? ["### Blocking", "", ...lines, ""] : [];
}

function costCell(cost: CostDiff | undefined): string {
  if (!cost) return "—";
  if (cost.beforeUsd !== undefined && cost.afterUsd !== undefined) return `${usd(cost.afterUsd)} (${usdDelta(cost.afterUsd - cost.beforeUsd)})`;
  if (cost.afterUsd !== undefined) return `${usd(cost.afterUsd)} (new)`;
  return `was ${usd(cost.beforeUsd ?? 0)}`;
}

function overviewTable(diffs: readonly StackDiff[]): string[] {
  const rows = diffs.map((d) => {
    const status = d.status === "added" ? " (new)" : d.status === "removed" ? " (removed)" : "";
    const mark = d.blocking ? "🛑 " : "";
    return `| ${mark}${code(d.stack)}${status} | ${d.counts.create} | ${d.counts.update} | ${d.counts.replace} | ${d.counts.delete} | ${costCell(d.cost)} |`;
  });
  return ["| stack | + create | ~ update | ± replace | − delete | cost / month |", "| --- | ---: | ---: | ---: | ---: | ---: |", ...rows, ""];
}

function propertyLine(change: PropertyChange, indent: string): string {
  const replace = change.forcesReplacement ? " — **forces replacement**" : "";
  return `${indent}- ${code(change.path)}: ${code(shortValue(change.before))} → ${code(shortValue(change.after))}${replace}`;
}

function resourceLines(change: ResourceChange): string[] {
  const reasons = change.replaceReasons.length > 0 ? ` — replacement forced by: ${change.replaceReasons.join(", ")}` : "";
  const lines = [`- ${SYMBOL[change.action]} **${change.action}** ${code(change.type)} ${code(change.name)}${reasons}`];
  const properties = [...change.options.map((o) => ({ ...o, path: `options.${o.path}` })), ...change.properties];
  for (const property of properties.slice(0, MAX_PROPERTIES)) lines.push(propertyLine(property, "  "));
  if (properties.length > MAX_PROPERTIES) lines.push(`  - … and ${properties.length - MAX_PROPERTIES} more changed paths`);
  return lines;
}

function costLines(cost: CostDiff): string[] {
  if (cost.beforeUsd === undefined || cost.afterUsd === undefined) return [];
  const lines = ["**Cost**", "", `${usd(cost.beforeUsd)} → ${usd(cost.afterUsd)} per month (${usdDelta(cost.afterUsd - cost.beforeUsd)})`, ""];
  if (cost.lines.length > 0) {
    lines.push("| resource | item | before | after | Δ / month |", "| --- | --- | ---: | ---: | ---: |");
    for (const line of cost.lines.slice(0, MAX_COST_LINES)) {
      const before = line.before ? usd(line.before.monthlyUsd) : "—";
      const after = line.after ? usd(line.after.monthlyUsd) : "—";
      lines.push(`| ${code(urnName(line.urn))} | ${text(line.item, 80).replace(/\|/g, "\\|")} | ${before} | ${after} | ${usdDelta(line.deltaUsd)} |`);
    }
    if (cost.lines.length > MAX_COST_LINES) lines.push(`| … ${cost.lines.length - MAX_COST_LINES} more lines | | | | |`);
    lines.push("");
  }
  if (cost.newlyNotPriced.length > 0) lines.push(`Not priced (cost unknown, not in the delta): ${cost.newlyNotPriced.map((urn) => code(urnName(urn))).join(", ")}`, "");
  return lines;
}

function addedStackLines(diff: StackDiff): string[] {
  const byType = new Map<string, number>();
  for (const change of diff.changes) byType.set(change.type, (byType.get(change.type) ?? 0) + 1);
  const types = [...byType.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([type, n]) => `- ${n} × ${code(type)}`);
  return [`New stack: ${plural(diff.changes.length, "resource")} to create.`, "", ...types, ""];
}

function stackSection(diff: StackDiff): string[] {
  if (diff.status === "removed") {
    return [
      `### ${code(diff.stack)} — removed`,
      "",
      `The stack is no longer planned (${plural(diff.resourcesBefore, "resource")} before). Removing a stack's config destroys nothing; run \`pulumi destroy\` deliberately if that is the intent.`,
      "",
    ];
  }
  const lines = [`### ${code(diff.stack)} — ${countsText(diff.counts)}`, ""];
  // Blocking losses carry their "how to allow" hint in the Blocking section already.
  if (diff.dataLoss.length > 0) lines.push("**Data loss**", "", ...diff.dataLoss.map((f) => `- ${lossLine(f, undefined)}`), "");
  const { introduced, resolved } = diff.findings;
  if (introduced.length + resolved.length > 0) {
    lines.push("**Policy findings**", "");
    lines.push(...introduced.map((f) => `- ${findingLine(f, isBlocking(f) ? "🛑 new" : "🆕 new")}`));
    lines.push(...resolved.map((f) => `- ${findingLine(f, "✅ resolved")}`), "");
  }
  if (diff.cost) lines.push(...costLines(diff.cost));
  if (diff.outputs.length > 0) lines.push("**Outputs**", "", ...diff.outputs.map((o) => propertyLine(o, "")), "");
  if (diff.status === "added") return [...lines, ...addedStackLines(diff)];
  if (diff.changes.length > 0) {
    lines.push("**Resources**", "");
    for (const action of ACTION_ORDER) for (const change of diff.changes.filter((c) => c.action === action)) lines.push(...resourceLines(change));
    lines.push("");
  }
  return lines;
}

/** The whole review, trimmed to `maxChars`. Deterministic: stacks sorted by name. */
export function renderReview(diffs: readonly StackDiff[], options: ReviewOptions = {}): string {
  const overridesFile = options.overridesFile ?? DEFAULT_OVERRIDES_FILE;
  const sorted = [...diffs].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  const lines = [REVIEW_MARKER, "## Plan review", "", summaryLine(sorted), ""];
  if (sorted.some((d) => d.status !== "unchanged")) {
    lines.push(...blockingSection(sorted, overridesFile), ...overviewTable(sorted));
    for (const diff of sorted.filter((d) => d.status !== "unchanged")) lines.push(...stackSection(diff));
  }
  const used = new Set(sorted.flatMap((d) => d.overridesUsed));
  const unused = (options.overrides ?? []).filter((o) => !used.has(o.urn));
  if (unused.length > 0) {
    lines.push(`Overrides in ${code(overridesFile)} that allow nothing in this change (remove them once their change is deployed):`, "");
    lines.push(...unused.map((o) => `- ${code(o.urn)}`), "");
  }
  return trimReview(`${lines.join("\n").trimEnd()}\n`, options.maxChars ?? MAX_REVIEW_CHARS);
}
