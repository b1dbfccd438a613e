import { describe, expect, it } from "vitest";
import { allowedRegions } from "../../policies/rules/allowed-regions";
import { batchWorkloadsOnSpot } from "../../policies/rules/batch-workloads-on-spot";
import { noDefaultNamespace } from "../../policies/rules/no-default-namespace";
import { pinnedImages, unpinnedReason } from "../../policies/rules/pinned-images";
import { singleRegionPerStack } from "../../policies/rules/single-region-per-stack";
import { statefulOffSpot } from "../../policies/rules/stateful-off-spot";
import { statefulZoneSpread } from "../../policies/rules/stateful-zone-spread";
import { zoneRedundantClusters } from "../../policies/rules/zone-redundant-clusters";
import * as f from "../fixtures/policies/resources";
import { stackViolations, violations } from "./check";

const EU = { allowedRegions: ["europe-west4", "EU", "westeurope"] };

describe("allowed-regions", () => {
  it("passes resources in allowed regions, whatever the spelling (EUROPE-WEST4, zones, West Europe)", () => {
    for (const r of [f.gcsBucket("landing"), f.gkeCluster(), f.storageAccount(), f.aksCluster(), f.withField(f.gkeCluster(), "location", "europe-west4-b")]) expect(violations(allowedRegions, r, EU)).toEqual([]);
    expect(violations(allowedRegions, f.withField(f.storageAccount(), "location", "West Europe"), EU)).toEqual([]);
  });
  it("reports a resource outside them", () => {
    expect(violations(allowedRegions, f.withField(f.gcsBucket("landing"), "location", "US-CENTRAL1"), EU)).toEqual([
      'location is "US-CENTRAL1" (region us-central1), outside the allowed regions; to comply, place it in one of europe-west4, EU, westeurope.',
    ]);
  });
  it("ignores resources without a location", () => {
    expect(violations(allowedRegions, f.blobContainer("landing"), EU)).toEqual([]);
  });
});

describe("single-region-per-stack", () => {
  it("passes a stack in one region", () => {
    expect(stackViolations(singleRegionPerStack, [f.gkeCluster(), f.gkeNodePool("batch"), f.gcsBucket("landing"), f.bigqueryDataset()])).toEqual([]);
  });
  it("reports the resources away from the stack's region", () => {
    const away = f.withField(f.bigqueryDataset(), "location", "EU");
    expect(stackViolations(singleRegionPerStack, [f.gkeCluster(), f.gcsBucket("landing"), away])).toEqual([
      { urn: away.urn, message: "this resource is in eu while the stack spans europe-west4 (2), eu (1); to comply, place it in europe-west4 with the rest of the stack." },
    ]);
  });
});

