/**
 * Safe readers for resource properties. Properties arrive as untyped JSON (or, in a real preview,
 * behind `@pulumi/policy`'s unknown-checking proxy, which throws when an unknown is read), so every
 * rule reads through these instead of casting.
 */

/** A JSON-like object. */
export type Props = Readonly<Record<string, unknown>>;

/** The plan's marker for a preview unknown (see `infra/plan/document.ts`). */
export const UNKNOWN_MARKER = "[unknown]";
/** The plan's marker for a masked secret. */
export const SECRET_MARKER = "[secret]";

export function isRecord(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a dotted path (`a.b.c`); undefined when any step is missing or not an object. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split(".")) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function record(value: unknown): Props {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function records(value: unknown): readonly Props[] {
  return list(value).filter(isRecord);
}

/** A string that is a real value (not the plan's unknown or secret marker). */
export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== UNKNOWN_MARKER && value !== SECRET_MARKER ? value : undefined;
}

/** A finite number, also from a numeric string (Kubernetes and Helm values often quote numbers). */
export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?[0-9]+(\.[0-9]+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** String-valued entries of a map (labels, tags, node selectors). */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [key, inner] of Object.entries(record(value))) {
    if (typeof inner === "string") out[key] = inner;
    else if (typeof inner === "number" || typeof inner === "boolean") out[key] = String(inner);
  }
  return out;
}

/** Short JSON of a value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
