import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { STACK_SCHEMA_FILE, stackFileJsonSchemaText } from "../../infra/config/json-schema";
import { catalogMachineTypes } from "../../infra/config/machine-types";
import { CATALOG } from "../../policies/pricing/catalog";
import { listStacks } from "../../infra/plan/stack-file";
import { ROOT } from "../helpers/cli";

const stacksDir = join(ROOT, "stacks");
const committed = readFileSync(join(ROOT, STACK_SCHEMA_FILE), "utf8");

describe("the stack files' JSON Schema", () => {
  it("is committed as generated from the zod schema (npm run config-schema)", () => {
    expect(committed).toBe(stackFileJsonSchemaText());
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(committed) as object);

  it.each(listStacks(stacksDir))("%s: names the schema for editors and validates against it", (stack) => {
    const text = readFileSync(join(stacksDir, `Pulumi.${stack}.yaml`), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./stack-config.schema.json");
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("flags what an editor can see: a misspelt key, a wrong type, a bad pattern; accepts CLI text forms", () => {
    const stack = parse(readFileSync(join(stacksDir, "Pulumi.oss-prod.yaml"), "utf8")) as {
      config: Record<string, Record<string, unknown>>;
    };
    const edited = (edit: (config: Record<string, Record<string, unknown>>) => void) => {
      const copy = structuredClone(stack);
      edit(copy.config);
      return validate(copy);
    };
    const lake = (config: Record<string, Record<string, unknown>>) =>
      config["batch-platform:lake"] as { zones: { landing: Record<string, unknown> }; minio: Record<string, unknown> };
    expect(edited((c) => (lake(c).zones.landing.retentoinDays = 3))).toBe(false);
    expect(edited((c) => (lake(c).zones.landing.versioning = "yes"))).toBe(false);
    expect(edited((c) => (c["batch-platform:namePrefix"] = "Acme-BP" as never))).toBe(false);
    expect(edited((c) => (c["batch-platfrom:region"] = "x" as never))).toBe(false);
    // What `pulumi config set --path` writes is accepted: text for numbers, numbers for CPU.
    expect(edited((c) => (lake(c).zones.landing.retentionDays = "30"))).toBe(true);
    expect(edited((c) => (lake(c).minio.cpu = 2))).toBe(true);
    expect(edited((c) => (lake(c).zones.landing.versioning = "false"))).toBe(true);
  });
});

describe("machine types per cloud", () => {
  it("come from the price catalog, split by the vendor's price page", () => {
    const gcp = catalogMachineTypes("gcp");
    const azure = catalogMachineTypes("azure");
    expect(gcp).toContain("n2-standard-8");
    expect(azure).toContain("Standard_D4s_v5");
    expect([...gcp, ...azure].sort()).toEqual(Object.keys(CATALOG.vm).sort());
    expect(gcp.some((type) => azure.includes(type))).toBe(false);
  });
});