describe("batch-workloads-on-spot", () => {
  it("passes executors and Jobs on the tainted batch pool", () => {
    expect(violations(batchWorkloadsOnSpot, f.sparkApplication())).toEqual([]);
    expect(violations(batchWorkloadsOnSpot, f.job())).toEqual([]);
  });
  it("reports executors without the spot toleration", () => {
    expect(violations(batchWorkloadsOnSpot, f.withField(f.sparkApplication(), "spec.executor.tolerations", []))).toEqual([
      'SparkApplication/spark-jobs/orders-process spec.executor does not run on the spot pool (nodeSelector {"batch-platform.io/pool":"batch"}); to comply, add a toleration {key: "batch-platform.io/spot", operator: "Equal", value: "true", effect: "NoSchedule"}.',
    ]);
  });
  it("reports a Job without placement, accepts GKE's and AKS's spot markers, respects an explicit other pool", () => {
    const bare = f.withField(f.withField(f.job(), "spec.template.spec.nodeSelector", undefined), "spec.template.spec.tolerations", undefined);
    expect(violations(batchWorkloadsOnSpot, bare)).toEqual([expect.stringContaining('add nodeSelector {"batch-platform.io/pool": "batch"} and a toleration')]);
    const gke = f.withField(f.withField(bare, "spec.template.spec.nodeSelector", { "cloud.google.com/gke-spot": "true" }), "spec.template.spec.tolerations", [{ key: "cloud.google.com/gke-spot", operator: "Exists", effect: "NoSchedule" }]);
    expect(violations(batchWorkloadsOnSpot, gke)).toEqual([]);
    const aks = f.withField(f.withField(bare, "spec.template.spec.nodeSelector", { "kubernetes.azure.com/scalesetpriority": "spot" }), "spec.template.spec.tolerations", [{ key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" }]);
    expect(violations(batchWorkloadsOnSpot, aks)).toEqual([]);
    expect(violations(batchWorkloadsOnSpot, f.withField(bare, "spec.template.spec.nodeSelector", { [f.POOL]: "system" }))).toEqual([]);
    expect(violations(batchWorkloadsOnSpot, bare, { includeJobs: false })).toEqual([]);
  });
});

describe("stateful-off-spot", () => {
  it("passes drivers, stateful sets, stateful charts off spot and a tainted spot pool", () => {
    for (const r of [f.sparkApplication(), f.statefulSet(), f.minioChart(), f.gkeNodePool("batch"), f.aksCluster()]) expect(violations(statefulOffSpot, r)).toEqual([]);
  });
  it("reports a driver that tolerates spot", () => {
    expect(violations(statefulOffSpot, f.withField(f.sparkApplication(), "spec.driver.tolerations", [f.SPOT_TOLERATION]))).toEqual([
      'SparkApplication/spark-jobs/orders-process spec.driver tolerates the spot taint; to comply, remove the spot toleration/selector and select the stateful pool (nodeSelector {"batch-platform.io/pool": "stateful"}).',
    ]);
  });
  it("reports a stateful set that selects spot nodes, also through app-wide Spark selectors", () => {
    expect(violations(statefulOffSpot, f.withField(f.statefulSet(), "spec.template.spec.nodeSelector", { [f.POOL]: "batch" }))).toEqual([expect.stringContaining("StatefulSet/metastore/metastore-db spec.template.spec selects spot nodes")]);
    const appWide = f.withField(f.withField(f.sparkApplication(), "spec.driver.nodeSelector", undefined), "spec.nodeSelector", { [f.POOL]: "batch" });
    expect(violations(statefulOffSpot, appWide)).toEqual([expect.stringContaining("spec.driver selects spot nodes")]);
  });
  it("reports stateful chart values that tolerate spot, and an untainted GKE spot pool", () => {
    expect(violations(statefulOffSpot, f.withField(f.minioChart(), "values.tolerations", [f.SPOT_TOLERATION]))).toEqual([expect.stringContaining("chart minio (stateful) values tolerations tolerate spot nodes")]);
    expect(violations(statefulOffSpot, f.withField(f.gkeNodePool("batch"), "nodeConfig.taints", []))).toEqual([expect.stringContaining('node pool "batch" is spot but has no NoSchedule taint')]);
  });
});

describe("stateful-zone-spread", () => {
  it("passes a spread stateful set with a PodDisruptionBudget, and a spread chart", () => {
    expect(stackViolations(statefulZoneSpread, [f.statefulSet(), f.podDisruptionBudget(), f.minioChart()])).toEqual([]);
  });
  it("reports a stateful set without a PodDisruptionBudget", () => {
    expect(stackViolations(statefulZoneSpread, [f.statefulSet()])).toEqual([
      {
        urn: f.statefulSet().urn,
        message: 'StatefulSet/metastore/metastore-db has no PodDisruptionBudget selecting its pods; to comply, run at least 3 replicas with a topologySpreadConstraint {topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule"} and a PodDisruptionBudget in metastore.',
      },
    ]);
  });
  it("reports too few replicas and a soft spread", () => {
    const soft = f.withField(f.withField(f.statefulSet(), "spec.replicas", 1), "spec.template.spec.topologySpreadConstraints", [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }]);
    expect(stackViolations(statefulZoneSpread, [soft, f.podDisruptionBudget()])).toEqual([{ urn: soft.urn, message: expect.stringContaining("has 1 replica(s), no hard spread over topology.kubernetes.io/zone") }]);
  });
  it("reports a stateful chart without a PodDisruptionBudget", () => {
    const chart = f.withField(f.minioChart(), "values.podDisruptionBudget", { enabled: false, maxUnavailable: 1 });
    expect(stackViolations(statefulZoneSpread, [chart])).toEqual([{ urn: chart.urn, message: expect.stringContaining("chart minio (stateful) values lack an enabled podDisruptionBudget") }]);
  });
});

describe("zone-redundant-clusters", () => {
  it("passes a regional GKE cluster and pool and a three-zone AKS cluster", () => {
    for (const r of [f.gkeCluster(), f.gkeNodePool("stateful"), f.aksCluster(), f.aksAgentPool()]) expect(violations(zoneRedundantClusters, r)).toEqual([]);
  });
  it("reports a zonal GKE cluster", () => {
    expect(violations(zoneRedundantClusters, f.withField(f.gkeCluster(), "location", "europe-west4-a"))).toEqual([
      "location is the zone europe-west4-a; to comply, use the region europe-west4 (a regional cluster).",
    ]);
  });
  it("reports a pool in fewer zones", () => {
    expect(violations(zoneRedundantClusters, f.withField(f.aksAgentPool(), "availabilityZones", ["1"]))).toEqual([
      'agent pool "batch" spans 1 availability zone(s); to comply, set availabilityZones to at least 3 zones (e.g. ["1", "2", "3"]).',
    ]);
    expect(violations(zoneRedundantClusters, f.withField(f.gkeNodePool("system"), "nodeLocations", ["europe-west4-a"]))).toEqual([expect.stringContaining("nodeLocations lists 1 zone(s)")]);
  });
});

describe("no-default-namespace", () => {
  it("passes namespaced objects, cluster-scoped kinds and charts with a namespace", () => {
    for (const r of [f.deployment(), f.namespace(), f.minioChart()]) expect(violations(noDefaultNamespace, r)).toEqual([]);
  });
  it("reports an object without a namespace", () => {
    expect(violations(noDefaultNamespace, f.withField(f.deployment(), "metadata.namespace", undefined))).toEqual([
      "Deployment/zeppelin is in no namespace (so default); to comply, set metadata.namespace to the component's own namespace.",
    ]);
  });
  it("takes the provider's namespace into account, and reports charts in default", () => {
    const viaProvider = { ...f.withField(f.deployment(), "metadata.namespace", undefined), provider: { type: "pulumi:providers:kubernetes", props: { namespace: "notebook" } } };
    expect(violations(noDefaultNamespace, viaProvider)).toEqual([]);
    expect(violations(noDefaultNamespace, f.withField(f.minioChart(), "namespace", "default"))).toEqual([expect.stringContaining("chart minio is installed into default")]);
  });
});

describe("pinned-images", () => {
  it("passes tagged and digest images, exact chart versions", () => {
    for (const r of [f.deployment(), f.statefulSet(), f.sparkApplication(), f.job(), f.minioChart()]) expect(violations(pinnedImages, r)).toEqual([]);
    expect(unpinnedReason(`ghcr.io/acme/x@sha256:${"a".repeat(64)}`)).toBeUndefined();
    expect(unpinnedReason("localhost:5000/acme/x")).toBe("has no tag (means latest)");
  });
  it("reports latest", () => {
    expect(violations(pinnedImages, f.withField(f.sparkApplication(), "spec.image", "apache/spark:latest"))).toEqual([
      'SparkApplication/spark-jobs/orders-process spec.image image "apache/spark:latest" uses the tag latest; to comply, pin it to a version tag (e.g. :1.2.3) or a digest (@sha256:…).',
    ]);
  });
  it("reports untagged container images, latest in chart values and a chart version range", () => {
    const untagged = f.withField(f.deployment(), "spec.template.spec.containers", [{ name: "zeppelin", image: "apache/zeppelin" }]);
    expect(violations(pinnedImages, untagged)).toEqual([expect.stringContaining('image "apache/zeppelin" has no tag (means latest)')]);
    expect(violations(pinnedImages, f.withField(f.minioChart(), "values.image.tag", "latest"))).toEqual([expect.stringContaining("chart minio values image.tag is latest")]);
    expect(violations(pinnedImages, f.withField(f.minioChart(), "version", "^5.0.0"))).toEqual(["chart minio has version ^5.0.0; to comply, set an exact chart version such as 1.2.3."]);
  });
});
