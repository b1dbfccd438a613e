/**
 * `npm run diff`: compare plans and print the PR review. All I/O of the review lives here (and in
 * plan-at-ref.ts for `--base`); everything it calls is pure.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { PlanDocument } from "../plan/document";
import { parseDiffArgs, USAGE, UsageError, type DiffArgs } from "./args";
import { diffPlans } from "./diff-plans";
import { EXIT_USAGE, reviewExitCode } from "./exit-code";
import { DEFAULT_OVERRIDES_FILE, parseOverrides, type DataLossOverride } from "./overrides";
import { checkPlanDocument } from "./plan-document-check";
import { planAtCommit, repoRootOf, resolveCommit, runPlan } from "./plan-at-ref";
import { renderReview } from "./render-review";
import type { StackDiff } from "./types";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Relative paths are resolved against it. */
  readonly cwd: string;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

/** Plan documents of a folder, keyed by stack. */
export function readPlanFolder(dir: string): Map<string, PlanDocument> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`not a folder: ${dir}`);
  const plans = new Map<string, PlanDocument>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const path = join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
    }
    const plan = checkPlanDocument(json, path);
    if (plans.has(plan.stack)) throw new Error(`${path}: stack ${plan.stack} appears twice in ${dir}`);
    if (plan.stack !== basename(file, ".json")) throw new Error(`${path}: holds stack "${plan.stack}"; plan files are named <stack>.json`);
    plans.set(plan.stack, plan);
  }
  if (plans.size === 0) throw new Error(`no plan documents (*.json) in ${dir}`);
  return plans;
}

function readOverrides(file: string | undefined, root: string): { overrides: DataLossOverride[]; file: string } {
  const path = resolve(root, file ?? DEFAULT_OVERRIDES_FILE);
  if (!existsSync(path)) {
    if (file !== undefined) throw new Error(`override file not found: ${path}`);
    return { overrides: [], file: DEFAULT_OVERRIDES_FILE };
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return { overrides: parseOverrides(json, path), file: file ?? DEFAULT_OVERRIDES_FILE };
}

/** Diff two sets of plans stack by stack (stacks on one side only are added/removed). */
export function diffPlanSets(before: ReadonlyMap<string, PlanDocument>, after: ReadonlyMap<string, PlanDocument>, overrides: readonly DataLossOverride[]): StackDiff[] {
  const stacks = [...new Set([...before.keys(), ...after.keys()])].sort();
  return stacks.map((stack) => diffPlans(before.get(stack), after.get(stack), overrides));
}

function plansForBase(args: Extract<DiffArgs, { mode: "base" }>, io: CliIo): { before: Map<string, PlanDocument>; after: Map<string, PlanDocument> } {
  const root = repoRootOf(io.cwd);
  const commit = resolveCommit(root, args.base);
  if (commit === undefined) throw new UsageError(`--base ${args.base}: not a commit in this repository (fetch it first, e.g. git fetch origin)`);
  const tmp = mkdtempSync(join(tmpdir(), "batch-platform-diff-"));
  try {
    // The working tree first: a broken working tree fails fast, before the slow npm ci.
    io.stderr(`diff: planning the working tree…\n`);
    runPlan(root, join(tmp, "after"), "the working tree");
    io.stderr(`diff: planning ${args.base} (${commit.slice(0, 12)}) in a temporary worktree…\n`);
    planAtCommit(root, commit, join(tmp, "before"), { reuseNodeModules: args.reuseNodeModules });
    return { before: readPlanFolder(join(tmp, "before")), after: readPlanFolder(join(tmp, "after")) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs the CLI; returns the exit code (0 ok, 1 blocking, 2 usage error or no review). */
export function main(argv: readonly string[], io: CliIo = processIo): number {
  try {
    const args = parseDiffArgs(argv);
    if (args.mode === "help") {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const { overrides, file } = readOverrides(args.overrides, io.cwd);
    const { before, after } =
      args.mode === "dirs"
        ? { before: readPlanFolder(resolve(io.cwd, args.from)), after: readPlanFolder(resolve(io.cwd, args.to)) }
        : plansForBase(args, io);
    const diffs = diffPlanSets(before, after, overrides);
    if (args.out !== undefined) writeFileSync(resolve(io.cwd, args.out), renderReview(diffs, { overrides, overridesFile: file }));
    // The terminal / job log gets the untrimmed review.
    io.stdout(renderReview(diffs, { overrides, overridesFile: file, maxChars: Number.POSITIVE_INFINITY }));
    return reviewExitCode(diffs);
  } catch (error) {
    const usage = error instanceof UsageError ? `\n\n${USAGE}` : "";
    io.stderr(`diff: ${(error as Error).message}${usage}\n`);
    return EXIT_USAGE;
  }
}

// Run when executed (tsx infra/diff/cli.ts), not when imported by tests.
if (typeof require !== "undefined" && require.main === module) process.exitCode = main(process.argv.slice(2));
