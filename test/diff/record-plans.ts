/**
 * Records test/fixtures/diff/recorded/: plans the base stacks as committed, each destructive
 * case with its stack-file edits (a temporary copy of stacks/), and each pipeline case with its
 * pipeline files edited (a temporary copy of the project, node_modules linked), through the plan
 * CLI. Run: node --import tsx test/diff/record-plans.ts (about two minutes).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { PlanDocument } from "../../infra/plan/document";
import { readPlanFile } from "../../infra/plan/plan-file";
import { deltaOf, FIXTURES, gzipJson } from "./recorded-plans";
import { DESTRUCTIVE_CASES, PIPELINE_CASES, type DestructiveCase, type PipelineCase } from "./review-cases";

const ROOT = join(__dirname, "../..");
// Recorded as bases beyond the cases' stacks: every custom type in use must be in the tables.
const EXTRA_BASES = ["azure-prod"];
const PROJECT_FILES = [
  "components",
  "infra",
  "pipelines",
  "policies",
  "stacks",
  "package.json",
  "tsconfig.json",
  "Pulumi.yaml",
];

function plan(root: string, stacksDir: string, stacks: readonly string[], out: string): void {
  const args = [
    "--import",
    "tsx",
    join(root, "infra/plan/cli.ts"),
    ...stacks.flatMap((s) => ["--stack", s]),
    "--stacks-dir",
    stacksDir,
    "--out",
    out,
  ];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  // 1 = blocking policy findings: the plan is still written.
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`plan ${stacks.join(", ")} failed (${result.status}):\n${result.stdout}${result.stderr}`);
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

function editedProject(edit: PipelineCase, tmp: string): string {
  const dir = join(tmp, `project-${edit.name}`);
  for (const entry of PROJECT_FILES) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const read = (file: string) => readFileSync(join(dir, "pipelines", file), "utf8");
  for (const [file, edit_] of Object.entries(edit.files)) {
    const path = join(dir, "pipelines", file);
    writeFileSync(path, edit_(existsSync(path) ? read(file) : undefined, read));
  }
  return dir;
}

function readPlan(dir: string, stack: string): PlanDocument {
  return readPlanFile(join(dir, `${stack}.json`));
}

const tmp = mkdtempSync(join(tmpdir(), "record-plans-"));
try {
  const stacks = [...new Set([...DESTRUCTIVE_CASES, ...PIPELINE_CASES].map((c) => c.stack).concat(EXTRA_BASES))].sort();
  plan(ROOT, join(ROOT, "stacks"), stacks, join(tmp, "base"));
  mkdirSync(join(FIXTURES, "base"), { recursive: true });
  const bases = new Map(stacks.map((stack) => [stack, readPlan(join(tmp, "base"), stack)]));
  for (const [stack, document] of bases) writeFileSync(join(FIXTURES, "base", `${stack}.json.gz`), gzipJson(document));
  const record = (name: string, stack: string, out: string, change: string) => {
    writeFileSync(
      join(FIXTURES, `${name}.json.gz`),
      gzipJson(deltaOf(bases.get(stack) as PlanDocument, readPlan(out, stack))),
    );
    process.stdout.write(`recorded ${name} (${stack}: ${change})\n`);
  };
  for (const edit of DESTRUCTIVE_CASES) {
    const out = join(tmp, `out-${edit.name}`);
    plan(ROOT, editedStacks(edit, tmp), [edit.stack], out);
    record(edit.name, edit.stack, out, edit.change);
  }
  for (const edit of PIPELINE_CASES) {
    const project = editedProject(edit, tmp);
    const out = join(tmp, `out-${edit.name}`);
    plan(project, join(project, "stacks"), [edit.stack], out);
    record(edit.name, edit.stack, out, edit.change);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
