/**
 * Each blocking rule on a fixture pair: a change it must block, and a close variant it must let
 * through (the variant differs in the one thing the rule is about).
 */
import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import type { HazardRule } from "../../infra/diff/hazard-rules";
import type { PlanValue } from "../../infra/plan/document";
import { CONFIG_GROUP, plan, type ResourceSpec, urn } from "./plan-builders";

const STACK = "oss-prod";
type Inputs = { [key: string]: PlanValue };

/** The rules that block when `before` becomes `after`. */
function blockingRules(before: readonly ResourceSpec[], after: readonly ResourceSpec[]): HazardRule[] {
  return diffPlans(plan(STACK, before), plan(STACK, after), [])
    .hazards.filter((h) => h.blocking)
    .map((h) => h.rule);
}

function chart(name: string, values: Inputs, extra: Partial<ResourceSpec> = {}): ResourceSpec {
  return {
    type: "kubernetes:helm.sh/v4:Chart",
    name: `${name}-chart`,
    inputs: { chart: name, name, namespace: "ns", values },
    ...extra,
  };
}

function objects(...objs: Inputs[]): ResourceSpec {
  return {
    type: CONFIG_GROUP,
    name: "objects",
    inputs: { objs },
    options: { provider: "urn:pulumi:oss-prod::batch-platform::pulumi:providers:kubernetes::k8s" },
  };
}

function object(apiVersion: string, kind: string, spec: Inputs): Inputs {
  return { apiVersion, kind, metadata: { name: "x", namespace: "serving" }, spec };
}

const PROVIDER_TYPE = "pulumi:providers:kubernetes";

function provider(inputs: Inputs): ResourceSpec {
  return { type: PROVIDER_TYPE, name: "k8s", inputs };
}

function gke(inputs: Inputs): ResourceSpec {
  return {
    type: "gcp:container/cluster:Cluster",
    name: "gke",
    inputs: { name: "acme-prod", location: "europe-west4", ...inputs },
  };
}

describe("cluster-replacement", () => {
  const onCluster = objects(object("v1", "PersistentVolumeClaim", { resources: { requests: { storage: "10Gi" } } }));
  const kubeconfig = JSON.stringify({
    "current-context": "c",
    contexts: [{ name: "c", context: { cluster: "acme-prod" } }],
    clusters: [{ name: "acme-prod", cluster: { server: "https://1" } }],
  });

  it("blocks replacing a GKE cluster and lists the claims on it; an in-place cluster update does not", () => {
    const base = [gke({}), provider({ kubeconfig }), onCluster];
    const replaced = diffPlans(
      plan(STACK, base),
      plan(STACK, [gke({ location: "europe-west4-a" }), provider({ kubeconfig }), onCluster]),
      [],
    );
    const hazard = replaced.hazards.find((h) => h.rule === "cluster-replacement");
    expect(hazard?.blocking).toBe(true);
    expect(hazard?.details).toEqual([expect.stringContaining("PersistentVolumeClaim/serving/x in objects")]);
    expect(
      blockingRules(base, [gke({ releaseChannel: { channel: "STABLE" } }), provider({ kubeconfig }), onCluster]),
    ).toEqual([]);
  });

  it("blocks deleting an AKS cluster, not deleting one of its node pools", () => {
    const aks = { type: "azure-native:containerservice:ManagedCluster", name: "aks", inputs: { resourceName: "aks" } };
    const pool = { type: "azure-native:containerservice:AgentPool", name: "batch", inputs: { agentPoolName: "batch" } };
    expect(blockingRules([aks, pool], [pool])).toEqual(["cluster-replacement"]);
    expect(blockingRules([aks, pool], [aks])).toEqual([]);
  });
});

