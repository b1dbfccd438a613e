/**
 * Render stack diffs as one Markdown PR comment: a one-line verdict, everything blocking, a table of
 * the stacks that change (unchanged ones in one line), a cost chart, then per-stack detail.
 * Blocking items come first so trimming never hides them.
 */
import { isBlocking, type PlanFinding } from "../plan/document";
import { code, text, usd, usdDelta } from "./markdown";
import { DEFAULT_OVERRIDES_FILE, overrideKey, type ReviewOverride } from "./overrides";
import { propertyLines, resourceLines, urnName } from "./render-changes";
import { costChart, costLines } from "./render-cost";
import { MAX_REVIEW_CHARS, trimReview } from "./trim";
import type { ChangeAction, ChangeCounts, CostDiff, Hazard, StackDiff } from "./types";

/** Hidden marker the workflow finds its own comment by. */
export const REVIEW_MARKER = "<!-- batch-platform:pr-review -->";

export interface ReviewOptions {
  /** Trim at this many characters. @default 60000 */
  readonly maxChars?: number;
  /** The override file's entries, to list those nothing needs any more. @default [] */
  readonly overrides?: readonly ReviewOverride[];
  /** Where overrides live, for the "how to allow" hint. @default {@link DEFAULT_OVERRIDES_FILE} */
  readonly overridesFile?: string;
}

const ACTION_ORDER: readonly ChangeAction[] = ["replace", "delete", "create", "update"];

function countsText(counts: ChangeCounts): string {
  return `+${counts.create} ~${counts.update} ±${counts.replace} −${counts.delete}`;
}

