import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planStack, PlanConfigError } from "../../infra/plan/run-stack";
import { DEFAULT_BUDGETS, namespaceBudget, ossSettingsProblems, ossSettingsSchema } from "../../infra/settings/oss";
import { ROOT } from "../helpers/cli";

describe("batch-platform:oss settings", () => {
  it("default every key (dev-sized) and merge a role's budget overrides onto its defaults", () => {
    const settings = ossSettingsSchema.parse({ namespaces: { processing: { budget: { pods: 300 } } } });
    expect(settings.yugabyte.replicationFactor).toBe(1);
    expect(namespaceBudget(settings, "processing")).toEqual({ ...DEFAULT_BUDGETS.processing, pods: 300 });
    expect(namespaceBudget(settings, "lake")).toEqual(DEFAULT_BUDGETS.lake);
  });

  it("refuse a placement the Spark renderer does not use and unknown pipeline names", () => {
    const settings = ossSettingsSchema.parse({ placement: { poolLabelKey: "pool" }, pipelines: ["orders", "nope"] });
    expect(ossSettingsProblems(settings, ["orders"])).toEqual([
      'batch-platform:oss.placement.poolLabelKey: got "pool"; expected "batch-platform.io/pool" (Spark applications select pools by it)',
      'batch-platform:oss.pipelines: got ["nope"]; expected names from infra/pipelines.ts (orders)',
    ]);
  });

  it("stop the plan with exit-2 problems, naming the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stacks-"));
    copyFileSync(join(ROOT, "stacks/Pulumi.oss-dev.yaml"), join(dir, "Pulumi.oss-dev.yaml"));
    const text = readFileSync(join(dir, "Pulumi.oss-dev.yaml"), "utf8");
    writeFileSync(join(dir, "Pulumi.oss-dev.yaml"), text.replace("replicationFactor: 1", "replicationFactor: 2"));
    await expect(planStack("oss-dev", { stacksDir: dir })).rejects.toThrow(PlanConfigError);
    await expect(planStack("oss-dev", { stacksDir: dir })).rejects.toThrow(/batch-platform:oss\.yugabyte\.replicationFactor: got 2/);
  });
});
