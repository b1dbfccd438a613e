/**
 * Multi-line values (DAG files, scripts, configs) compared line by line with the `diff` library,
 * as unified hunks with context — a reviewer sees the changed line, not two cut-off prefixes.
 */
import { structuredPatch } from "diff";
import type { PlanValue } from "../plan/document";
import type { TextChange } from "./types";

/** Lines of unchanged context around each change. */
export const CONTEXT_LINES = 3;

/** True for a value worth a line diff: a string with a line break. */
export function isMultiLine(value: PlanValue | undefined): value is string {
  return typeof value === "string" && value.includes("\n");
}

function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** The line diff of two texts; undefined when equal. */
export function diffText(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const patch = structuredPatch("before", "after", before, after, undefined, undefined, { context: CONTEXT_LINES });
  const hunks: string[] = [];
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    hunks.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      if (line.startsWith("\\")) continue; // "\ No newline at end of file": noise in a review
      if (line.startsWith("+")) added++;
      else if (line.startsWith("-")) removed++;
      hunks.push(line);
    }
  }
  return { linesBefore: lineCount(before), linesAfter: lineCount(after), added, removed, hunks };
}