function total(diffs: readonly StackDiff[]): ChangeCounts {
  return diffs.reduce(
    (sum, d) => ({
      create: sum.create + d.counts.create,
      update: sum.update + d.counts.update,
      replace: sum.replace + d.counts.replace,
      delete: sum.delete + d.counts.delete,
    }),
    { create: 0, update: 0, replace: 0, delete: 0 },
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function summaryLine(diffs: readonly StackDiff[]): string {
  const changed = diffs.filter((d) => d.status !== "unchanged");
  if (changed.length === 0) return `✅ No changes: all ${plural(diffs.length, "stack")} plan exactly as before.`;
  const parts = [`${changed.length} of ${plural(diffs.length, "stack")} change: ${countsText(total(diffs))}`];
  const count = (status: StackDiff["status"]) => diffs.filter((d) => d.status === status).length;
  if (count("failed") > 0) parts.push(`${plural(count("failed"), "stack")} failed to plan`);
  if (count("added") > 0) parts.push(`${plural(count("added"), "stack")} added`);
  if (count("removed") > 0) parts.push(`${plural(count("removed"), "stack")} removed`);
  const blocked = diffs.flatMap((d) => d.hazards).filter((h) => h.blocking && h.rule !== "plan-failed").length;
  if (blocked > 0) parts.push(`${plural(blocked, "blocking hazard")} not allowed`);
  const mandatory = diffs.flatMap((d) => d.findings.introduced).filter(isBlocking).length;
  if (mandatory > 0) parts.push(plural(mandatory, "new mandatory policy finding"));
  const deltas = diffs.map((d) => d.cost?.deltaUsd).filter((x): x is number => x !== undefined);
  if (diffs.some((d) => d.cost?.moved && d.cost.deltaUsd !== undefined))
    parts.push(`cost ${usdDelta(deltas.reduce((a, b) => a + b, 0))}/month`);
  const verdict = diffs.some((d) => d.blocking) ? "🛑 **BLOCKING** —" : "✅";
  return `${verdict} ${parts.join("; ")}.`;
}

/** One hazard; `overridesFile` adds the "how to allow" hint to a blocking one. */
function hazardLines(hazard: Hazard, overridesFile: string | undefined, indent: string): string[] {
  const subject = hazard.rule === "plan-failed" ? code(hazard.name) : `${code(hazard.type)} ${code(hazard.name)}`;
  const head = `**${hazard.rule}** ${subject} — ${text(hazard.why)}.`;
  const details = hazard.details.map((detail) => `${indent}  - ${text(detail, 400)}`);
  if (hazard.allowedBy !== undefined)
    return [`${indent}- ✅ ${head} Allowed by override: “${text(hazard.allowedBy)}”`, ...details];
  const entry = `{"rule": "${hazard.rule}", "id": "${hazard.id}", "reason": "…"}`;
  const hint =
    overridesFile === undefined || hazard.rule === "plan-failed"
      ? ""
      : ` To allow it, add \`${entry}\` to ${code(overridesFile)}.`;
  return [`${indent}- 🛑 ${head}${hint}`, ...details];
}

function findingLine(finding: PlanFinding, mark: string): string {
  const on = code(urnName(finding.urn));
  return `${mark} ${finding.enforcement} ${code(finding.source)} on ${on}: ${text(finding.message)}`;
}

function blockingSection(diffs: readonly StackDiff[], overridesFile: string): string[] {
  const lines: string[] = [];
  for (const diff of diffs) {
    for (const hazard of diff.hazards.filter((h) => h.blocking)) {
      const [first, ...rest] = hazardLines(hazard, overridesFile, "");
      lines.push(`- ${code(diff.stack)} ${(first ?? "").slice(2)}`, ...rest);
    }
    for (const finding of diff.findings.introduced.filter(isBlocking))
      lines.push(`- ${code(diff.stack)} new policy finding: ${findingLine(finding, "🛑")}`);
  }
  return lines.length > 0 ? ["### Blocking", "", ...lines, ""] : [];
}

function costCell(cost: CostDiff | undefined): string {
  if (!cost) return "—";
  if (cost.beforeUsd !== undefined && cost.afterUsd !== undefined) {
    return cost.moved ? `${usd(cost.afterUsd)} (${usdDelta(cost.afterUsd - cost.beforeUsd)})` : usd(cost.afterUsd);
  }
  if (cost.afterUsd !== undefined) return `${usd(cost.afterUsd)} (new)`;
  return `was ${usd(cost.beforeUsd ?? 0)}`;
}

const STATUS_NOTE: { readonly [status in StackDiff["status"]]: string } = {
  added: " (new)",
  removed: " (removed)",
  failed: " (does not plan)",
  changed: "",
  unchanged: "",
};

function overviewTable(diffs: readonly StackDiff[]): string[] {
  const changed = diffs.filter((d) => d.status !== "unchanged");
  const rows = changed.map((d) => {
    const mark = d.blocking ? "🛑 " : "";
    const counts =
      d.status === "failed"
        ? "| — | — | — | —"
        : `| ${d.counts.create} | ${d.counts.update} | ${d.counts.replace} | ${d.counts.delete}`;
    return `| ${mark}${code(d.stack)}${STATUS_NOTE[d.status]} ${counts} | ${costCell(d.cost)} |`;
  });
  const lines = [
    "| stack | + create | ~ update | ± replace | − delete | cost / month |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
  ];
  const unchanged = diffs.filter((d) => d.status === "unchanged");
  if (unchanged.length > 0)
    lines.push(
      `Unchanged (${plural(unchanged.length, "stack")}, plan exactly as before): ` +
        `${unchanged.map((d) => code(d.stack)).join(", ")}.`,
      "",
    );
  return lines;
}

function addedStackLines(diff: StackDiff): string[] {
  const byType = new Map<string, number>();
  for (const change of diff.changes) byType.set(change.type, (byType.get(change.type) ?? 0) + 1);
  const sorted = [...byType.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const types = sorted.map(([type, n]) => `- ${n} × ${code(type)}`);
  const note = diff.planErrors.base !== undefined ? " (it did not plan at the base)" : "";
  return [`New stack${note}: ${plural(diff.changes.length, "resource")} to create.`, "", ...types, ""];
}

function stackSection(diff: StackDiff): string[] {
  if (diff.status === "removed") {
    return [
      `### ${code(diff.stack)} — removed`,
      "",
      `The stack is no longer planned (${plural(diff.resourcesBefore, "resource")} before). ` +
        "Removing a stack's config destroys nothing; run `pulumi destroy` deliberately if that is the intent.",
      "",
    ];
  }
  if (diff.status === "failed") {
    return [`### ${code(diff.stack)} — does not plan`, "", ...fencedError(diff.planErrors.head ?? ""), ""];
  }
  const lines = [`### ${code(diff.stack)} — ${countsText(diff.counts)}`, ""];
  // Blocking hazards are listed, with their facts and override hint, in the Blocking section.
  const blocked = diff.hazards.filter((h) => h.blocking).length;
  const allowed = diff.hazards.filter((h) => !h.blocking);
  if (diff.hazards.length > 0) {
    lines.push("**Hazards**", "");
    if (blocked > 0) lines.push(`- 🛑 ${plural(blocked, "blocking hazard")}: see Blocking above.`);
    lines.push(...allowed.flatMap((h) => hazardLines(h, undefined, "")), "");
  }
  const { introduced, resolved } = diff.findings;
  if (introduced.length + resolved.length > 0) {
    lines.push("**Policy findings**", "");
    lines.push(...introduced.map((f) => `- ${findingLine(f, isBlocking(f) ? "🛑 new" : "🆕 new")}`));
    lines.push(...resolved.map((f) => `- ${findingLine(f, "✅ resolved")}`), "");
  }
  if (diff.cost && diff.status !== "added") lines.push(...costLines(diff.cost, diff.environment));
  if (diff.outputs.length > 0) lines.push("**Outputs**", "", ...diff.outputs.flatMap((o) => propertyLines(o, "")), "");
  if (diff.status === "added") return [...lines, ...addedStackLines(diff)];
  if (diff.aliased.length > 0) {
    lines.push(
      `**Renamed with \`aliases\`** (${plural(diff.aliased.length, "resource")}, ` +
        "the same resources: nothing is replaced)",
      "",
    );
    lines.push(
      "<details><summary>old → new</summary>",
      "",
      ...diff.aliased.map((a) => `- ${code(a.from)} → ${code(a.to)}`),
      "",
      "</details>",
      "",
    );
  }
  if (diff.changes.length > 0) {
    lines.push("**Resources**", "");
    for (const action of ACTION_ORDER)
      for (const change of diff.changes.filter((c) => c.action === action)) lines.push(...resourceLines(change));
    lines.push("");
  }
  return lines;
}

function fencedError(error: string): string[] {
  const lines = error.split("\n").map((line) => line.replace(/`{3,}/g, "``"));
  return ["```text", ...lines, "```"];
}

/** The whole review, trimmed to `maxChars`. Deterministic: stacks sorted by name. */
export function renderReview(diffs: readonly StackDiff[], options: ReviewOptions = {}): string {
  const overridesFile = options.overridesFile ?? DEFAULT_OVERRIDES_FILE;
  const sorted = [...diffs].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  const lines = [REVIEW_MARKER, "## Plan review", "", summaryLine(sorted), ""];
  if (sorted.some((d) => d.status !== "unchanged")) {
    lines.push(...blockingSection(sorted, overridesFile), ...overviewTable(sorted), ...costChart(sorted));
    for (const diff of sorted.filter((d) => d.status !== "unchanged")) lines.push(...stackSection(diff));
  }
  const used = new Set(sorted.flatMap((d) => d.overridesUsed));
  const unused = (options.overrides ?? []).filter((o) => !used.has(overrideKey(o.rule, o.id)));
  if (unused.length > 0) {
    lines.push(
      `Overrides in ${code(overridesFile)} that allow nothing in this change ` +
        "(remove them once their change is deployed):",
      "",
    );
    lines.push(...unused.map((o) => `- ${o.rule} ${code(o.id)}`), "");
  }
  return trimReview(`${lines.join("\n").trimEnd()}\n`, options.maxChars ?? MAX_REVIEW_CHARS);
}
