import { describe, expect, it } from "vitest";
import { estimateCost } from "../../infra/plan/cost";
import type { CostEstimate, PlanDocument } from "../../infra/plan/document";
import { loadPolicyConfig } from "../../policies/engine/policy-config";
import { estimateResources } from "../../policies/pricing/estimate";
import * as f from "../fixtures/policies/resources";
import { azurePlan, gcpPlan, ossPlan, planResource } from "../fixtures/policies/plans";

function line(estimate: CostEstimate, item: string): number | undefined {
  return estimate.lines.find((l) => l.item === item)?.monthlyUsd;
}

function withResources(plan: PlanDocument, ...resources: PlanDocument["resources"]): PlanDocument {
  return { ...plan, resources: [...plan.resources, ...resources] };
}

describe("estimateCost", () => {
  const gcp = estimateCost(gcpPlan(), "prod");

  it("prices a GCP plan above zero and every line adds up to the total exactly (in cents)", () => {
    expect(gcp.monthlyUsd).toBeGreaterThan(0);
    const cents = gcp.lines.map((l) => Math.round(l.monthlyUsd * 100));
    gcp.lines.forEach((l, i) => expect(l.monthlyUsd * 100).toBeCloseTo(cents[i], 9));
    expect(cents.reduce((a, b) => a + b, 0)).toBe(Math.round(gcp.monthlyUsd * 100));
    for (const l of gcp.lines) expect(Math.round(l.quantity * l.unitUsd * 100) / 100).toBeCloseTo(l.monthlyUsd, 2);
  });

  it("is reproducible: same input, same estimate, whatever the resource order", () => {
    const again = estimateCost(gcpPlan(), "prod");
    expect(JSON.stringify(again)).toBe(JSON.stringify(gcp));
    const plan = gcpPlan();
    const shuffled = { ...plan, resources: [...plan.resources].reverse() };
    expect(estimateCost(shuffled, "prod")).toEqual(gcp);
  });

  it("prices GKE: management fee, nodes at their minimum or the usage average, spot for the batch pool, boot disks", () => {
    expect(line(gcp, "GKE cluster management fee")).toBe(73);
    expect(line(gcp, "system nodes: e2-standard-4")).toBe(107.6); // 1 node x 730 h x $0.1474
    expect(line(gcp, "system boot disks: pd-balanced")).toBe(11);
    const batch = gcpPlan().resources.filter((r) => r.type === "gcp:container/nodePool:NodePool" && r.name.includes("batch"));
    const averaged = estimateResources({ variant: "gcp", stackUrn: "urn:stack", usage: { averageNodesByPool: { batch: 3 } }, resources: batch.map((r) => ({ type: r.type, props: r.inputs, urn: r.urn, name: r.name })) });
    expect(line(averaged, "batch nodes: e2-standard-4 spot")).toBe(96.8); // 3 nodes on average x 730 h x $0.0442
  });

  it("counts GKE per-zone node counts over the zones of a regional pool", () => {
    const plan = gcpPlan();
    const perZone = planResource(plan.stack, f.withField(f.withField(f.gkeNodePool("stateful"), "name", "zonal"), "autoscaling", { minNodeCount: 1, maxNodeCount: 2 }));
    const estimate = estimateCost(withResources(plan, { ...perZone, urn: `${perZone.urn}-zonal` }), "prod");
    expect(estimate.lines.find((l) => l.item === "zonal nodes: e2-standard-4")?.quantity).toBe(3 * 730);
  });

  it("prices the lake per zone, BigQuery and Dataflow from the environment's usage assumptions", () => {
    expect(line(gcp, "GCS STANDARD storage (zone processing)")).toBe(80); // 4000 GB x $0.02
    expect(line(gcp, "BigQuery on-demand queries (all datasets)")).toBe(375); // 60 TiB x $6.25, once per stack
    const plan = gcpPlan();
    const second = planResource(plan.stack, f.withField(f.resource("gcp:bigquery/dataset:Dataset", "gold", f.bigqueryDataset().props), "datasetId", "gold"));
    const twoDatasets = estimateCost(withResources(plan, second), "prod");
    expect(twoDatasets.lines.filter((l) => l.item.startsWith("BigQuery on-demand"))).toHaveLength(1);
    expect(line(gcp, "Dataflow batch vCPU")).toBe(121);
    const dataflow = gcp.lines.filter((l) => l.item.startsWith("Dataflow"));
    expect(new Set(dataflow.map((l) => l.urn))).toEqual(new Set([expect.stringContaining("FlexTemplateJob")]));
  });

  it("prices Kubernetes objects inside a ConfigGroup: volumes and Spark job requests", () => {
    expect(line(gcp, "StatefulSet/metastore/metastore-db in workloads volumes data (x3)")).toBe(6.6); // 3 x 20 GiB pd-balanced
    expect(line(gcp, "PersistentVolumeClaim/notebook/notebooks in workloads volume")).toBe(18.7); // premium-rwo = pd-ssd
    expect(line(gcp, "SparkApplication/spark-jobs/orders-process in workloads (spark job) CPU requests")).toBe(34.77); // 5 cores x 200 h
    // Long-running workloads run on the priced node pools, so their requests are not priced again.
    expect(gcp.lines.some((l) => l.item.includes("Deployment/"))).toBe(false);
  });

  it("lists resources that cost money without a price, with the reason, instead of counting zero", () => {
    expect(gcp.notPriced).toEqual([expect.stringContaining("gcp:kms/cryptoKey:CryptoKey::lake-key")]);
    expect(gcp.assumptions.notPricedReasons).toEqual({ [gcp.notPriced[0]]: ["no price in the catalog for gcp:kms/cryptoKey:CryptoKey"] });
    const plan = gcpPlan();
    const odd = planResource(plan.stack, f.withField(f.withField(f.gkeNodePool("system"), "name", "odd"), "nodeConfig.machineType", "c3-standard-4"));
    const multiRegion = planResource(plan.stack, f.withField(f.withField(f.gcsBucket("curated"), "location", "EU"), "name", "acme-eu-curated"));
    const estimate = estimateCost(withResources(plan, { ...odd, urn: `${odd.urn}-odd` }, { ...multiRegion, urn: `${multiRegion.urn}-eu` }), "prod");
    expect(estimate.notPriced).toEqual(expect.arrayContaining([`${odd.urn}-odd`, `${multiRegion.urn}-eu`]));
    expect((estimate.assumptions.notPricedReasons as Record<string, string[]>)[`${odd.urn}-odd`]).toEqual(["odd: no price for machine type c3-standard-4"]);
  });

  it("prints its assumptions: hours, regions, catalog date, the environment's usage, notes", () => {
    expect(gcp.assumptions).toMatchObject({ hoursPerMonth: 730, currency: "USD", priceRegions: { gcp: "europe-west1", azure: "westeurope" }, catalogDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(gcp.assumptions.usage).toEqual(JSON.parse(JSON.stringify(loadPolicyConfig("prod").usage)));
    expect((gcp.assumptions.notes as string[]).length).toBeGreaterThan(3);
  });

  it("prices Azure: AKS tier fee, agent pools with OS disks, ADLS by redundancy, Databricks DBUs and VMs, Synapse", () => {
    const azure = estimateCost(azurePlan(), "prod");
    expect(line(azure, "AKS control plane (Standard tier)")).toBe(73);
    expect(line(azure, "system nodes: Standard_D4s_v5")).toBe(167.9);
    expect(line(azure, "system OS disks: managed premium SSD")).toBe(20.22); // 128 GB x $0.158
    expect(line(azure, "ADLS/Blob Hot ZRS storage (zone landing)")).toBe(24.5); // 1000 GB x $0.0245
    expect(line(azure, "Databricks jobs compute (premium)")).toBe(900);
    expect(line(azure, "Databricks cluster VMs: Standard_D8s_v5 spot")).toBe(184);
    expect(line(azure, "Synapse dedicated SQL pool DW100c")).toBe(1102.3); // 730 h x $1.51
    expect(azure.notPriced).toEqual([]);
  });

  it("prices OSS: the node pools the stack exports, MinIO volumes from chart values", () => {
    const nodePools = {
      system: { machineType: "2vcpu-8gb", minNodes: 1, maxNodes: 1, spot: false, hourlyUsd: 0.1 },
      stateful: { machineType: "4vcpu-16gb", minNodes: 2, maxNodes: 3, spot: false, hourlyUsd: 0.19 },
      batch: { machineType: "4vcpu-16gb", minNodes: 0, maxNodes: 2, spot: true, hourlyUsd: 0.06 },
    };
    const oss = estimateCost({ ...ossPlan(), outputs: { nodePools } }, "dev");
    expect(line(oss, "system nodes (oss): 2vcpu-8gb")).toBe(73);
    expect(line(oss, "stateful nodes (oss): 4vcpu-16gb")).toBe(277.4); // 2 x 730 h x $0.19
    expect(line(oss, "batch nodes (oss): 4vcpu-16gb spot") ?? 0).toBe(0); // scales from zero; jobs are priced per run
    expect(line(oss, "chart minio: persistence volumes (x8)")).toBe(88); // 4 servers x 2 drives x 100 GiB x $0.11
    expect(oss.lines.filter((l) => l.item.includes("(oss)")).every((l) => l.urn === ossPlan().resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn)).toBe(true);
    expect(oss.assumptions.computePricing).toMatch(/^node pools/);
  });

  it("prices workload requests instead when an OSS cluster's node pools are not given (shared cluster)", () => {
    const plan = ossPlan();
    const estimate = estimateResources({ variant: "oss", stackUrn: "urn:stack", usage: { sparkJobHoursPerMonth: 10 }, resources: plan.resources.map((r) => ({ type: r.type, props: r.inputs, urn: r.urn, name: r.name })) });
    expect(estimate.assumptions.computePricing).toMatch(/^workload requests/);
    // MinIO: 4 servers x 250m x 730 h; the bucket job's resources are not a month-long workload.
    expect(estimate.lines.find((l) => l.item === "chart minio: resources CPU requests")?.quantity).toBe(730);
    expect(estimate.lines.some((l) => l.item.includes("makeBucketJob"))).toBe(false);
  });

  it("tolerates unknown values: an unknown machine type is not priced, an unknown count is assumed and said so", () => {
    const pool = f.withField(f.gkeNodePool("system"), "nodeConfig.machineType", "[unknown]");
    const unknownCount = f.withField(f.withField(f.gkeNodePool("stateful"), "autoscaling", undefined), "nodeCount", "[unknown]");
    const estimate = estimateResources({ variant: "gcp", stackUrn: "urn:stack", usage: {}, resources: [pool, unknownCount, f.withField(f.gcsBucket("landing"), "location", "[unknown]")] });
    expect(estimate.notPriced).toEqual([f.gcsBucket("landing").urn, pool.urn].sort());
    expect(estimate.assumptions.defaultsApplied).toEqual({ [unknownCount.urn]: ["stateful: node count unknown, 1 assumed"] });
    expect(estimate.monthlyUsd).toBeGreaterThan(0);
  });
});