describe("provider-target", () => {
  const claim = objects(object("v1", "PersistentVolumeClaim", {}));
  const config = (cluster: string, token: string) =>
    JSON.stringify({
      "current-context": "c",
      contexts: [{ name: "c", context: { cluster } }],
      clusters: [{ name: cluster, cluster: { server: `https://${cluster}` } }],
      users: [{ name: "u", user: { token } }],
    });

  it("blocks a kubeconfig pointing at another cluster; rotated credentials do not", () => {
    expect(
      blockingRules(
        [provider({ kubeconfig: config("a", "t1") }), claim],
        [provider({ kubeconfig: config("b", "t1") }), claim],
      ),
    ).toEqual(["provider-target"]);
    expect(
      blockingRules(
        [provider({ kubeconfig: config("a", "t1") }), claim],
        [provider({ kubeconfig: config("a", "t2") }), claim],
      ),
    ).toEqual([]);
  });

  it("blocks another context or default namespace; another server-side-apply setting does not", () => {
    const base = provider({ context: "prod", kubeconfig: "[secret]", enableServerSideApply: "true" });
    expect(
      blockingRules([base], [provider({ context: "staging", kubeconfig: "[secret]", enableServerSideApply: "true" })]),
    ).toEqual(["provider-target"]);
    expect(
      blockingRules(
        [base],
        [provider({ context: "prod", namespace: "other", kubeconfig: "[secret]", enableServerSideApply: "true" })],
      ),
    ).toEqual(["provider-target"]);
    expect(
      blockingRules([base], [provider({ context: "prod", kubeconfig: "[secret]", enableServerSideApply: "false" })]),
    ).toEqual([]);
  });

  it("never prints the kubeconfig", () => {
    const diff = diffPlans(
      plan(STACK, [provider({ kubeconfig: config("a", "s3cr3t-token") })]),
      plan(STACK, [provider({ kubeconfig: config("b", "s3cr3t-token") })]),
      [],
    );
    expect(JSON.stringify(diff)).not.toContain("s3cr3t-token");
  });
});

describe("protection-downgrade", () => {
  const bucket = (inputs: Inputs, options: ResourceSpec["options"] = {}) => ({
    type: "gcp:storage/bucket:Bucket",
    name: "b",
    inputs: { name: "b", location: "EU", ...inputs },
    options,
  });

  it("blocks protect and retainOnDelete turned off, not turned on", () => {
    expect(blockingRules([bucket({}, { protect: true, retainOnDelete: true })], [bucket({})])).toEqual([
      "protection-downgrade",
    ]);
    expect(blockingRules([bucket({})], [bucket({}, { protect: true, retainOnDelete: true })])).toEqual([]);
  });

  it("blocks versioning off and public-access prevention lifted, not the reverse", () => {
    expect(
      blockingRules([bucket({ versioning: { enabled: true } })], [bucket({ versioning: { enabled: false } })]),
    ).toEqual(["protection-downgrade"]);
    expect(
      blockingRules([bucket({ versioning: { enabled: false } })], [bucket({ versioning: { enabled: true } })]),
    ).toEqual([]);
    expect(blockingRules([bucket({ publicAccessPrevention: "enforced" })], [bucket({})])).toEqual([
      "protection-downgrade",
    ]);
    expect(blockingRules([bucket({})], [bucket({ publicAccessPrevention: "enforced" })])).toEqual([]);
  });

  it("blocks a lower TLS minimum, not a higher one", () => {
    const account = (tls: string) => ({
      type: "azure-native:storage:StorageAccount",
      name: "a",
      inputs: { accountName: "a", minimumTlsVersion: tls },
    });
    expect(blockingRules([account("TLS1_2")], [account("TLS1_0")])).toEqual(["protection-downgrade"]);
    expect(blockingRules([account("TLS1_2")], [account("TLS1_3")])).toEqual([]);
  });

  it("blocks MinIO bucket versioning off in the chart values, not another bucket setting", () => {
    const minio = (versioning: boolean, policy = "none") =>
      chart("minio", {
        mode: "distributed",
        replicas: 4,
        drivesPerNode: 2,
        buckets: [{ name: "landing", versioning, policy }],
      });
    expect(blockingRules([minio(true)], [minio(false)])).toEqual(["protection-downgrade"]);
    expect(blockingRules([minio(true)], [minio(true, "download")])).toEqual([]);
  });
});

