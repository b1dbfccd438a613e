/**
 * `npm run diff`: compare plans and print the PR review. All I/O of the review lives here (and in
 * plan-at-ref.ts for `--base`); everything it calls is pure.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseDiffArgs, USAGE, UsageError, type DiffArgs } from "./args";
import { diffPlans, type PlanErrors } from "./diff-plans";
import { EXIT_USAGE, reviewExitCode } from "./exit-code";
import { renderJson } from "./json-output";
import { DEFAULT_OVERRIDES_FILE, parseOverrides, type ReviewOverride } from "./overrides";
import { planAtCommit, repoRootOf, resolveCommit, runPlan, type PlanFailures } from "./plan-at-ref";
import { indexPlanBytes } from "./plan-text-index";
import { renderReview } from "./render-review";
import type { IndexedPlan } from "./resource-table";
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

/** Plan documents of a folder, keyed by stack, each indexed (resources parsed only when they differ). */
export function readPlanFolder(dir: string): Map<string, IndexedPlan> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`not a folder: ${dir}`);
  const plans = new Map<string, IndexedPlan>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const path = join(dir, file);
    const plan = indexPlanBytes(readFileSync(path), path);
    if (plans.has(plan.stack)) throw new Error(`${path}: stack ${plan.stack} appears twice in ${dir}`);
    if (plan.stack !== basename(file, ".json"))
      throw new Error(`${path}: holds stack "${plan.stack}"; plan files are named <stack>.json`);
    plans.set(plan.stack, plan);
  }
  if (plans.size === 0) throw new Error(`no plan documents (*.json) in ${dir}`);
  return plans;
}

function readOverrides(file: string | undefined, root: string): { overrides: ReviewOverride[]; file: string } {
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

interface PlanSets {
  readonly before: ReadonlyMap<string, IndexedPlan>;
  readonly after: ReadonlyMap<string, IndexedPlan>;
  readonly failures?: { readonly head: PlanFailures; readonly base: PlanFailures };
}

/** Diff two sets of plans stack by stack (stacks on one side only are added/removed/failed). */
export function diffPlanSets(sets: PlanSets, overrides: readonly ReviewOverride[]): StackDiff[] {
  const { before, after } = sets;
  const head = sets.failures?.head ?? new Map<string, string>();
  const base = sets.failures?.base ?? new Map<string, string>();
  const stacks = [...new Set([...before.keys(), ...after.keys(), ...head.keys()])].sort();
  return stacks.map((stack) => {
    const errors: PlanErrors = {
      ...(head.has(stack) ? { head: head.get(stack) } : {}),
      ...(base.has(stack) ? { base: base.get(stack) } : {}),
    };
    // A stack that fails at the head still needs a name to report under.
    const named = before.get(stack) ??
      after.get(stack) ?? {
        stack,
        variant: "",
        environment: stack.split("-").pop() ?? "",
        outputs: {},
        findings: [],
        resources: [],
      };
    return diffPlans(before.get(stack) ?? (after.has(stack) ? undefined : named), after.get(stack), overrides, errors);
  });
}

function plansForBase(args: Extract<DiffArgs, { mode: "base" }>, io: CliIo): PlanSets {
  const root = repoRootOf(io.cwd);
  const commit = resolveCommit(root, args.base);
  if (commit === undefined)
    throw new UsageError(
      `--base ${args.base}: not a commit in this repository (fetch it first, e.g. git fetch origin)`,
    );
  const tmp = mkdtempSync(join(tmpdir(), "batch-platform-diff-"));
  try {
    // The working tree first: a broken working tree shows fast, before the slow npm ci.
    io.stderr(`diff: planning the working tree…\n`);
    const head = runPlan(root, join(tmp, "after"), "the working tree", args.program);
    io.stderr(`diff: planning ${args.base} (${commit.slice(0, 12)}) in a temporary worktree…\n`);
    const base = planAtCommit(root, commit, join(tmp, "before"), { reuseNodeModules: args.reuseNodeModules, program: args.program });
    const read = (dir: string) =>
      existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".json"))
        ? readPlanFolder(dir)
        : new Map<string, IndexedPlan>();
    return { before: read(join(tmp, "before")), after: read(join(tmp, "after")), failures: { head, base } };
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
    const sets =
      args.mode === "dirs"
        ? { before: readPlanFolder(resolve(io.cwd, args.from)), after: readPlanFolder(resolve(io.cwd, args.to)) }
        : plansForBase(args, io);
    const diffs = diffPlanSets(sets, overrides);
    if (args.out !== undefined)
      writeFileSync(resolve(io.cwd, args.out), renderReview(diffs, { overrides, overridesFile: file }));
    // The terminal / job log gets the untrimmed review.
    io.stdout(
      args.json
        ? renderJson(diffs)
        : renderReview(diffs, { overrides, overridesFile: file, maxChars: Number.POSITIVE_INFINITY }),
    );
    return reviewExitCode(diffs);
  } catch (error) {
    const usage = error instanceof UsageError ? `\n\n${USAGE}` : "";
    io.stderr(`diff: ${(error as Error).message}${usage}\n`);
    return EXIT_USAGE;
  }
}

// Run when executed (tsx infra/diff/cli.ts), not when imported by tests.
if (typeof require !== "undefined" && require.main === module) process.exitCode = main(process.argv.slice(2));
