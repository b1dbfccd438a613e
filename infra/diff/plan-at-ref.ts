/**
 * Plans for `--base`: every stack of the working tree, and of a git ref in a temporary worktree with
 * its own `npm ci`. The worktree is removed afterwards, also when planning fails or on Ctrl-C.
 * Child output goes to stderr so stdout stays the review.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
}

function run(command: string, args: readonly string[], cwd: string, capture = false): CommandResult {
  // `npm run diff` exports npm_* variables describing *this* package and run (and `--silent`); the child npm must not inherit them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(package|lifecycle|config_local_prefix|config_loglevel)/i.test(key)));
  const result = spawnSync(command, [...args], { cwd, env, encoding: "utf8", stdio: ["ignore", capture ? "pipe" : 2, 2] });
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout ?? "" };
}

function git(repoRoot: string, args: readonly string[]): string {
  const result = run("git", ["-C", repoRoot, ...args], repoRoot, true);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed (exit ${result.status})`);
  return result.stdout.trim();
}

/** The top of the git checkout containing `cwd`. */
export function repoRootOf(cwd: string): string {
  return git(cwd, ["rev-parse", "--show-toplevel"]);
}

/** The commit a ref names, or undefined when it names none. */
export function resolveCommit(repoRoot: string, ref: string): string | undefined {
  const result = run("git", ["-C", repoRoot, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`], repoRoot, true);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** `npm run plan -- --all --out outDir` in `checkout`. Exit 1 (blocking findings) still wrote the plans. */
export function runPlan(checkout: string, outDir: string, what: string): void {
  const result = run("npm", ["run", "--silent", "plan", "--", "--all", "--out", outDir], checkout);
  const written = existsSync(outDir) ? readdirSync(outDir).filter((file) => file.endsWith(".json")) : [];
  if ((result.status !== 0 && result.status !== 1) || written.length === 0) {
    throw new Error(`planning ${what} failed (npm run plan exit ${result.status}, ${written.length} plan files written)`);
  }
}

/** Plan every stack at `commit` into `outDir`, in a temporary worktree that is always removed. */
export function planAtCommit(repoRoot: string, commit: string, outDir: string, options: { readonly reuseNodeModules: boolean }): void {
  const tmp = mkdtempSync(join(tmpdir(), "batch-platform-diff-base-"));
  const worktree = join(tmp, "checkout");
  const linkedModules = join(worktree, "node_modules");
  let linked = false;
  const cleanup = (): void => {
    // Unlink first: removing the worktree must never walk into the shared node_modules.
    if (linked) unlinkSync(linkedModules);
    linked = false;
    run("git", ["-C", repoRoot, "worktree", "remove", "--force", worktree], repoRoot, true);
    rmSync(tmp, { recursive: true, force: true });
    run("git", ["-C", repoRoot, "worktree", "prune"], repoRoot, true);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    git(repoRoot, ["worktree", "add", "--detach", worktree, commit]);
    const lock = (dir: string): string | undefined => (existsSync(join(dir, "package-lock.json")) ? readFileSync(join(dir, "package-lock.json"), "utf8") : undefined);
    const sameLock = lock(repoRoot) !== undefined && lock(repoRoot) === lock(worktree);
    if (options.reuseNodeModules && sameLock && existsSync(join(repoRoot, "node_modules"))) {
      symlinkSync(join(repoRoot, "node_modules"), linkedModules, "dir");
      linked = true;
    } else {
      const install = run("npm", ["ci", "--no-audit", "--no-fund"], worktree);
      if (install.status !== 0) throw new Error(`npm ci at ${commit.slice(0, 12)} failed (exit ${install.status})`);
    }
    runPlan(worktree, outDir, `the base ${commit.slice(0, 12)}`);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    cleanup();
  }
}
