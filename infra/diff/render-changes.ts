/**
 * One resource change as Markdown: the header line, changed paths old → new, multi-line values as
 * collapsible unified diffs, `dependsOn` gains and losses, run-time templates.
 */
import { code, shortValue } from "./markdown";
import type { ChangeAction, PropertyChange, ResourceChange, TextChange } from "./types";

const SYMBOL: { readonly [action in ChangeAction]: string } = {
  create: "+",
  update: "~",
  replace: "±",
  delete: "−",
};
// Per resource: enough to review, short enough to keep the comment readable.
const MAX_PROPERTIES = 30;
/** Longest line diff printed per value; the JSON output has all of it. */
export const MAX_DIFF_LINES = 80;

/** The last URN segment (the logical name) — enough to find a resource in a list. */
export function urnName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function fenced(lines: readonly string[], language: string): string[] {
  const runs = lines.join("\n").match(/`{3,}/g) ?? [];
  const fence = "`".repeat(Math.max(3, ...runs.map((run) => run.length + 1)));
  return [`${fence}${language}`, ...lines, fence];
}

/** A line diff: the count of changed lines in the item, the hunks folded in `<details>`. */
function textLines(change: PropertyChange, text: TextChange, indent: string): string[] {
  const replace = change.forcesReplacement ? " — **forces replacement**" : "";
  const counts = `+${text.added} −${text.removed} lines (${text.linesBefore} → ${text.linesAfter} lines)`;
  const head = `${indent}- ${code(change.path)}: ${counts}${replace}`;
  const inner = `${indent}  `;
  const shown = text.hunks.slice(0, MAX_DIFF_LINES);
  if (text.hunks.length > MAX_DIFF_LINES)
    shown.push(`… ${text.hunks.length - MAX_DIFF_LINES} more diff lines (npm run diff -- --json has them all)`);
  return [
    head,
    "",
    `${inner}<details><summary>line diff of ${code(change.path)}</summary>`,
    "",
    ...fenced(shown, "diff").map((line) => `${inner}${line}`),
    "",
    `${inner}</details>`,
    "",
  ];
}

export function propertyLines(change: PropertyChange, indent: string): string[] {
  if (change.text) return textLines(change, change.text, indent);
  const replace = change.forcesReplacement ? " — **forces replacement**" : "";
  return [
    `${indent}- ${code(change.path)}: ${code(shortValue(change.before))} → ` +
      `${code(shortValue(change.after))}${replace}`,
  ];
}

export function resourceLines(change: ResourceChange): string[] {
  const reasons =
    change.replaceReasons.length > 0 ? ` — replacement forced by: ${change.replaceReasons.join(", ")}` : "";
  const alias = change.aliasOf !== undefined ? ` — same resource, aliased from ${code(urnName(change.aliasOf))}` : "";
  const lines = [
    `- ${SYMBOL[change.action]} **${change.action}** ${code(change.type)} ${code(change.name)}${reasons}${alias}`,
  ];
  const properties = [...change.options.map((o) => ({ ...o, path: `options.${o.path}` })), ...change.properties];
  for (const property of properties.slice(0, MAX_PROPERTIES)) lines.push(...propertyLines(property, "  "));
  if (properties.length > MAX_PROPERTIES)
    lines.push(`  - … and ${properties.length - MAX_PROPERTIES} more changed paths`);
  if (change.dependsOn) {
    const listed = [
      ...change.dependsOn.added.map((urn) => `+ ${code(urnName(urn))}`),
      ...change.dependsOn.removed.map((urn) => `− ${code(urnName(urn))}`),
    ];
    lines.push(`  - \`options.dependsOn\`: ${listed.join(", ")}`);
  }
  if (change.runtimeTemplates.length > 0) {
    lines.push("  - run-time templates (applied by the workload when the DAG runs, not by Pulumi):");
    for (const template of change.runtimeTemplates) {
      lines.push(
        `    - ${SYMBOL[template.action]} ${template.action} ${code(template.object)} (${code(template.file)})`,
      );
    }
  }
  return lines;
}
