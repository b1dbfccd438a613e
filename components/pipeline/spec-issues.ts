import type { z } from "zod";
import { joinPath } from "./batch-pipeline-spec";

/** How a received value is shown in a problem line: strings quoted, objects summarised. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return String(value);
}

/**
 * One line per zod issue, `<path>: got <value>; expected <what is allowed>`, so a user sees the
 * key path, what they wrote and how to fix it without reading zod's own wording.
 */
export function formatSpecIssues(issues: readonly z.core.$ZodIssue[], root: string): string[] {
  return issues.map((issue) => {
    const where = joinPath(root, issue.path);
    const got = `got ${describeValue(issue.input)}`;
    switch (issue.code) {
      case "invalid_value":
        return `${where}: ${got}; expected one of ${issue.values.map(String).join(", ")}`;
      case "unrecognized_keys":
        return issue.keys.map((key) => `${joinPath(where, [key])}: unknown key; remove it or check its spelling`).join("\n");
      case "invalid_type":
        return issue.input === undefined
          ? `${where}: missing; expected ${issue.expected}`
          : `${where}: ${got}; expected ${issue.expected}`;
      case "invalid_key":
        return `${where}: got key ${describeValue(issue.input)}; expected ${issue.issues.map((i) => i.message).join(", ")}`;
      case "invalid_union":
        return `${where}: ${got}; expected ${issue.errors
          .flat()
          .map((i) => i.message)
          .join(" or ")}`;
      default:
        return `${where}: ${got}; expected ${issue.message}`;
    }
  }).flatMap((line) => line.split("\n"));
}
