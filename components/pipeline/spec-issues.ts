import { distance } from "fastest-levenshtein";
import type { z } from "zod";

/** How a received value is shown in a problem line: strings quoted, objects summarised. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return String(value);
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return n;
}

/**
 * The candidate a misspelt name most likely meant: the closest by edit distance, ignoring case,
 * if it is close enough to be a typo (at most a third of the name's length, at least one edit),
 * else the one candidate that shares the longest start with it, if that is half the name
 * (`retention` → `retentionDays`, `dedupeOn` → `deduplicateOn`).
 */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const best = closest(lower, candidates);
  if (best !== undefined) return best;
  const prefixes = candidates.map((candidate) => commonPrefix(lower, candidate.toLowerCase()));
  const longest = Math.max(0, ...prefixes);
  const sharing = candidates.filter((_, i) => prefixes[i] === longest);
  return longest >= Math.max(4, Math.ceil(lower.length / 2)) && sharing.length === 1 ? sharing[0] : undefined;
}

function closest(lower: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(lower.length / 3)) ? best : undefined;
}

/** `["gold", "aggregates", 1, "fn"]` → `gold.aggregates[1].fn`; `[]` → `(the declaration)`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  const text = path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`),
    "",
  );
  return text === "" ? "(the declaration)" : text;
}

/** The value at a path of the declaration as written. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** zod's own issues in "expected …" words (a per-parse error map; schema `error` texts take precedence). */
export function expectedWords(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "int"
        ? "an integer"
        : issue.expected === "object"
          ? "an object"
          : issue.expected === "array"
            ? "a list"
            : String(issue.expected);
    case "invalid_value":
      return `one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
      return issue.origin === "array" ? `at least ${issue.minimum} item(s)` : `at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array" ? `at most ${issue.maximum} items` : `at most ${issue.maximum}`;
    default:
      return issue.message ?? "a valid value";
  }
}

/**
 * One line per zod issue, `<path>: got <value>; expected <what is allowed>`, so a user sees the
 * field, what they wrote and how to fix it without reading zod's own wording.
 * @param allowedKeys the keys an object allows at a path, for unknown keys
 */
export function formatSpecIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  allowedKeys: (path: readonly PropertyKey[]) => readonly string[],
): string[] {
  return issues.flatMap((issue) => {
    const got = `got ${describeValue(valueAt(input, issue.path))}`;
    const where = fieldPath(issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => {
          const allowed = allowedKeys(issue.path);
          const suggestion = didYouMean(key, allowed);
          const value = describeValue(valueAt(input, [...issue.path, key]));
          const meant = suggestion ? ` (did you mean "${suggestion}"?)` : "";
          const at = fieldPath([...issue.path, key]);
          return `${at}: got ${value}; expected no such key${meant}, one of ${allowed.join(", ")}`;
        });
      case "invalid_key": {
        const expected = issue.issues.map((i) => i.message).join(", ");
        return [`${where}: got key ${describeValue(issue.path.at(-1))}; expected ${expected}`];
      }
      case "invalid_union":
        return [`${where}: ${got}; expected ${[...new Set(issue.errors.flat().map((i) => i.message))].join(" or ")}`];
      default:
        return [`${where}: ${got}; expected ${issue.message}`];
    }
  });
}
