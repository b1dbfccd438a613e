// vitest globalSetup of the "plans" project: `npm run plan -- --all` once, before any test file
// runs, into plan/ (as `npm run plan` writes it). The plan test files read these documents instead
// of each planning the nine stacks again in their own process.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runPlanCli } from "./cli";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the globalSetup wrote `<stack>.json` for every stack in stacks/. */
    sharedPlansDir: string;
  }
}

export const SHARED_PLANS_DIR = join(ROOT, "plan");

/** The part of vitest's TestProject a globalSetup uses (vitest/node is ESM-only for type imports here). */
interface ProvidingProject {
  provide(key: "sharedPlansDir", value: string): void;
}

export default async function planEveryStackOnce(project: ProvidingProject): Promise<void> {
  rmSync(SHARED_PLANS_DIR, { recursive: true, force: true }); // no stale plan may pass for a fresh one
  const run = await runPlanCli(["--all", "--out", SHARED_PLANS_DIR]);
  process.stdout.write(run.stdout);
  // A stack that does not plan clean fails the whole run, as `npm run plan -- --all` would.
  if (run.status !== 0) throw new Error(`npm run plan -- --all exited ${run.status}\n${run.stderr}`);
  project.provide("sharedPlansDir", SHARED_PLANS_DIR);
}
