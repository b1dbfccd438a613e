import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assessPlan } from "../../infra/plan/assess";
import { canonicalJson } from "../../infra/plan/canonical-json";
import { shareTexts } from "../../infra/plan/shared-texts";
import type { PlanDocument } from "../../infra/plan/document";
import { exitCodeOf } from "../../infra/plan/plan-one";
import { planStack } from "../../infra/plan/run-stack";
import { listStacks, secretPlaceholder } from "../../infra/plan/stack-file";
import { ROOT } from "../helpers/cli";
import { sharedPlan, sharedPlanFile } from "../helpers/plans";
import { retainCustomResourceDefinitions } from "../../components/k8s/retained-crds";

const stacksDir = join(ROOT, "stacks");
const LAKE_TYPES: Record<string, string> = { oss: "batch-platform:lake:MinioLake", gcp: "batch-platform:lake:GcsLake", azure: "batch-platform:lake:AdlsLake" };
const URI_SCHEME: Record<string, string> = { oss: "s3a://", gcp: "gs://", azure: "abfss://" };

describe("planning the nine stacks (npm run plan -- --all, once for the suite)", () => {
  const first = new Map<string, PlanDocument>();
  beforeAll(() => {
    for (const stack of listStacks(stacksDir)) first.set(stack, sharedPlan(stack));
  });

  it("finds the nine stack files", () => {
    expect([...first.keys()]).toEqual(["azure-dev", "azure-prod", "azure-staging", "gcp-dev", "gcp-prod", "gcp-staging", "oss-dev", "oss-prod", "oss-staging"]);
  });

  it("plans every stack without a blocking finding, with its lake and lakeZones", () => {
    for (const [stack, document] of first) {
      expect(exitCodeOf(document), `${stack}: ${JSON.stringify(document.findings)}`).toBe(0);
      expect(document.variant).toBe(stack.split("-")[0]);
      expect(document.environment).toBe(stack.split("-")[1]);
      expect(document.resources.some((r) => r.type === LAKE_TYPES[document.variant]), stack).toBe(true);
      const zones = document.outputs.lakeZones as Record<string, string>;
      expect(Object.keys(zones).sort()).toEqual(["curated", "landing", "processing"]);
      for (const uri of Object.values(zones)) expect(uri.startsWith(URI_SCHEME[document.variant])).toBe(true);
    }
  });

  it("records options: protect and retainOnDelete on data in prod only", () => {
    const lakeResources = (stack: string, type: string) => first.get(stack)!.resources.filter((r) => r.type === type && r.parent?.includes("Lake::"));
    const cases: [string, string, number][] = [["gcp", "gcp:storage/bucket:Bucket", 3], ["azure", "azure-native:storage:BlobContainer", 3], ["azure", "azure-native:storage:StorageAccount", 1], ["oss", "kubernetes:helm.sh/v4:Chart", 1]];
    for (const [variant, type, count] of cases) {
      const prod = lakeResources(`${variant}-prod`, type);
      expect(prod, `${variant}-prod ${type}`).toHaveLength(count);
      for (const resource of prod) expect(resource.options, resource.urn).toMatchObject({ protect: true, retainOnDelete: true });
      const dev = lakeResources(`${variant}-dev`, type);
      expect(dev, `${variant}-dev ${type}`).toHaveLength(count);
      for (const resource of dev) expect(resource.options, resource.urn).toMatchObject({ protect: false, retainOnDelete: false });
    }
  });

  it("retains the CRDs of the operator charts that do not mark them kept, in every environment", () => {
    for (const stack of ["oss-dev", "oss-prod"]) {
      const charts = first.get(stack)!.resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart");
      const transformsOf = (chart: string) => charts.find((r) => r.inputs.chart === chart)?.options.transforms;
      for (const chart of ["strimzi-kafka-operator", "spark-operator"]) {
        expect(transformsOf(chart), `${stack} ${chart}`).toEqual([retainCustomResourceDefinitions.name]);
      }
      // cert-manager (crds.keep) and CloudNativePG mark theirs; Chart v4 keeps them without help.
      expect(transformsOf("cloudnative-pg"), stack).toBeUndefined();
    }
  });

  it("records parents and providers", () => {
    const oss = first.get("oss-dev")!;
    const chart = oss.resources.find((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === "minio")!;
    expect(chart.parent).toMatch(/batch-platform:lake:MinioLake::lake$/);
    const secret = oss.resources.find((r) => r.type === "kubernetes:core/v1:Secret")!;
    expect(secret.options.provider).toMatch(/pulumi:providers:kubernetes::cluster$/);
  });

  // Nine plans in one process: the azure stacks (AKS, Databricks, Synapse) made it longer than the default budget.
  it("is byte-identical when planned again, here in one process, one stack after another", async () => {
    for (const stack of first.keys()) {
      const again = canonicalJson(shareTexts(await assessPlan(await planStack(stack, { stacksDir }))));
      expect(again, stack).toBe(readFileSync(sharedPlanFile(stack), "utf8"));
    }
  }, 180_000);

  it("estimates every stack's monthly cost above zero, reproducibly, with lines that add up to the total", async () => {
    for (const [stack, document] of first) {
      const cost = (await assessPlan(document)).cost!;
      expect(cost.monthlyUsd, stack).toBeGreaterThan(0);
      const cents = cost.lines.reduce((total, line) => total + Math.round(line.monthlyUsd * 100), 0);
      expect(cents, stack).toBe(Math.round(cost.monthlyUsd * 100));
      expect((await assessPlan(document)).cost, stack).toEqual(cost);
      expect(cost.assumptions.hoursPerMonth).toBe(730);
    }
  });

  it("never carries a secret config value, only the mask", () => {
    const text = readFileSync(join(stacksDir, "Pulumi.oss-prod.yaml"), "utf8");
    expect(text).toMatch(/batch-platform:kubeconfig:\s+secure:/);
    const json = canonicalJson(first.get("oss-prod"));
    expect(json).not.toContain(secretPlaceholder("batch-platform:kubeconfig"));
    expect(json).not.toMatch(/plan-random-/);
    const provider = first.get("oss-prod")!.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.inputs.kubeconfig).toBe("[secret]");
  });
});
