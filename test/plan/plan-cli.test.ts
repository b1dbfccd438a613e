import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runPlanCli } from "../helpers/cli";

const validStack = readFileSync(join(ROOT, "stacks/Pulumi.oss-dev.yaml"), "utf8");

/** A stacks folder with one stack file of the given text. */
function stacksWith(stack: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bp-stacks-"));
  writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);
  return dir;
}

describe("npm run plan (the CLI)", () => {
  it("plans oss-dev by default, prints the summary and writes the JSON", async () => {
    const out = mkdtempSync(join(tmpdir(), "bp-plan-"));
    const run = await runPlanCli(["--out", out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Plan of stack oss-dev \(oss, dev\)/);
    expect(run.stdout).toMatch(/resources by component:/);
    expect(run.stdout).toMatch(/batch-platform:lake:MinioLake/);
    expect(run.stdout).toContain(`plan written to ${join(out, "oss-dev.json")}`);
    expect(JSON.parse(readFileSync(join(out, "oss-dev.json"), "utf8")).stack).toBe("oss-dev");
  });

  it("exits 2 naming `variant` for a stack file with variant aws, without a stack trace", async () => {
    const dir = stacksWith("bad", validStack.replace("batch-platform:variant: oss", "batch-platform:variant: aws"));
    const run = await runPlanCli(["--stacks-dir", dir, "--stack", "bad", "--out", join(dir, "out")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`batch-platform:variant: got "aws"; expected one of "oss", "azure", "gcp"`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for malformed YAML, naming the file and line", async () => {
    const dir = stacksWith("broken", "config:\n  batch-platform:variant: oss\n   batch-platform:environment: [dev\n");
    const run = await runPlanCli(["--stacks-dir", dir, "--stack", "broken", "--out", join(dir, "out")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/malformed YAML/);
    expect(run.stderr).toMatch(/Pulumi\.broken\.yaml: .*line \d+/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for an unknown stack or flag, with usage", async () => {
    expect((await runPlanCli(["--stack", "aws-dev"])).status).toBe(2);
    const flag = await runPlanCli(["--everything"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/usage: npm run plan/);
  });
  // A secure kubeconfig through the CLI: test/config/secret-sentinel.test.ts.
});

describe("npm run plan with an argument a component would reject", () => {
  it("is stopped by the config check first: exit 2, no stack trace, nothing half-created", async () => {
    const dir = stacksWith("two-servers", validStack.replace("servers: 1", "servers: 2"));
    const run = await runPlanCli(["--stacks-dir", dir, "--stack", "two-servers", "--out", join(dir, "out")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("batch-platform:lake.minio.servers: got 2; expected 1 (standalone) or 4 and more");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