describe("volume-change", () => {
  const statefulSet = (storage: string, selector = "db") =>
    object("apps/v1", "StatefulSet", {
      serviceName: "db",
      selector: { matchLabels: { app: selector } },
      template: { spec: { containers: [{ name: "db", image: "db:1" }] } },
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { resources: { requests: { storage } } } }],
    });

  it("blocks a StatefulSet's volumeClaimTemplates or selector changing, not its image", () => {
    expect(blockingRules([objects(statefulSet("10Gi"))], [objects(statefulSet("20Gi"))])).toContain("volume-change");
    expect(blockingRules([objects(statefulSet("10Gi"))], [objects(statefulSet("10Gi", "other"))])).toContain(
      "volume-change",
    );
    const newImage = statefulSet("10Gi");
    (((newImage.spec as Inputs).template as Inputs).spec as { containers: Inputs[] }).containers[0]!.image = "db:2";
    expect(blockingRules([objects(statefulSet("10Gi"))], [objects(newImage)])).toEqual([]);
  });

  it("blocks a claim that shrinks or changes class, not one that grows", () => {
    const claim = (storage: string, storageClassName = "ssd") =>
      objects(object("v1", "PersistentVolumeClaim", { storageClassName, resources: { requests: { storage } } }));
    expect(blockingRules([claim("10Gi")], [claim("5Gi")])).toContain("volume-change");
    expect(blockingRules([claim("10Gi")], [claim("10Gi", "hdd")])).toContain("volume-change");
    expect(blockingRules([claim("10Gi")], [claim("20Gi")])).toEqual([]);
  });

  it("blocks the Airflow database volume shrinking, not its CPU changing", () => {
    const airflow = (size: string, cpu = "1") =>
      chart("airflow", {
        postgresql: {
          enabled: true,
          primary: { persistence: { enabled: true, size }, resources: { requests: { cpu } } },
        },
      });
    expect(blockingRules([airflow("50Gi")], [airflow("20Gi")])).toEqual(["volume-change"]);
    expect(blockingRules([airflow("50Gi")], [airflow("50Gi", "2")])).toEqual([]);
  });

  it("ignores a chart volume that is off on both sides", () => {
    const airflow = (size: string) =>
      chart("airflow", { postgresql: { enabled: false, primary: { persistence: { size } } } });
    expect(blockingRules([airflow("50Gi")], [airflow("20Gi")])).toEqual([]);
  });

  it("blocks a CloudNativePG storage shrink or class change, not a grow", () => {
    const cnpg = (size: string, storageClass = "ssd") =>
      objects(object("postgresql.cnpg.io/v1", "Cluster", { instances: 3, storage: { size, storageClass } }));
    expect(blockingRules([cnpg("50Gi")], [cnpg("20Gi")])).toEqual(["volume-change"]);
    expect(blockingRules([cnpg("50Gi")], [cnpg("50Gi", "hdd")])).toEqual(["volume-change"]);
    expect(blockingRules([cnpg("50Gi")], [cnpg("100Gi")])).toEqual([]);
  });

  it("blocks a Kafka broker volume shrinking or removed, not growing", () => {
    const pool = (...sizes: string[]) =>
      objects(
        object("kafka.strimzi.io/v1beta2", "KafkaNodePool", {
          replicas: 3,
          storage: {
            type: "jbod",
            volumes: sizes.map((size, id) => ({ id, type: "persistent-claim", size, deleteClaim: false })),
          },
        }),
      );
    expect(blockingRules([pool("100Gi")], [pool("50Gi")])).toContain("volume-change");
    expect(blockingRules([pool("100Gi", "100Gi")], [pool("100Gi")])).toContain("volume-change");
    expect(blockingRules([pool("100Gi")], [pool("200Gi")])).toEqual([]);
  });
});

