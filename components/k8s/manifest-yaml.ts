import { parseAllDocuments } from "yaml";
import { blockYaml } from "./block-yaml";

/** A JSON-like value as a manifest holds it. */
type ManifestValue = string | number | boolean | null | ManifestValue[] | { [key: string]: ManifestValue };

/**
 * The objects of each manifest text {@link manifestYaml} wrote, as plain data (what parsing the
 * text gives back). Templates are written once per pipeline and read back by the stack outputs and
 * the offline plan's validation; parsing thousands of them again cost seconds per plan.
 */
const written = new Map<string, readonly ManifestValue[]>();

/** A plain copy as YAML writes it: `undefined` map entries dropped, `undefined` in lists as null. */
function plainCopy(value: unknown): ManifestValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(plainCopy);
  if (typeof value === "object") {
    const out: { [key: string]: ManifestValue } = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = plainCopy(inner);
    return out;
  }
  return value as string | number | boolean;
}

/** One object as a YAML manifest (no line folding, no anchors), remembered for {@link manifestObjects}. */
export function manifestYaml(object: object): string {
  const text = blockYaml(object);
  if (!written.has(text)) written.set(text, [plainCopy(object)]);
  return text;
}

/**
 * The objects a manifest text holds (one per YAML document): those {@link manifestYaml} wrote it
 * from, else parsed. Callers must not modify them.
 */
export function manifestObjects(text: string): readonly unknown[] {
  return written.get(text) ?? parseAllDocuments(text).map((document) => document.toJS() as unknown);
}
