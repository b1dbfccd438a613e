import { describe, expect, it } from "vitest";
import { allowedMachineTypes } from "../../policies/rules/allowed-machine-types";
import { batchCapacityOnSpot } from "../../policies/rules/batch-capacity-on-spot";
import { batchPoolScalesToZero } from "../../policies/rules/batch-pool-scales-to-zero";
import { bigqueryTablePartitioning } from "../../policies/rules/bigquery-table-partitioning";
import { containerResources } from "../../policies/rules/container-resources";
import { costAllocationLabels } from "../../policies/rules/cost-allocation-labels";
import { databricksAutoTermination } from "../../policies/rules/databricks-auto-termination";
import { lakeZoneLifecycle } from "../../policies/rules/lake-zone-lifecycle";
import { maxNodeCount } from "../../policies/rules/max-node-count";
import { monthlyBudget } from "../../policies/rules/monthly-budget";
import { noLoadBalancerServices } from "../../policies/rules/no-load-balancer-services";
import { synapseSqlPoolSku } from "../../policies/rules/synapse-sql-pool-sku";
import type { CostEstimate } from "../../infra/plan/document";
import * as f from "../fixtures/policies/resources";
import { stackViolations, violations } from "./check";

const estimate = (monthlyUsd: number): CostEstimate => ({
  monthlyUsd,
  lines: [{ urn: "urn:a", item: "batch nodes: e2-standard-8", quantity: 730, unit: "node-hour", unitUsd: monthlyUsd / 730, monthlyUsd }],
  notPriced: ["urn:b"],
  assumptions: {},
});

describe("monthly-budget", () => {
  it("passes within the budget", () => {
    expect(stackViolations(monthlyBudget, [], { maxMonthlyUsd: 1500 }, estimate(1500))).toEqual([]);
  });
  it("reports the estimate, the budget, the largest lines and unpriced resources above it", () => {
    const [violation, ...rest] = stackViolations(monthlyBudget, [], { maxMonthlyUsd: 1500 }, estimate(1750.5));
    expect(rest).toEqual([]);
    expect(violation.urn).toBeUndefined();
    expect(violation.message).toContain("estimated $1750.50/month exceeds the budget of $1500.00/month by $250.50");
    expect(violation.message).toContain("batch nodes: e2-standard-8 $1750.50");
    expect(violation.message).toContain("1 resource(s) not priced");
    expect(violation.message).toContain("bring the estimate to $1500.00 or less");
  });
  it("refuses to run without the estimate", () => {
    expect(() => stackViolations(monthlyBudget, [], {})).toThrow(/needs the cost estimate/);
  });
});

describe("batch-capacity-on-spot", () => {
  it("passes a spot batch pool (GKE and AKS)", () => {
    expect(violations(batchCapacityOnSpot, f.gkeNodePool("batch"))).toEqual([]);
    expect(violations(batchCapacityOnSpot, f.aksCluster())).toEqual([]);
  });
  it("reports an on-demand batch pool", () => {
    expect(violations(batchCapacityOnSpot, f.withField(f.gkeNodePool("batch"), "nodeConfig.spot", false))).toEqual([
      'node pool "batch" is the batch pool but runs on-demand VMs (e2-standard-4); to comply, set nodeConfig.spot: true.',
    ]);
    const aks = f.aksCluster();
    (aks.props.agentPoolProfiles as Record<string, unknown>[])[2].scaleSetPriority = "Regular";
    expect(violations(batchCapacityOnSpot, aks)).toEqual([expect.stringContaining('agent pool "batch" (agentPoolProfiles[2]) is the batch pool but runs on-demand VMs')]);
  });
  it("leaves on-demand system and stateful pools alone", () => {
    expect(violations(batchCapacityOnSpot, f.gkeNodePool("stateful"))).toEqual([]);
  });
});

