/**
 * Records test/fixtures/diff/destructive/: plans each stack of DESTRUCTIVE_CASES as committed, and
 * each case with its stack-file edits applied (in temporary copies of stacks/), through the plan
 * CLI. Run: node --import tsx test/diff/record-destructive-fixtures.ts (about a minute).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { PlanDocument } from "../../infra/plan/document";
import { DESTRUCTIVE_CASES, type DestructiveCase } from "./destructive-cases";
import { deltaOf, FIXTURES, gzipJson } from "./destructive-fixtures";

const ROOT = join(__dirname, "../..");

function plan(stacksDir: string, stacks: readonly string[], out: string): void {
  const args = ["--import", "tsx", join(ROOT, "infra/plan/cli.ts"), ...stacks.flatMap((s) => ["--stack", s]), "--stacks-dir", stacksDir, "--out", out];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  // 1 = blocking policy findings: the plan is still written.
  if (result.status !== 0 && result.status !== 1) throw new Error(`plan ${stacks.join(", ")} failed (${result.status}):\n${result.stdout}${result.stderr}`);
}

function editedStacks(edit: DestructiveCase, tmp: string): string {
  const dir = join(tmp, edit.name);
  cpSync(join(ROOT, "stacks"), dir, { recursive: true });
  const file = join(dir, `Pulumi.${edit.stack}.yaml`);
  const document = parseDocument(readFileSync(file, "utf8"));
  for (const { path, value } of edit.edits) document.setIn(["config", ...path], value);
  writeFileSync(file, document.toString());
  return dir;
}

const tmp = mkdtempSync(join(tmpdir(), "record-destructive-"));
try {
  const stacks = [...new Set(DESTRUCTIVE_CASES.map((c) => c.stack))].sort();
  plan(join(ROOT, "stacks"), stacks, join(tmp, "base"));
  mkdirSync(join(FIXTURES, "base"), { recursive: true });
  const bases = new Map<string, PlanDocument>();
  for (const stack of stacks) {
    const document = JSON.parse(readFileSync(join(tmp, "base", `${stack}.json`), "utf8")) as PlanDocument;
    bases.set(stack, document);
    writeFileSync(join(FIXTURES, "base", `${stack}.json.gz`), gzipJson(document));
  }
  for (const edit of DESTRUCTIVE_CASES) {
    const out = join(tmp, `out-${edit.name}`);
    plan(editedStacks(edit, tmp), [edit.stack], out);
    const after = JSON.parse(readFileSync(join(out, `${edit.stack}.json`), "utf8")) as PlanDocument;
    writeFileSync(join(FIXTURES, `${edit.name}.json.gz`), gzipJson(deltaOf(bases.get(edit.stack) as PlanDocument, after)));
    process.stdout.write(`recorded ${edit.name} (${edit.stack}: ${edit.change})\n`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
