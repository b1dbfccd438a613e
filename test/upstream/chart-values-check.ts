import Ajv, { type ValidateFunction } from "ajv";
import type { ChartFacts, Values } from "./chart-facts";
import { SECRET_MASK, UNKNOWN_VALUE } from "../../infra/plan/document";

/**
 * Checks Helm values the way the chart will meet them: every key the project sets must be in the
 * chart's `values.yaml` or read by its templates (Helm ignores any other key silently), and the
 * values merged over the chart's defaults must pass its `values.schema.json` (Helm refuses to
 * install otherwise). Subcharts get their section, checked with their own facts.
 */

function isMap(value: unknown): value is Values {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Helm's merge of user values over chart defaults: maps merge deeply, `null` deletes, others replace. */
export function coalesce(defaults: Values, overrides: Values): Values {
  const merged: Values = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete merged[key];
    else if (isMap(value) && isMap(merged[key])) merged[key] = coalesce(merged[key] as Values, value);
    else merged[key] = value;
  }
  return merged;
}

/** Every path the values set, as key segments: to each scalar, array or empty map. */
export function valuePaths(values: Values, prefix: readonly string[] = []): string[][] {
  return Object.entries(values).flatMap(([key, value]) => {
    const path = [...prefix, key];
    return isMap(value) && Object.keys(value).length > 0 ? valuePaths(value, path) : [path];
  });
}

function definedIn(defaults: Values, path: readonly string[]): boolean {
  let node: unknown = defaults;
  for (const key of path) {
    if (!isMap(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

/** Whether the chart knows a values path: in values.yaml, read by a template, or under a wholesale subtree. */
export function knowsPath(facts: ChartFacts, path: readonly string[]): boolean {
  const joined = path.join(".");
  if (facts.refs.has(joined) || definedIn(facts.defaults, path)) return true;
  if (facts.wholesale.some((subtree) => joined === subtree || joined.startsWith(`${subtree}.`))) return true;
  // An empty map the templates look into (e.g. `affinity: {}` where `affinity.nodeAffinity` is read).
  for (const ref of facts.refs) if (ref.startsWith(`${joined}.`)) return true;
  return false;
}

/** Reads the facts of a subchart folder named in a parent's `subcharts.txt`; undefined when absent. */
export type SubchartLoader = (folder: string) => ChartFacts | undefined;

/** Keys the project sets that the chart (or the subchart their section goes to) never reads. */
export function unreadKeys(values: Values, facts: ChartFacts, loadSubchart: SubchartLoader): string[] {
  const problems: string[] = [];
  for (const path of valuePaths(values)) {
    if (knowsPath(facts, path)) continue;
    const subchart = facts.subcharts.find((s) => s.key === path[0]);
    if (subchart && path[0] !== undefined) {
      const sub = loadSubchart(subchart.folder);
      if (sub === undefined)
        problems.push(`${path.join(".")}: cannot verify, no facts for subchart ${subchart.folder}`);
      else if (!knowsPath(sub, path.slice(1)))
        problems.push(`${path.join(".")}: subchart ${sub.id} neither defines nor reads ${path.slice(1).join(".")}`);
      continue;
    }
    problems.push(`${path.join(".")}: ${facts.id} neither defines it in values.yaml nor reads it in a template`);
  }
  return problems;
}

const ajv = new Ajv({ allErrors: true, strict: false });
// Kubernetes-generated schemas annotate integers with int32/int64; the type is what is checked.
ajv.addFormat("int32", true);
ajv.addFormat("int64", true);
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/);
const compiled = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    // Charts name draft-07 or the unversioned `http://json-schema.org/schema#`; both are read as draft-07.
    const { $schema: _ignored, ...body } = schema as { $schema?: string };
    validate = ajv.compile(body);
    compiled.set(schema, validate);
  }
  return validate;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isMap(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** Schema violations of values already merged over the chart's defaults; masked plan values are not judged. */
export function schemaProblems(merged: Values, schema: object): string[] {
  const validate = validatorOf(schema);
  if (validate(merged)) return [];
  return (validate.errors ?? [])
    .filter((error) => {
      const value = valueAt(merged, error.instancePath);
      return value !== SECRET_MASK && value !== UNKNOWN_VALUE;
    })
    .map(
      (error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"} ${JSON.stringify(error.params ?? {})}`,
    );
}

/** All problems of one chart's values: unread keys, the chart's schema and each enabled subchart's. */
export function chartValuesProblems(values: Values, facts: ChartFacts, loadSubchart: SubchartLoader): string[] {
  const problems = unreadKeys(values, facts, loadSubchart);
  const merged = coalesce(facts.defaults, values);
  if (facts.schema) problems.push(...schemaProblems(merged, facts.schema).map((p) => `schema of ${facts.id}: ${p}`));
  for (const subchart of facts.subcharts) {
    const enabled =
      subchart.condition === undefined || valueAt(merged, `/${subchart.condition.split(".").join("/")}`) !== false;
    const sub = enabled ? loadSubchart(subchart.folder) : undefined;
    if (!sub?.schema) continue;
    const section = isMap(merged[subchart.key]) ? (merged[subchart.key] as Values) : {};
    const subValues = coalesce(sub.defaults, {
      ...section,
      ...(isMap(merged.global) ? { global: merged.global } : {}),
    });
    problems.push(
      ...schemaProblems(subValues, sub.schema).map((p) => `schema of ${sub.id} (as ${subchart.key}): ${p}`),
    );
  }
  return problems;
}