describe("allowed-machine-types", () => {
  const config = { allowedMachineTypes: ["e2-standard-4", "Standard_D4s_v5"] };
  it("passes allowed types", () => {
    expect(violations(allowedMachineTypes, f.gkeNodePool("system"), config)).toEqual([]);
    expect(violations(allowedMachineTypes, f.aksCluster(), config)).toEqual([]);
  });
  it("reports another type and names the allowed ones", () => {
    expect(violations(allowedMachineTypes, f.withField(f.gkeNodePool("system"), "nodeConfig.machineType", "n2-highmem-8"), config)).toEqual([
      'node pool "system" uses machine type n2-highmem-8; to comply, use one of e2-standard-4, Standard_D4s_v5.',
    ]);
  });
  it("checks the default node pool a GKE cluster keeps", () => {
    expect(violations(allowedMachineTypes, f.gkeCluster(), config)).toEqual([]);
    expect(violations(allowedMachineTypes, f.withField(f.gkeCluster(), "removeDefaultNodePool", false), config)).toEqual([expect.stringContaining("uses machine type e2-medium")]);
  });
});

describe("max-node-count", () => {
  it("passes a bounded pool", () => {
    expect(violations(maxNodeCount, f.gkeNodePool("batch"), { maxNodesPerPool: 3 })).toEqual([]);
  });
  it("counts GKE per-zone maxima over the zones of a regional pool", () => {
    const perZone = f.withField(f.gkeNodePool("batch"), "autoscaling", { minNodeCount: 0, maxNodeCount: 2 });
    expect(violations(maxNodeCount, perZone, { maxNodesPerPool: 5 })).toEqual([
      'node pool "batch" can grow to 6 nodes over 3 zones; to comply, cap it at 5 nodes in total (GKE counts per zone unless totalMaxNodeCount is used).',
    ]);
  });
  it("reports autoscaling without a maximum", () => {
    expect(violations(maxNodeCount, f.withField(f.gkeNodePool("batch"), "autoscaling", { totalMinNodeCount: 0 }))).toEqual([expect.stringContaining("has autoscaling without a maximum node count")]);
  });
});

describe("batch-pool-scales-to-zero", () => {
  it("passes a batch pool with minimum 0", () => {
    expect(violations(batchPoolScalesToZero, f.gkeNodePool("batch"))).toEqual([]);
    expect(violations(batchPoolScalesToZero, f.aksAgentPool())).toEqual([]);
  });
  it("reports a batch pool that keeps nodes", () => {
    expect(violations(batchPoolScalesToZero, f.withField(f.aksAgentPool(), "minCount", 2))).toEqual([
      'agent pool "batch" keeps at least 2 node(s) running; to comply, use enableAutoScaling: true with minCount: 0.',
    ]);
  });
  it("reports a fixed-size batch pool", () => {
    const fixed = f.withField(f.withField(f.gkeNodePool("batch"), "autoscaling", undefined), "nodeCount", 1);
    expect(violations(batchPoolScalesToZero, fixed)).toEqual([expect.stringContaining("has a fixed size of 3 node(s)")]);
  });
});

describe("lake-zone-lifecycle", () => {
  const limits = { maxExpiryDays: { landing: 7, processing: 14 } };
  const gcs = () => [f.gcsBucket("landing"), f.withField(f.gcsBucket("processing"), "lifecycleRules", [{ action: { type: "Delete" }, condition: { age: 14 } }]), f.gcsBucket("curated")];
  it("passes GCS buckets, ADLS containers and MinIO buckets that expire in time (curated is not limited)", () => {
    expect(stackViolations(lakeZoneLifecycle, gcs(), limits)).toEqual([]);
    expect(stackViolations(lakeZoneLifecycle, [f.storageAccount(), f.blobContainer("landing"), f.blobContainer("processing"), f.blobContainer("curated"), f.managementPolicy()], limits)).toEqual([]);
    expect(stackViolations(lakeZoneLifecycle, [f.minioChart()], limits)).toEqual([]);
  });
  it("reports a landing bucket whose only Delete rule is for noncurrent versions", () => {
    const bucket = f.withField(f.gcsBucket("landing"), "lifecycleRules", [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 30, withState: "ARCHIVED" } }]);
    expect(stackViolations(lakeZoneLifecycle, [bucket], limits)).toEqual([
      { urn: bucket.urn, message: 'bucket acme-dev-landing (zone landing) keeps objects forever; to comply, add a lifecycle rule {action: {type: "Delete"}, condition: {age: N}} with N at most 7 days.' },
    ]);
  });
  it("reports an ADLS container kept longer than allowed", () => {
    const found = stackViolations(lakeZoneLifecycle, [f.blobContainer("landing"), f.managementPolicy({ landing: 30 })], limits);
    expect(found).toEqual([{ urn: f.blobContainer("landing").urn, message: expect.stringContaining("container landing (zone landing) deletes objects after 30 days; to comply, lower it to at most 7 days") }]);
  });
  it("reports a MinIO bucket without an expiry command", () => {
    const chart = f.withField(f.minioChart(), "values.customCommands", [{ command: "ilm rule add --expire-days 14 myminio/processing" }]);
    expect(stackViolations(lakeZoneLifecycle, [chart], limits)).toEqual([{ urn: chart.urn, message: expect.stringContaining('MinIO bucket landing (zone landing) keeps objects forever; to comply, add the customCommand "ilm rule add --expire-days N myminio/landing"') }]);
  });
});

