import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runPlanCli } from "../helpers/cli";

const EXAMPLES = join(ROOT, "examples");
const examples = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** A module specifier in an import or export declaration, a dynamic import or a require. */
const SPECIFIER =
  /(?:^\s*(?:import|export)\b[^;]*?\bfrom\s*|^\s*import\s*|(?<![.\w$])(?:import|require)\s*\(\s*)"([^"]+)"/gm;

/** Every module an example's TypeScript imports. */
function importsOf(dir: string): string[] {
  return readdirSync(join(EXAMPLES, dir))
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => [...readFileSync(join(EXAMPLES, dir, file), "utf8").matchAll(SPECIFIER)].map((m) => m[1]!));
}

/**
 * Whether Node resolves a module from an example. `node16` resolution (`npm run typecheck`) follows
 * the same package `exports` rules, so a subpath Node refuses is one tsc refuses too.
 */
function resolves(specifier: string): boolean {
  try {
    createRequire(join(EXAMPLES, "gcp-minimal", "index.ts")).resolve(specifier);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return false;
    throw error;
  }
}

describe("examples (composed programs using only the public API)", () => {
  it("are there: a GCP and an OSS composition", () => {
    expect(examples).toEqual(["gcp-minimal", "oss-existing-cluster"]);
  });

  it.each(examples)("%s imports only the package entry and Pulumi SDKs", (example) => {
    const imports = importsOf(example);
    expect(imports).toContain("batch-platform");
    expect(imports.filter((m) => m !== "batch-platform" && !m.startsWith("@pulumi/"))).toEqual([]);
  });

  it("cannot reach an internal module through the package: only its entry is exported", () => {
    expect(resolves("batch-platform")).toBe(true);
    expect(resolves("batch-platform/components/lake/minio-chart-values")).toBe(false);
    expect(resolves("batch-platform/components/index")).toBe(false);
  });

  it.each(examples)("%s plans offline with exit 0 (npm run plan -- --program examples/%s)", async (example) => {
    const run = await runPlanCli([
      "--program",
      join("examples", example),
      "--out",
      join(ROOT, "plan", "examples", example),
    ]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/batch-platform:pipeline:BatchPipeline/);
    expect(run.stdout).toMatch(/plan written to .*dev\.json/);
  });
});
