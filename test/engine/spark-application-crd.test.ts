import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { sparkApplicationSchema } from "../../components/engine/spark-application-schema";
import { renderSparkApplication } from "../../components/engine/spark-application";
import { metastoreProxyClient } from "../../components/metastore/metastore-proxy";
import { medallionSparkJob } from "../../components/pipeline/medallion-spark-job";
import { declaredPipelines } from "../../infra/pipelines";
import { renderedApplications } from "../fixtures/pipeline/applications";
import { ossSpark, ossZones } from "../fixtures/pipeline/spark-settings";

/**
 * Conformance with the upstream CRD (Spark Operator 2.5.2), when a copy sits beside the repo
 * (../shared/schemas/crds). The project does not ship the CRD; without it this test is skipped and
 * the hand-written strict schema (spark-application.test.ts) still guards the fields.
 */
const CRD = join(__dirname, "../../../shared/schemas/crds/sparkoperator.k8s.io_sparkapplications.yaml");
const exists = existsSync(CRD);

interface JsonSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: JsonSchema | boolean;
  readonly items?: JsonSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
  readonly "x-kubernetes-int-or-string"?: boolean;
}

/** Structural check: every emitted property path exists in the schema, with the schema's type. */
export function structuralProblems(value: unknown, schema: JsonSchema, path: string): string[] {
  const problems: string[] = [];
  if (schema["x-kubernetes-int-or-string"]) {
    if (typeof value !== "string" && !Number.isInteger(value)) problems.push(`${path}: expected int-or-string`);
    return problems;
  }
  switch (schema.type) {
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: expected object`];
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in record)) problems.push(`${path}.${key}: required by the CRD`);
      for (const [key, child] of Object.entries(record)) {
        const childSchema = schema.properties?.[key] ?? (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
        if (childSchema) problems.push(...structuralProblems(child, childSchema, `${path}.${key}`));
        else if (schema.properties !== undefined && !schema["x-kubernetes-preserve-unknown-fields"]) problems.push(`${path}.${key}: not in the CRD schema (would be pruned)`);
        // An object schema without properties (metadata) is validated by the API server itself.
      }
      return problems;
    }
    case "array":
      if (!Array.isArray(value)) return [`${path}: expected array`];
      return value.flatMap((item, i) => (schema.items ? structuralProblems(item, schema.items, `${path}[${i}]`) : []));
    case "string":
      if (typeof value !== "string") problems.push(`${path}: expected string, got ${typeof value}`);
      break;
    case "integer":
      if (!Number.isInteger(value)) problems.push(`${path}: expected integer, got ${JSON.stringify(value)}`);
      else if (schema.minimum !== undefined && (value as number) < schema.minimum) problems.push(`${path}: below the minimum ${schema.minimum}`);
      break;
    case "number":
      if (typeof value !== "number") problems.push(`${path}: expected number`);
      break;
    case "boolean":
      if (typeof value !== "boolean") problems.push(`${path}: expected boolean`);
      break;
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
  return problems;
}

function loadSchema(): JsonSchema {
  const crd = parse(readFileSync(CRD, "utf8")) as { spec: { versions: { name: string; schema: { openAPIV3Schema: JsonSchema } }[] } };
  const version = crd.spec.versions.find((v) => v.name === "v1beta2");
  if (!version) throw new Error("the CRD has no v1beta2 version");
  return version.schema.openAPIV3Schema;
}

describe("SparkApplication conformance with the upstream CRD", () => {
  it.skipIf(!exists)("every rendered application fits the CRD's structural schema", () => {
    const schema = loadSchema();
    for (const app of renderedApplications()) {
      expect(structuralProblems(JSON.parse(JSON.stringify(app)), schema, app.metadata.name)).toEqual([]);
    }
  });

  it.skipIf(!exists)("so does one with the driver's metastore proxy (a restartPolicy on an init container)", () => {
    const client = { namespace: "spark-jobs", workload: "spark-driver" };
    const metastoreProxy = metastoreProxyClient(client, ossSpark.hiveMetastoreUri!, true);
    const platformCa = { secretName: "batch-platform-ca", lake: true };
    const stage = { stage: "process", landingUri: "s3a://landing/_inflight/x/" } as const;
    const settings = { ...ossSpark, metastoreProxy, platformCa };
    const job = medallionSparkJob(declaredPipelines[0]!, settings, ossZones, stage, "{{ run_id }}");
    const app = renderSparkApplication(job);
    expect(app.spec.driver.initContainers?.map((c) => c.name)).toEqual(["jvm-truststore", "metastore-proxy"]);
    expect(structuralProblems(JSON.parse(JSON.stringify(app)), loadSchema(), app.metadata.name)).toEqual([]);
  });

  it.skipIf(!exists)("the walk catches a field the CRD does not define", () => {
    const [app] = renderedApplications();
    const broken = { ...app, spec: { ...app.spec, executor: { ...app.spec.executor, tolerration: [] } } };
    expect(structuralProblems(broken, loadSchema(), "app")).toEqual(["app.spec.executor.tolerration: not in the CRD schema (would be pruned)"]);
  });

  it.skipIf(!exists)("the hand-written strict schema only admits fields the CRD defines, with its types", () => {
    const problems: string[] = [];
    walkZod(sparkApplicationSchema, loadSchema(), "", problems);
    expect(problems).toEqual([]);
    // …and the walk does notice a field the CRD lacks, or a wrong type.
    const bogus = z.strictObject({ spec: z.strictObject({ executor: z.strictObject({ tolerration: z.array(z.string()), cores: z.string() }) }) });
    const found: string[] = [];
    walkZod(bogus, loadSchema(), "", found);
    expect(found).toEqual([".spec.executor.tolerration: not in the CRD", ".spec.executor.cores: zod string, CRD integer"]);
  });
});

interface ZodNode {
  readonly _zod: { readonly def: { readonly type: string; readonly shape?: Record<string, ZodNode>; readonly innerType?: ZodNode; readonly element?: ZodNode; readonly valueType?: ZodNode } };
}

const ZOD_TO_CRD: Readonly<Record<string, string>> = { object: "object", array: "array", record: "object", string: "string", enum: "string", literal: "string", number: "integer", boolean: "boolean" };

/** Walks the zod schema beside the CRD schema: every key must exist there, with a matching type. */
function walkZod(node: ZodNode, crd: JsonSchema, path: string, problems: string[]): void {
  const def = node._zod.def;
  if (def.type === "optional" && def.innerType) return walkZod(def.innerType, crd, path, problems);
  const expected = ZOD_TO_CRD[def.type];
  if (expected && crd.type && crd.type !== expected && !(expected === "integer" && crd.type === "number")) {
    problems.push(`${path || "(root)"}: zod ${def.type}, CRD ${crd.type}`);
  }
  if (def.type === "object" && def.shape) {
    for (const [key, child] of Object.entries(def.shape)) {
      const childCrd = crd.properties?.[key];
      if (childCrd === undefined) {
        // metadata is `type: object` without properties in the CRD: the API server owns ObjectMeta.
        if (crd.properties !== undefined) problems.push(`${path}.${key}: not in the CRD`);
        continue;
      }
      walkZod(child, childCrd, `${path}.${key}`, problems);
    }
  } else if (def.type === "array" && def.element && crd.items) {
    walkZod(def.element, crd.items, `${path}[]`, problems);
  } else if (def.type === "record" && def.valueType && typeof crd.additionalProperties === "object") {
    walkZod(def.valueType, crd.additionalProperties, `${path}{}`, problems);
  }
}
