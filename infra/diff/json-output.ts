/** `npm run diff -- --json`: the machine-readable review, the same data the Markdown is rendered from. */
import { canonicalJson } from "../plan/canonical-json";
import { reviewExitCode } from "./exit-code";
import type { StackDiff } from "./types";

/** Bumped when a field changes meaning or goes away (new fields do not bump it). */
export const REVIEW_JSON_VERSION = 1;

export function renderJson(diffs: readonly StackDiff[]): string {
  const stacks = [...diffs].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  return canonicalJson({ version: REVIEW_JSON_VERSION, blocking: reviewExitCode(stacks) === 1, stacks });
}
