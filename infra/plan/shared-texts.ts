import { createHash } from "node:crypto";
import type { PlanDocument, PlanResource, PlanValue } from "./document";

/**
 * How a plan file stores a long text (a DAG, a template, the Spark job every pipeline's ConfigMap
 * ships): once, under `texts`, and `{ "$text": "<key>" }` where it stood. A thousand pipelines
 * would otherwise write the same 31 KB job files a thousand times. Readers expand the
 * references back ({@link expandTexts}), so the document they see is the one the plan captured.
 */
export const TEXT_REFERENCE = "$text";

/** Texts shorter than this are written where they stand. */
export const SHARED_TEXT_MIN_LENGTH = 1024;

/** A plan document as its file holds it: repeated long texts once, under `texts`, by key. */
export type PlanFileDocument = PlanDocument & { readonly texts?: { readonly [key: string]: string } };

/** The key of a text: `sha256:` and the first 24 hex digits of its SHA-256 (the same text, the same key). */
function textKey(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
}

function collectTexts(value: PlanValue, keys: Map<string, string>): void {
  if (typeof value === "string") {
    if (value.length >= SHARED_TEXT_MIN_LENGTH && !keys.has(value)) keys.set(value, textKey(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collectTexts(item, keys);
  } else if (value !== null && typeof value === "object") {
    for (const key in value) collectTexts(value[key], keys);
  }
}

function replaceTexts(value: PlanValue, keys: ReadonlyMap<string, string>): PlanValue {
  if (typeof value === "string") {
    const key = keys.get(value);
    return key === undefined ? value : { [TEXT_REFERENCE]: key };
  }
  if (Array.isArray(value)) return value.map((item) => replaceTexts(item, keys));
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: PlanValue } = {};
    for (const key in value) out[key] = replaceTexts(value[key], keys);
    return out;
  }
  return value;
}

/**
 * The document as a plan file stores it: every text of at least {@link SHARED_TEXT_MIN_LENGTH}
 * characters in resources' inputs is stored once under `texts` (sorted by key) and referenced where
 * it stood — every one, repeated or not, so the same text is the same bytes in every plan and a
 * resource's entry changes exactly when its content does. Without such texts: the document as is.
 */
export function shareTexts(document: PlanDocument): PlanFileDocument {
  const keys = new Map<string, string>();
  for (const resource of document.resources) collectTexts(resource.inputs, keys);
  if (keys.size === 0) return document;
  const texts: { [key: string]: string } = {};
  for (const [text, key] of keys) texts[key] = text;
  const resources = document.resources.map((resource): PlanResource => {
    const inputs = replaceTexts(resource.inputs, keys) as PlanResource["inputs"];
    return { ...resource, inputs };
  });
  return { ...document, resources, texts };
}

function isReference(value: { readonly [key: string]: PlanValue }): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === TEXT_REFERENCE && typeof value[TEXT_REFERENCE] === "string";
}

/**
 * A value of a plan file with its text references expanded from the file's `texts`. A reference
 * to a key that is not there is an error naming it (a truncated or hand-edited file).
 */
export function expandTexts(value: PlanValue, texts: { readonly [key: string]: string }, source: string): PlanValue {
  if (Array.isArray(value)) return value.map((item) => expandTexts(item, texts, source));
  if (value === null || typeof value !== "object") return value;
  if (isReference(value)) {
    const key = value[TEXT_REFERENCE] as string;
    const text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : undefined;
    if (text === undefined) throw new Error(`${source}: ${TEXT_REFERENCE} ${JSON.stringify(key)} is not in texts`);
    return text;
  }
  const out: { [key: string]: PlanValue } = {};
  for (const key in value) out[key] = expandTexts(value[key], texts, source);
  return out;
}

/** A resource of a plan file with its text references expanded. */
export function expandResourceTexts(
  resource: PlanResource,
  texts: { readonly [key: string]: string } | undefined,
  source: string,
): PlanResource {
  if (texts === undefined) return resource;
  return { ...resource, inputs: expandTexts(resource.inputs, texts, source) as PlanResource["inputs"] };
}

/** The document a plan file holds: text references expanded, `texts` dropped. */
export function expandPlanFile(file: PlanFileDocument, source: string): PlanDocument {
  const { texts, ...document } = file;
  if (texts === undefined) return document;
  return { ...document, resources: document.resources.map((r) => expandResourceTexts(r, texts, source)) };
}