describe("container-resources", () => {
  const config = { maxCpuCores: 2, maxMemoryGib: 8 };
  it("passes sized containers, Spark roles and chart values", () => {
    for (const r of [f.deployment(), f.statefulSet(), f.job(), f.sparkApplication(), f.minioChart()]) expect(violations(containerResources, r, config)).toEqual([]);
  });
  it("reports a container without limits", () => {
    const noLimits = f.withField(f.deployment(), "spec.template.spec.containers", [{ name: "zeppelin", image: "apache/zeppelin:0.11.2", resources: { requests: { cpu: "250m", memory: "512Mi" } } }]);
    expect(violations(containerResources, noLimits, config)).toEqual([
      "Deployment/notebook/zeppelin container zeppelin (spec.template.spec.containers[0]): no limits.cpu, no limits.memory; to comply, set requests and limits for cpu and memory, each at most 2 cores / 8Gi.",
    ]);
  });
  it("reports values above the environment's maxima, Spark memory in JVM units", () => {
    expect(violations(containerResources, f.withField(f.sparkApplication(), "spec.executor.memory", "12g"), config)).toEqual([expect.stringContaining("spec.executor: memory 12Gi > 8Gi")]);
    expect(violations(containerResources, f.withField(f.minioChart(), "values.resources.limits.cpu", "4"), config)).toEqual([expect.stringContaining("chart minio values resources: limits.cpu 4 > 2")]);
  });
});

describe("databricks-auto-termination", () => {
  it("passes a cluster under a policy and a bounding policy", () => {
    expect(violations(databricksAutoTermination, f.databricksCluster(), { maxAutoTerminationMinutes: 30 })).toEqual([]);
    expect(violations(databricksAutoTermination, f.databricksClusterPolicy(), { maxAutoTerminationMinutes: 30 })).toEqual([]);
  });
  it("reports a cluster that never terminates", () => {
    expect(violations(databricksAutoTermination, f.withField(f.databricksCluster(), "autoterminationMinutes", 0), { maxAutoTerminationMinutes: 30 })).toEqual([
      "cluster adhoc never auto-terminates (autoterminationMinutes 0); to comply, set autoterminationMinutes between 10 and 30.",
    ]);
  });
  it("reports a cluster without a policy and a policy that allows too long", () => {
    expect(violations(databricksAutoTermination, f.withField(f.databricksCluster(), "policyId", undefined))).toEqual([expect.stringContaining("has no cluster policy")]);
    const loose = f.withField(f.databricksClusterPolicy(), "definition", JSON.stringify({ autotermination_minutes: { type: "range", maxValue: 240 } }));
    expect(violations(databricksAutoTermination, loose, { maxAutoTerminationMinutes: 30 })).toEqual(["cluster policy adhoc allows 240 idle minutes; to comply, cap autotermination_minutes at 30."]);
  });
});

