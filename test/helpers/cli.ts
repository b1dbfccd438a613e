import { spawn } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "../..");

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node --import tsx <script> <args>` from the repo root, asynchronously: a synchronous spawn
 * would block the test worker's event loop for the whole run, and on a loaded machine vitest's
 * worker RPC times out (`Timeout calling "onTaskUpdate"`) while it waits.
 */
export function runTsScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, script), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (status) =>
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
  });
}

/** Runs `npm run plan -- <args>` the way a user does (node with the tsx loader), from the repo root. */
export function runPlanCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return runTsScript("infra/plan/cli.ts", args, env);
}
