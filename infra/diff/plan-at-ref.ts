/**
 * Plans for `--base`: every stack of the working tree, and of a git ref in a temporary worktree with
 * its own `npm ci`. The worktree is removed afterwards, also when planning fails or on Ctrl-C.
 * Child output goes to stderr so stdout stays the review.
 */
import { spawnSync, type StdioOptions } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readProgramFolder } from "../plan/program-folder";
import { listStacks } from "../plan/stack-file";

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
}

/** `capture`: stdout only, or stdout and stderr together (an error message, as a person would see it). */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
  capture: false | "stdout" | "both" = false,
): CommandResult {
  // `npm run diff` exports npm_* variables describing *this* package and run (and `--silent`);
  // the child npm must not inherit them.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_(package|lifecycle|config_local_prefix|config_loglevel)/i.test(key),
    ),
  );
  const stdio: StdioOptions =
    capture === "both" ? "pipe" : capture === "stdout" ? ["ignore", "pipe", 2] : ["ignore", 2, 2];
  const result = spawnSync(command, [...args], { cwd, env, encoding: "utf8", stdio, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}`);
  return { status: result.status, stdout: `${result.stdout ?? ""}${capture === "both" ? (result.stderr ?? "") : ""}` };
}

function git(repoRoot: string, args: readonly string[]): string {
  const result = run("git", ["-C", repoRoot, ...args], repoRoot, "stdout");
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed (exit ${result.status})`);
  return result.stdout.trim();
}

/** The top of the git checkout containing `cwd`. */
export function repoRootOf(cwd: string): string {
  return git(cwd, ["rev-parse", "--show-toplevel"]);
}

/** The commit a ref names, or undefined when it names none. */
export function resolveCommit(repoRoot: string, ref: string): string | undefined {
  const result = run(
    "git",
    ["-C", repoRoot, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`],
    repoRoot,
    "stdout",
  );
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Stack → why it did not plan: the stacks of a checkout that `npm run plan -- --all` wrote no plan for. */
export type PlanFailures = ReadonlyMap<string, string>;

/** The error a stack's plan prints, from planning it alone (only for stacks `--all` did not write). */
function planError(checkout: string, stack: string, program: readonly string[]): string {
  const scratch = mkdtempSync(join(tmpdir(), "batch-platform-diff-error-"));
  try {
    const args = ["run", "--silent", "plan", "--", ...program, "--stack", stack, "--out", scratch];
    const result = run("npm", args, checkout, "both");
    const text = result.stdout.trim();
    return text === "" ? `npm run plan exited with ${result.status} and printed nothing` : text;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `npm run plan -- --all --out outDir` in `checkout`. Exit 1 (blocking findings) still wrote the
 * plans; a stack without a plan file afterwards failed to plan, and its error is returned.
 */
export function runPlan(checkout: string, outDir: string, what: string, programDir?: string): PlanFailures {
  const program = programDir === undefined ? [] : ["--program", programDir];
  const result = run("npm", ["run", "--silent", "plan", "--", ...program, "--all", "--out", outDir], checkout);
  const stacksDir = programDir === undefined ? join(checkout, "stacks") : readProgramFolder(join(checkout, programDir)).stacksDir;
  const stacks = listStacks(stacksDir);
  const written = new Set(
    existsSync(outDir)
      ? readdirSync(outDir)
          .filter((file) => file.endsWith(".json"))
          .map((file) => file.slice(0, -5))
      : [],
  );
  const failures = new Map<string, string>();
  for (const stack of stacks.filter((s) => !written.has(s))) failures.set(stack, planError(checkout, stack, program));
  if (stacks.length === 0)
    throw new Error(
      `planning ${what} failed: no stack files in ${stacksDir} (npm run plan exit ${result.status})`,
    );
  return failures;
}

/** Plan every stack at `commit` into `outDir`, in a temporary worktree that is always removed. */
export function planAtCommit(
  repoRoot: string,
  commit: string,
  outDir: string,
  options: { readonly reuseNodeModules: boolean; readonly program?: string },
): PlanFailures {
  const tmp = mkdtempSync(join(tmpdir(), "batch-platform-diff-base-"));
  const worktree = join(tmp, "checkout");
  const linkedModules = join(worktree, "node_modules");
  let linked = false;
  const cleanup = (): void => {
    // Unlink first: removing the worktree must never walk into the shared node_modules.
    if (linked) unlinkSync(linkedModules);
    linked = false;
    run("git", ["-C", repoRoot, "worktree", "remove", "--force", worktree], repoRoot, "stdout");
    rmSync(tmp, { recursive: true, force: true });
    run("git", ["-C", repoRoot, "worktree", "prune"], repoRoot, "stdout");
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    git(repoRoot, ["worktree", "add", "--detach", worktree, commit]);
    const lock = (dir: string): string | undefined =>
      existsSync(join(dir, "package-lock.json")) ? readFileSync(join(dir, "package-lock.json"), "utf8") : undefined;
    const sameLock = lock(repoRoot) !== undefined && lock(repoRoot) === lock(worktree);
    if (options.reuseNodeModules && sameLock && existsSync(join(repoRoot, "node_modules"))) {
      symlinkSync(join(repoRoot, "node_modules"), linkedModules, "dir");
      linked = true;
    } else {
      const install = run("npm", ["ci", "--no-audit", "--no-fund"], worktree);
      if (install.status !== 0) throw new Error(`npm ci at ${commit.slice(0, 12)} failed (exit ${install.status})`);
    }
    return runPlan(worktree, outDir, `the base ${commit.slice(0, 12)}`, options.program);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    cleanup();
  }
}
