import { join } from "node:path";
import { inject } from "vitest";
import type { PlanDocument } from "../../infra/plan/document";
import { readPlanFile } from "../../infra/plan/plan-file";

/** The file `npm run plan -- --all` wrote for a stack in the "plans" project's globalSetup. */
export function sharedPlanFile(stack: string): string {
  const dir = inject("sharedPlansDir");
  if (dir === undefined)
    throw new Error('no shared plans: list this test file under the "plans" project in vitest.config.mts');
  return join(dir, `${stack}.json`);
}

/** The planned and assessed document of a stack in stacks/, as `npm run plan` wrote it. */
export function sharedPlan(stack: string): PlanDocument {
  return readPlanFile(sharedPlanFile(stack));
}
