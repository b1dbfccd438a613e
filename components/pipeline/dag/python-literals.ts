/**
 * Python source literals for generated DAG files. Every value a DAG embeds goes through these, so a
 * name or URI can never break out of its string: JSON string syntax is also valid Python.
 */

/** Python code written into the DAG as is (a constant's name, a call), not as a literal. */
export class PyCode {
  constructor(readonly code: string) {}
}

/** `code` as a Python expression. */
export function py(code: string): PyCode {
  return new PyCode(code);
}

/** A value a generated DAG may embed; {@link PyCode} only where a part writes code on purpose. */
export type PyValue = string | number | boolean | null | PyCode | readonly PyValue[] | { readonly [key: string]: PyValue };

/** A Python string literal. */
export function pyStr(value: string): string {
  return JSON.stringify(value);
}

/** A Python literal (str, int/float, bool, None, list, dict), indented from `indent` spaces. */
export function pyValue(value: PyValue, indent = 0): string {
  if (value === null) return "None";
  if (value instanceof PyCode) return value.code;
  if (typeof value === "string") return pyStr(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot embed ${value} in Python`);
    return String(value);
  }
  const pad = " ".repeat(indent + 4);
  const end = " ".repeat(indent);
  if (Array.isArray(value)) {
    const items = value as readonly PyValue[];
    if (items.length === 0) return "[]";
    return `[\n${items.map((v) => `${pad}${pyValue(v, indent + 4)},`).join("\n")}\n${end}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: PyValue });
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${pad}${pyStr(k)}: ${pyValue(v, indent + 4)},`).join("\n")}\n${end}}`;
}

/** A multi-line text as a parenthesised run of one literal per line (readable in the DAG file). */
export function pyText(text: string, indent = 0): string {
  const lines = text.split(/(?<=\n)/);
  const pad = " ".repeat(indent + 4);
  return `(\n${lines.map((line) => `${pad}${pyStr(line)}`).join("\n")}\n${" ".repeat(indent)})`;
}
