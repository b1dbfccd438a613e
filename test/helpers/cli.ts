import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "../..");

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run plan -- <args>` the way a user does (node with the tsx loader), from the repo root. */
export function runPlanCli(args: readonly string[]): CliRun {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "infra/plan/cli.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