describe("storage-topology", () => {
  const minio = (replicas: number, drivesPerNode: number, pools = 1) =>
    chart("minio", { mode: "distributed", replicas, drivesPerNode, pools });

  it("blocks reshaping a MinIO pool (servers × drives), not adding a pool", () => {
    expect(blockingRules([minio(4, 2)], [minio(8, 1)])).toEqual(["storage-topology"]);
    expect(blockingRules([minio(4, 2)], [minio(4, 4)])).toEqual(["storage-topology"]);
    expect(blockingRules([minio(4, 2)], [minio(4, 2, 2)])).toEqual([]);
    expect(blockingRules([minio(4, 2, 2)], [minio(4, 2, 1)])).toEqual(["storage-topology"]);
  });

  it("blocks fewer Kafka partitions, not more, under Strimzi's v1 and v1beta2 APIs alike", () => {
    for (const api of ["kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2"]) {
      const topic = (partitions: number) => objects(object(api, "KafkaTopic", { partitions, replicas: 3 }));
      expect(blockingRules([topic(6)], [topic(3)]), api).toEqual(["storage-topology"]);
      expect(blockingRules([topic(6)], [topic(12)]), api).toEqual([]);
    }
  });
});

describe("data-loss on a new API version", () => {
  it("takes a custom resource under a new API version for a new resource: the old one is deleted", () => {
    const kafka = (api: string) => objects(object(api, "Kafka", { kafka: { listeners: [] } }));
    expect(blockingRules([kafka("kafka.strimzi.io/v1beta2")], [kafka("kafka.strimzi.io/v1")])).toEqual([
      "data-loss",
    ]);
    expect(blockingRules([kafka("kafka.strimzi.io/v1")], [kafka("kafka.strimzi.io/v1")])).toEqual([]);
  });

  it("keeps a StatefulSet moved between the API versions the provider aliases (a data-bearing kind)", () => {
    const claims = [{ metadata: { name: "data" }, spec: { resources: { requests: { storage: "10Gi" } } } }];
    const sts = (api: string) =>
      objects(object(api, "StatefulSet", { replicas: 3, serviceName: "x", volumeClaimTemplates: claims }));
    expect(blockingRules([sts("apps/v1")], [sts("apps/v1beta2")])).toEqual([]);
  });
});

describe("replication-decrease", () => {
  it("blocks a lower YugabyteDB replication factor, not a higher one", () => {
    const yb = (rf: number) => chart("yugabyte", { replicas: { master: rf, tserver: rf, totalMasters: rf } });
    expect(blockingRules([yb(3)], [yb(1)])).toEqual(["replication-decrease"]);
    expect(blockingRules([yb(1)], [yb(3)])).toEqual([]);
  });

  it("reads the replication factor from totalMasters with isMultiAz", () => {
    const yb = (totalMasters: number) =>
      chart("yugabyte", { isMultiAz: true, replicas: { master: 1, tserver: 1, totalMasters } });
    expect(blockingRules([yb(3)], [yb(1)])).toEqual(["replication-decrease"]);
  });

  it("blocks fewer CloudNativePG instances or topic replicas, not more", () => {
    const cnpg = (instances: number) =>
      objects(object("postgresql.cnpg.io/v1", "Cluster", { instances, storage: { size: "10Gi" } }));
    expect(blockingRules([cnpg(3)], [cnpg(1)])).toEqual(["replication-decrease"]);
    expect(blockingRules([cnpg(1)], [cnpg(3)])).toEqual([]);
    const topic = (replicas: number) =>
      objects(object("kafka.strimzi.io/v1beta2", "KafkaTopic", { partitions: 6, replicas }));
    expect(blockingRules([topic(3)], [topic(2)])).toEqual(["replication-decrease"]);
  });
});

