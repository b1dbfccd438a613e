import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../infra/config";
import { pipelinesNotEnabledNote } from "../../infra/pipelines";
import { ROOT } from "../helpers/cli";

interface ProjectFile {
  readonly runtime: { readonly name: string; readonly options: Record<string, unknown> };
  readonly main: string;
  readonly stackConfigDir: string;
  readonly config: Record<string, { readonly type: string; readonly default?: unknown }>;
}

const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")) as ProjectFile;

describe("Pulumi.yaml", () => {
  it("loads the program the way npm run plan does: tsx, no ts-node type-check at start", () => {
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: false, nodeargs: "--import tsx" } });
    expect(project.main).toBe("infra/index.ts");
    expect(project.stackConfigDir).toBe("stacks");
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.plan).toBe(
      "node --import tsx infra/plan/cli.ts",
    );
  });

  // A declared key without a default is required in every stack.
  it("declares only the required scalar keys, without defaults", () => {
    const required = Object.entries(configSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([key]) => key);
    expect(Object.keys(project.config).every((key) => required.includes(key))).toBe(true);
    expect(Object.keys(project.config).sort()).toEqual(["environment", "namePrefix", "region", "variant"]);
    for (const declaration of Object.values(project.config)) {
      expect(declaration.type).toBe("string");
      expect(declaration.default).toBeUndefined();
    }
  });
});

describe("the plan's note on pipelines a stack does not run", () => {
  it("names the declared pipelines left out of batch-platform:pipelines, and nothing when all run", () => {
    expect(pipelinesNotEnabledNote({ "batch-platform:pipelines": JSON.stringify(["orders"]) })).toBe(
      'note: pipeline "card-transactions" is declared in pipelines/ ' +
        "but not enabled in this stack (batch-platform:pipelines)",
    );
    expect(pipelinesNotEnabledNote({ "batch-platform:pipelines": JSON.stringify([]) })).toMatch(
      /pipeline "card-transactions", "orders" are declared/,
    );
    expect(
      pipelinesNotEnabledNote({ "batch-platform:pipelines": JSON.stringify(["card-transactions", "orders"]) }),
    ).toBeUndefined();
    expect(pipelinesNotEnabledNote({})).toBeUndefined();
  });
});