describe("bigquery-table-partitioning", () => {
  const config = { maxPartitionExpirationDays: 30, requirePartitionFilterAboveGb: 10 };
  it("passes a partitioned, expiring table that requires a filter", () => {
    expect(violations(bigqueryTablePartitioning, f.bigqueryTable(), config)).toEqual([]);
  });
  it("reports a table without partitioning", () => {
    expect(violations(bigqueryTablePartitioning, f.withField(f.bigqueryTable(), "timePartitioning", undefined), config)).toEqual([expect.stringMatching(/^table orders is not partitioned; to comply, set timePartitioning/)]);
  });
  it("reports partitions that never expire", () => {
    expect(violations(bigqueryTablePartitioning, f.withField(f.bigqueryTable(), "timePartitioning.expirationMs", undefined), config)).toEqual([expect.stringContaining("table orders partitions never expire")]);
  });
  it("requires a partition filter unless the table declares itself small", () => {
    const noFilter = f.withField(f.bigqueryTable(), "requirePartitionFilter", false);
    expect(violations(bigqueryTablePartitioning, noFilter, config)).toEqual([expect.stringContaining("has no expected-size-gb label (counted as large) and does not require a partition filter")]);
    expect(violations(bigqueryTablePartitioning, f.withField(noFilter, "labels", { ...f.LABELS, "expected-size-gb": "2" }), config)).toEqual([]);
  });
});

describe("synapse-sql-pool-sku", () => {
  it("passes DW100c under a 100 DWU cap", () => {
    expect(violations(synapseSqlPoolSku, f.synapseSqlPool(), { maxDwu: 100 })).toEqual([]);
  });
  it("reports a larger pool", () => {
    expect(violations(synapseSqlPoolSku, f.withField(f.synapseSqlPool(), "sku", { name: "DW1000c" }), { maxDwu: 100 })).toEqual([
      "SQL pool serving is DW1000c (1000 DWU); to comply, use DW100c or smaller (and pause it when idle).",
    ]);
  });
});

describe("no-load-balancer-services", () => {
  it("passes ClusterIP Services and charts", () => {
    expect(violations(noLoadBalancerServices, f.service())).toEqual([]);
    expect(violations(noLoadBalancerServices, f.minioChart())).toEqual([]);
  });
  it("reports a LoadBalancer Service and chart values asking for one", () => {
    expect(violations(noLoadBalancerServices, f.withField(f.service(), "spec.type", "LoadBalancer"))).toEqual([
      "Service/query/trino is of type LoadBalancer; to comply, use type ClusterIP behind an Ingress (or allow it in no-load-balancer-services.allowedServices).",
    ]);
    expect(violations(noLoadBalancerServices, f.withField(f.minioChart(), "values.service.type", "LoadBalancer"))).toEqual([expect.stringContaining("chart minio values service.type is LoadBalancer")]);
  });
  it("allows what the config allows", () => {
    const lb = f.withField(f.service(), "spec.type", "LoadBalancer");
    expect(violations(noLoadBalancerServices, lb, { allowedServices: ["query/trino"] })).toEqual([]);
    expect(violations(noLoadBalancerServices, lb, { allowLoadBalancers: true })).toEqual([]);
  });
});

describe("cost-allocation-labels", () => {
  it("passes labelled resources, in kebab-case or camelCase", () => {
    for (const r of [f.gcsBucket("landing"), f.gkeCluster(), f.storageAccount(), f.aksCluster(), f.namespace(), f.bigqueryTable()]) expect(violations(costAllocationLabels, r)).toEqual([]);
    expect(violations(costAllocationLabels, f.withField(f.storageAccount(), "tags", { costCenter: "dp", owner: "de" }))).toEqual([]);
  });
  it("reports a missing key and says which keys would comply", () => {
    expect(violations(costAllocationLabels, f.withField(f.gcsBucket("landing"), "labels", { owner: "data-engineering", zone: "landing" }))).toEqual([
      'labels has owner, zone, missing cost-center; to comply, set "cost-center" and "owner" (camelCase or snake_case keys are accepted).',
    ]);
  });
  it("reports a type that takes tags but has none", () => {
    expect(violations(costAllocationLabels, f.withField(f.synapseSqlPool(), "tags", undefined))).toEqual([expect.stringContaining("tags has none, missing cost-center, owner")]);
  });
  it("ignores types without labels and Kubernetes kinds not configured", () => {
    expect(violations(costAllocationLabels, f.blobContainer("landing"))).toEqual([]);
    expect(violations(costAllocationLabels, f.deployment())).toEqual([]);
  });
});