describe("immutable-field", () => {
  it("blocks a CloudNativePG postgresUID change, not a new description", () => {
    const cnpg = (spec: Inputs) =>
      objects(object("postgresql.cnpg.io/v1", "Cluster", { instances: 3, storage: { size: "10Gi" }, ...spec }));
    expect(blockingRules([cnpg({ postgresUID: 26 })], [cnpg({ postgresUID: 1000 })])).toEqual(["immutable-field"]);
    expect(blockingRules([cnpg({ postgresUID: 26 })], [cnpg({ postgresUID: 26, description: "metadata" })])).toEqual(
      [],
    );
  });
});

describe("data-loss and aliases", () => {
  const PARENT_OLD = "urn:pulumi:oss-prod::batch-platform::batch-platform:pipeline:GcpBatchPipeline::orders";
  const PARENT_NEW = "urn:pulumi:oss-prod::batch-platform::batch-platform:pipeline:BatchPipeline::orders";
  const table = (parentType: string, parentUrn: string) => ({
    type: "gcp:bigquery/table:Table",
    name: "orders-gold",
    inputs: { tableId: "gold", datasetId: "gold" },
    parent: { type: parentType, urn: parentUrn },
  });

  it("a renamed component without an alias replaces its table (blocks); with an alias it is the same table", () => {
    const before = [
      { type: "batch-platform:pipeline:GcpBatchPipeline", name: "orders" },
      table("batch-platform:pipeline:GcpBatchPipeline", PARENT_OLD),
    ];
    const renamed = (aliases: string[]) => [
      {
        type: "batch-platform:pipeline:BatchPipeline",
        name: "orders",
        options: { aliases } as ResourceSpec["options"],
      },
      table("batch-platform:pipeline:BatchPipeline", PARENT_NEW),
    ];
    expect(blockingRules(before, renamed([]))).toEqual(["data-loss"]);
    const aliased = diffPlans(plan(STACK, before), plan(STACK, renamed([PARENT_OLD])), []);
    expect(aliased.blocking).toBe(false);
    expect(aliased.counts).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    // The table inherits its parent's alias (its own URN has the old parent type in it).
    const oldTable =
      "urn:pulumi:oss-prod::batch-platform::batch-platform:pipeline:GcpBatchPipeline$gcp:bigquery/table:Table::orders-gold";
    expect(aliased.aliased.map((a) => a.from)).toEqual([oldTable, PARENT_OLD]);
  });

  it("follows a renamed component to its grandchildren by name (`<parent>-x` ← `<old parent>-x`), type chain one level deep", () => {
    const comp = (type: string, name: string) => ({ type, name });
    const PIPE = "batch-platform:pipeline:BatchPipeline";
    const OLD = "batch-platform:pipeline:GcpBatchPipeline";
    const TABLES = "batch-platform:warehouse:BigQueryPipelineTables";
    const stackParent = (type: string) => ({ type: "pulumi:pulumi:Stack", urn: urn(STACK, type, "x") });
    const tree = (pipeType: string, pipeName: string, aliases: string[]) => {
      const pipeUrn = urn(STACK, pipeType, pipeName, "pulumi:pulumi:Stack");
      const tablesUrn = urn(STACK, TABLES, `${pipeName}-tables`, pipeType);
      return [
        { ...comp(pipeType, pipeName), parent: stackParent(pipeType), options: { aliases } as ResourceSpec["options"] },
        { ...comp(TABLES, `${pipeName}-tables`), parent: { type: pipeType, urn: pipeUrn } },
        { type: "gcp:bigquery/table:Table", name: `${pipeName}-tables-gold`, inputs: { tableId: "gold" }, parent: { type: TABLES, urn: tablesUrn } },
      ];
    };
    const before = tree(OLD, "pipeline-orders", []);
    const after = tree(PIPE, "orders", [urn(STACK, OLD, "pipeline-orders", "pulumi:pulumi:Stack")]);
    const result = diffPlans(plan(STACK, before), plan(STACK, after), []);
    expect(result.blocking).toBe(false);
    expect(result.counts).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(blockingRules(before, tree(PIPE, "orders", []))).toEqual(["data-loss"]);
  });
});
