/**
 * A shallow shape check of a plan file before diffing it: enough to turn a wrong folder or a
 * truncated file into a clear error instead of a confusing diff. The plan writer owns the contract.
 */
import type { PlanDocument, PlanResource } from "../plan/document";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(source: string, path: string, expected: string): never {
  throw new Error(`${source}: ${path} must be ${expected} — is this a file written by \`npm run plan\`?`);
}

/** Checks one entry of `resources`; `where` is its path for the message (`resources[3]`). */
export function checkPlanResource(resource: unknown, source: string, where: string): PlanResource {
  if (!isObject(resource)) return fail(source, where, "an object");
  for (const key of ["urn", "type", "name"])
    if (typeof resource[key] !== "string") fail(source, `${where}.${key}`, "a string");
  if (!isObject(resource.inputs)) fail(source, `${where}.inputs`, "an object");
  if (!isObject(resource.options)) fail(source, `${where}.options`, "an object");
  return resource as unknown as PlanResource;
}

/** Checks everything but the resources (which may be checked one by one, as they are read). */
export function checkPlanHeader(
  json: unknown,
  source: string,
): Omit<PlanDocument, "resources"> & { readonly resources: unknown; readonly texts?: { readonly [key: string]: string } } {
  if (!isObject(json)) return fail(source, "the document", "a JSON object");
  for (const key of ["stack", "variant", "environment"])
    if (typeof json[key] !== "string") fail(source, key, "a string");
  if (!isObject(json.outputs)) fail(source, "outputs", "an object");
  if (!Array.isArray(json.resources)) fail(source, "resources", "an array");
  if (!Array.isArray(json.findings)) fail(source, "findings", "an array");
  const texts = json.texts;
  if (texts !== undefined && (!isObject(texts) || Object.values(texts).some((text) => typeof text !== "string"))) {
    fail(source, "texts", "an object of strings");
  }
  const cost = json.cost;
  if (cost !== undefined && (!isObject(cost) || !Array.isArray(cost.lines) || typeof cost.monthlyUsd !== "number")) {
    fail(source, "cost", "an object with monthlyUsd and lines");
  }
  return json as unknown as Omit<PlanDocument, "resources"> & {
    readonly resources: unknown;
    readonly texts?: { readonly [key: string]: string };
  };
}

export function checkPlanDocument(json: unknown, source: string): PlanDocument {
  const header = checkPlanHeader(json, source);
  (header.resources as unknown[]).forEach((resource, i) => checkPlanResource(resource, source, `resources[${i}]`));
  return header as unknown as PlanDocument;
}
