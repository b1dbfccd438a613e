/** Small Markdown helpers for the review: safe code spans, shortened values, money. */
import type { PlanValue } from "../plan/document";

/** Longest value printed inline; longer ones are cut with their full length noted. */
export const MAX_VALUE_CHARS = 80;

/** A code span that survives backticks and newlines inside the text. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, "⏎");
  const runs = flat.match(/`+/g) ?? [];
  const fence = "`".repeat(Math.max(0, ...runs.map((run) => run.length)) + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Plain text that cannot open HTML or break the list it is in. */
export function text(value: string, max = 300): string {
  const flat = value.replace(/\s*\r?\n\s*/g, " ").replace(/</g, "&lt;");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A value as one short line: JSON, cut at {@link MAX_VALUE_CHARS}; multi-line strings show their line count. */
export function shortValue(value: PlanValue | undefined): string {
  if (value === undefined) return "(absent)";
  const json = JSON.stringify(value);
  const notes: string[] = [];
  if (typeof value === "string" && value.includes("\n")) notes.push(`${value.split("\n").length} lines`);
  const cut = json.length > MAX_VALUE_CHARS;
  if (cut) notes.push(`${typeof value === "string" ? value.length : json.length} chars`);
  const shown = cut ? `${json.slice(0, MAX_VALUE_CHARS - 1)}…` : json;
  return notes.length > 0 ? `${shown} (${notes.join(", ")})` : shown;
}

export function usd(amount: number): string {
  return `$${Math.abs(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `+$12.30` / `−$4.00` / `±$0.00`. */
export function usdDelta(amount: number): string {
  const rounded = Math.round(amount * 100) / 100;
  const sign = rounded > 0 ? "+" : rounded < 0 ? "−" : "±";
  return `${sign}${usd(rounded)}`;
}
