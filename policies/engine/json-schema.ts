import type { PolicyConfigJSONSchema, PolicyConfigJSONSchemaDefinition } from "@pulumi/policy/schema";

/**
 * The subset of JSON Schema the rules' config schemas use (type, minimum, items, properties,
 * additionalProperties, required, minItems), so an offline run rejects a config file the
 * Pulumi CLI would reject. Returns `path: problem` lines.
 */
export function schemaProblems(value: unknown, schema: PolicyConfigJSONSchemaDefinition, path: string): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const problems: string[] = [];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((type) => hasType(value, type))) {
    return [`${path}: got ${JSON.stringify(value)}; expected ${types.join(" or ")}`];
  }
  if (typeof value === "number") problems.push(...numberProblems(value, schema, path));
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${path}: expected at least ${schema.minItems} item(s)`);
    if (schema.items !== undefined && !Array.isArray(schema.items)) {
      const items = schema.items;
      value.forEach((item, index) => problems.push(...schemaProblems(item, items, `${path}[${index}]`)));
    }
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in object)) problems.push(`${path}.${key}: required`);
    }
    for (const [key, inner] of Object.entries(object)) {
      const propertySchema = schema.properties?.[key] ?? schema.additionalProperties;
      if (propertySchema !== undefined) problems.push(...schemaProblems(inner, propertySchema, `${path}.${key}`));
    }
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

function numberProblems(value: number, schema: PolicyConfigJSONSchema, path: string): string[] {
  if (schema.minimum !== undefined && value < schema.minimum) return [`${path}: got ${value}; expected >= ${schema.minimum}`];
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return [`${path}: got ${value}; expected > ${schema.exclusiveMinimum}`];
  if (schema.maximum !== undefined && value > schema.maximum) return [`${path}: got ${value}; expected <= ${schema.maximum}`];
  return [];
}
