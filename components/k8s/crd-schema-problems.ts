import type { z } from "zod";

/** `spec.driver.env[0].name` from a zod issue path. */
function at(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}

/**
 * Every problem of a custom resource against a strict schema of the CRD fields the project uses,
 * one line each (`[]` when valid). An unknown field is reported as such: the API server would prune
 * it silently. `resource` names the kind and version in messages, e.g. `SparkApplication v1beta2`.
 */
export function crdSchemaProblems(schema: z.ZodType, resource: string, obj: unknown): string[] {
  const result = schema.safeParse(obj, { reportInput: true });
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
    const where = at(issue.path);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${where ? `${where}.` : ""}${key}: not a field of ${resource}; the API server would silently prune it`);
    }
    if (issue.code === "invalid_value") {
      return [`${where}: got ${JSON.stringify(issue.input)}; expected one of ${issue.values.map(String).join(", ")}`];
    }
    const got = issue.input === undefined ? "missing" : `got ${JSON.stringify(issue.input)}`;
    return [`${where || "(root)"}: ${got}; expected ${issue.code === "invalid_type" ? issue.expected : issue.message}`];
  });
}
