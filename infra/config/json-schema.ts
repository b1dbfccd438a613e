import { z } from "zod";
import { CONFIG_NAMESPACE, PROVIDER_NAMESPACES } from "./keys";
import { configSchema } from "./schema";
import { ALSO_ACCEPTS } from "./values";

/** Where the generated schema is committed; stack files point editors at it. */
export const STACK_SCHEMA_FILE = "stacks/stack-config.schema.json";

/** A `secure:` value as the Pulumi CLI writes it. */
const SECURE_VALUE = {
  type: "object",
  properties: { secure: { type: "string", description: "ciphertext written by `pulumi config set --secret`" } },
  required: ["secure"],
  additionalProperties: false,
};

type JsonObject = Record<string, unknown>;

/** The other forms a leaf accepts (see ALSO_ACCEPTS) as an `anyOf`, so editors do not flag them. */
function widen(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  const alternative = ALSO_ACCEPTS.get(ctx.zodSchema);
  if (alternative === undefined) return;
  const json = ctx.jsonSchema as JsonObject;
  const { default: fallback, description, ...own } = json;
  for (const key of Object.keys(json)) delete json[key];
  Object.assign(json, {
    ...(description !== undefined ? { description } : {}),
    ...(fallback !== undefined ? { default: fallback } : {}),
    anyOf: [own, alternative],
  });
}

/**
 * The JSON Schema of a whole stack file (`stacks/Pulumi.<stack>.yaml`), generated from the zod
 * schema of `batch-platform:*` so editors validate stack files against the same rules (the parts
 * zod can express: variant-dependent rules and the price catalog are checked by the plan).
 */
export function stackFileJsonSchema(): JsonObject {
  const config = z.toJSONSchema(configSchema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
    override: widen,
  }) as JsonObject;
  const properties = config.properties as Record<string, JsonObject>;
  const keyed = (name: string) => `${CONFIG_NAMESPACE}:${name}`;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "batch-platform stack file (stacks/Pulumi.<stack>.yaml)",
    description:
      "Generated from infra/config/schema.ts by `npm run config-schema`; do not edit. " +
      "Values may also be secure: ciphertexts.",
    type: "object",
    properties: {
      config: {
        type: "object",
        properties: Object.fromEntries(
          Object.entries(properties).map(([name, schema]) => [
            keyed(name),
            { anyOf: [schema, { $ref: "#/$defs/secure" }] },
          ]),
        ),
        patternProperties: { [`^(${PROVIDER_NAMESPACES.join("|")}):`]: {} },
        required: ((config.required as string[] | undefined) ?? []).map(keyed),
        additionalProperties: false,
      },
      encryptionsalt: { type: "string" },
      encryptedkey: { type: "string" },
      secretsprovider: { type: "string" },
      environment: {},
    },
    additionalProperties: false,
    $defs: { secure: SECURE_VALUE },
  };
}

/** The committed text: two-space JSON and a final newline. */
export function stackFileJsonSchemaText(): string {
  return `${JSON.stringify(stackFileJsonSchema(), null, 2)}\n`;
}
