import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT, runPlanCli } from "../helpers/cli";

const EXAMPLES = join(ROOT, "examples");
const examples = readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** Every module an example's TypeScript imports. */
function importsOf(dir: string): string[] {
  return readdirSync(join(EXAMPLES, dir))
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(join(EXAMPLES, dir, file), "utf8"), ts.ScriptTarget.ES2022);
      return source.statements.filter(ts.isImportDeclaration).map((d) => (d.moduleSpecifier as ts.StringLiteral).text);
    });
}

/** How TypeScript (node16, as `npm run typecheck` resolves) resolves a module from an example. */
function resolves(specifier: string): boolean {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
  return ts.resolveModuleName(specifier, join(EXAMPLES, "gcp-minimal", "index.ts"), options, ts.sys).resolvedModule !== undefined;
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
    const run = await runPlanCli(["--program", join("examples", example), "--out", join(ROOT, "plan", "examples", example)]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/batch-platform:pipeline:BatchPipeline/);
    expect(run.stdout).toMatch(/plan written to .*dev\.json/);
  });
});
