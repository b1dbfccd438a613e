import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parsePolicyConfig, POLICY_CONFIG_DIR } from "../../policies/engine/policy-config";
import { assessPlan } from "../../infra/plan/assess";
import { estimateCost } from "../../infra/plan/cost";
import type { PlanDocument } from "../../infra/plan/document";
import { exitCodeOf } from "../../infra/plan/plan-one";
import { evaluatePolicies } from "../../infra/plan/policies";
import { planStack } from "../../infra/plan/run-stack";
import { ROOT } from "../helpers/cli";
import { sharedPlan } from "../helpers/plans";

/** Plans a copy of a real stack file with one edit, then assesses it as `npm run plan` does. */
async function planEdited(stack: string, edit: (text: string) => string): Promise<PlanDocument> {
  const dir = mkdtempSync(join(tmpdir(), "bp-stacks-"));
  const original = readFileSync(join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8");
  const edited = edit(original);
  expect(edited).not.toBe(original);
  writeFileSync(join(dir, `Pulumi.${stack}.yaml`), edited);
  return assessPlan(await planStack(stack, { stacksDir: dir }));
}

describe("policy gates on changed stacks", () => {
  let gcpDev: PlanDocument;
  beforeAll(() => {
    gcpDev = sharedPlan("gcp-dev");
  });

  it("blocks gcp-prod moved to a region outside the allowed list", async () => {
    const moved = await planEdited("gcp-prod", (text) => text.replace(/europe-west4/g, "us-central1"));
    const regions = moved.findings.filter((f) => f.source === "placement/allowed-regions");
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((f) => f.enforcement === "mandatory")).toBe(true);
    expect(regions[0].message).toMatch(/us-central1/);
    expect(exitCodeOf(moved)).toBe(1);
  });

  it("blocks a dev stack whose budget is below its estimate", () => {
    const file = join(POLICY_CONFIG_DIR, "dev.json");
    const json = JSON.parse(readFileSync(file, "utf8")) as { "monthly-budget": { maxMonthlyUsd: number } };
    const cost = estimateCost(gcpDev, "dev");
    json["monthly-budget"].maxMonthlyUsd = Math.floor(cost.monthlyUsd / 2);
    const findings = evaluatePolicies(gcpDev, "dev", cost, parsePolicyConfig(json, file, "dev"));
    const budget = findings.filter((f) => f.source === "cost/monthly-budget");
    expect(budget).toHaveLength(1);
    expect(budget[0]).toMatchObject({ enforcement: "mandatory" });
    expect(budget[0].message).toContain(`exceeds the budget of $${json["monthly-budget"].maxMonthlyUsd.toFixed(2)}/month`);
    expect(exitCodeOf({ ...gcpDev, findings })).toBe(1);
  });

  it("estimates every stack above zero with lines that add up to the total", () => {
    const cost = gcpDev.cost!;
    expect(cost.monthlyUsd).toBeGreaterThan(0);
    const sum = cost.lines.reduce((total, line) => total + line.monthlyUsd, 0);
    expect(Math.round(sum * 100)).toBe(Math.round(cost.monthlyUsd * 100));
  });
});

describe("policy gates on a changed SparkApplication", () => {
  it("blocks an oss-prod executor without the spot toleration (the template beside the DAG)", async () => {
    const plan = await planStack("oss-prod", { stacksDir: join(ROOT, "stacks") });
    const clean = await assessPlan(plan);
    expect(clean.findings.filter((f) => f.source === "placement/batch-workloads-on-spot")).toEqual([]);
    // Edit one template the way a careless change would: the executors lose their toleration.
    const edited = JSON.parse(JSON.stringify(plan)) as PlanDocument & { resources: { inputs: { objs?: { kind: string; data?: Record<string, string> }[] } }[] };
    let changed = 0;
    for (const resource of edited.resources) {
      for (const obj of resource.inputs.objs ?? []) {
        const file = obj.kind === "ConfigMap" ? Object.keys(obj.data ?? {}).find((name) => name === "orders_process.yaml") : undefined;
        if (!file || !obj.data) continue;
        const app = parse(obj.data[file]) as { spec: { executor: { tolerations?: unknown[] } } };
        delete app.spec.executor.tolerations;
        obj.data[file] = stringify(app);
        changed++;
      }
    }
    expect(changed).toBe(1);
    const assessed = await assessPlan(edited);
    const findings = assessed.findings.filter((f) => f.source === "placement/batch-workloads-on-spot");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ enforcement: "mandatory" });
    expect(findings[0].message).toMatch(/orders-process/);
    expect(exitCodeOf(assessed)).toBe(1);
  });
});
