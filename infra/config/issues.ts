import type { z } from "zod";
import { didYouMean } from "../../components/pipeline/spec-issues";
import { keyPath, valueAt, type KeyPath } from "./keys";

/** What a problem line shows instead of a value that came from a `secure:` key. */
export const SECRET_MASK = "[secret]";

/** Which top-level keys (without namespace) hold secrets: their values are never shown. */
export interface ProblemContext {
  readonly secretKeys: ReadonlySet<string>;
}

/** A value as a problem line shows it: JSON on one line (newlines escaped), long ones cut. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `<key path>: got <value>; expected <what is allowed>`, the value masked under a secret key. */
export function problemLine(context: ProblemContext, path: KeyPath, value: unknown, expected: string): string {
  const secret = context.secretKeys.has(String(path[0]));
  const shown = secret && value !== undefined ? SECRET_MASK : showValue(value);
  return `${keyPath(path)}: got ${shown}; expected ${expected}`;
}

/**
 * The "expected …" wording of zod's own issues, as a per-parse error map: a schema's own `error`
 * text takes precedence, so every issue's `message` is the second half of a problem line.
 */
export function expectedText(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "int" ? "an integer" : String(issue.expected);
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "number")
        return `${Number.isInteger(minimum) ? "an integer" : "a number"} >= ${issue.minimum}`;
      return `at least ${issue.minimum} ${issue.origin === "string" ? "characters" : "items"}`;
    }
    case "too_big":
      return issue.origin === "number"
        ? `at most ${issue.maximum}`
        : `at most ${issue.maximum} ${issue.origin === "string" ? "characters" : "items"}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue
        ? `a value matching ${String(issue.pattern)}`
        : String(issue.format);
    case "invalid_union":
      return "one of the allowed forms";
    default:
      return issue.message ?? "a valid value";
  }
}

/** Keys renamed upstream: the old path (without namespace) → what replaced it and why. */
const RENAMED_KEYS: Readonly<Record<string, string>> = {
  "oss.airflow.webserver": "oss.airflow.apiServer (Airflow 3 serves the UI and API from the API server)",
};

/** `did you mean "x"? ` or nothing. */
export function hint(suggestion: string | undefined, suffix = ""): string {
  return suggestion === undefined ? "" : `did you mean "${suggestion}${suffix}"? `;
}

/** Keys an object schema allows at a path (to list them for an unknown key). */
export type AllowedKeys = (path: KeyPath) => readonly string[];

/** Problem lines for zod issues: key path, value (masked if secret), what is allowed; "did you mean" for typos. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  context: ProblemContext,
  allowedKeys: AllowedKeys,
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeys(issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const secret = context.secretKeys.has(String(path[0]));
        const got = secret ? SECRET_MASK : showValue(valueAt(input, path));
        const renamed = RENAMED_KEYS[path.join(".")];
        const suggestion = renamed === undefined ? hint(didYouMean(key, allowed)) : `renamed to ${renamed}; `;
        lines.push(`${keyPath(path)}: unknown key (got ${got}); ${suggestion}allowed keys here: ${allowed.join(", ")}`);
      }
      continue;
    }
    lines.push(problemLine(context, issue.path, valueAt(input, issue.path), issue.message));
  }
  return lines;
}
