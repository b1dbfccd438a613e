/**
 * A shallow shape check of a plan file before diffing it: enough to turn a wrong folder or a
 * truncated file into a clear error instead of a confusing diff. The plan writer owns the contract.
 */
import type { PlanDocument } from "../plan/document";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function checkPlanDocument(json: unknown, source: string): PlanDocument {
  const fail = (path: string, expected: string): never => {
    throw new Error(`${source}: ${path} must be ${expected} — is this a file written by \`npm run plan\`?`);
  };
  if (!isObject(json)) return fail("the document", "a JSON object");
  for (const key of ["stack", "variant", "environment"]) if (typeof json[key] !== "string") fail(key, "a string");
  if (!isObject(json.outputs)) fail("outputs", "an object");
  if (!Array.isArray(json.resources)) return fail("resources", "an array");
  json.resources.forEach((resource: unknown, i) => {
    if (!isObject(resource)) return fail(`resources[${i}]`, "an object");
    for (const key of ["urn", "type", "name"]) if (typeof resource[key] !== "string") fail(`resources[${i}].${key}`, "a string");
    if (!isObject(resource.inputs)) fail(`resources[${i}].inputs`, "an object");
    if (!isObject(resource.options)) fail(`resources[${i}].options`, "an object");
    return undefined;
  });
  if (!Array.isArray(json.findings)) fail("findings", "an array");
  if (json.cost !== undefined && (!isObject(json.cost) || !Array.isArray(json.cost.lines) || typeof json.cost.monthlyUsd !== "number")) {
    fail("cost", "an object with monthlyUsd and lines");
  }
  return json as unknown as PlanDocument;
}
