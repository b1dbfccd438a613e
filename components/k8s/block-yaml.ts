import { stringify } from "yaml";

/**
 * The options every manifest is written with: no line folding, no anchors for repeated objects.
 * {@link blockYaml} writes exactly what `stringify(value, YAML_OPTIONS)` writes.
 */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** A value the fast writer does not handle (multi-line text, nested lists, …): the library writes it. */
class NotPlain extends Error {}

// How the library writes each scalar and key, asked once per distinct one: the library decides
// quoting (numbers-as-text, `{{ … }}`, `: `), so the output stays byte-identical to it.
const valueTexts = new Map<string | number | boolean, string>();
const keyTexts = new Map<string, string>();

function valueText(value: string | number | boolean): string {
  let text = valueTexts.get(value);
  if (text === undefined) {
    const line = stringify({ k: value }, YAML_OPTIONS);
    if (!line.startsWith("k: ") || line.indexOf("\n") !== line.length - 1) throw new NotPlain();
    text = line.slice(3, -1);
    valueTexts.set(value, text);
  }
  return text;
}

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    const line = stringify({ [key]: 0 }, YAML_OPTIONS);
    if (!line.endsWith(": 0\n") || line.indexOf("\n") !== line.length - 1) throw new NotPlain();
    text = line.slice(0, -4);
    keyTexts.set(key, text);
  }
  return text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "string" && value.includes("\n")) throw new NotPlain();
  return valueText(value);
}

/** `value` after `key:` or `- `: on the same line when it is a scalar or empty, else below it. */
function nested(value: unknown, indent: string, out: string[]): string {
  if (isScalar(value)) return ` ${scalar(value)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return " []";
    writeList(value, `${indent}  `, out);
    return "";
  }
  if (!isPlainObject(value)) throw new NotPlain();
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return " {}";
  writeMap(entries, `${indent}  `, out);
  return "";
}

function writeMap(entries: readonly [string, unknown][], indent: string, out: string[], firstPrefix?: string): void {
  entries.forEach(([key, value], i) => {
    const at = out.length;
    out.push("");
    const prefix = i === 0 && firstPrefix !== undefined ? firstPrefix : indent;
    out[at] = `${prefix}${keyText(key)}:${nested(value, indent, out)}`;
  });
}

function writeList(items: readonly unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    if (item === undefined || Array.isArray(item)) throw new NotPlain();
    if (isScalar(item)) {
      out.push(`${indent}- ${scalar(item)}`);
      continue;
    }
    if (!isPlainObject(item)) throw new NotPlain();
    const entries = Object.entries(item).filter(([, v]) => v !== undefined);
    if (entries.length === 0) out.push(`${indent}- {}`);
    else writeMap(entries, `${indent}  `, out, `${indent}- `);
  }
}

/**
 * A plain object as block YAML, byte for byte what `stringify(object, YAML_OPTIONS)` gives, in a
 * fraction of its time: the library still decides how every distinct scalar and key is written,
 * and writes whole any object with what this writer leaves to it (multi-line text, lists of lists).
 */
export function blockYaml(object: object): string {
  if (!isPlainObject(object)) return stringify(object, YAML_OPTIONS);
  try {
    const entries = Object.entries(object).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return stringify(object, YAML_OPTIONS);
    const out: string[] = [];
    writeMap(entries, "", out);
    return `${out.join("\n")}\n`;
  } catch (error) {
    if (error instanceof NotPlain) return stringify(object, YAML_OPTIONS);
    throw error;
  }
}
