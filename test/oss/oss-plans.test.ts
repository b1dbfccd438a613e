import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { validateSparkApplication } from "../../components/engine/spark-application-schema";
import type { SparkApplicationObject } from "../../components/engine/spark-application";
import { assessPlan } from "../../infra/plan/assess";
import { canonicalJson } from "../../infra/plan/canonical-json";
import { isBlocking, type PlanDocument, type PlanResource } from "../../infra/plan/document";
import { plannedKubernetesObjects } from "../../infra/plan/kubernetes-objects";
import { planStack, PlanConfigError } from "../../infra/plan/run-stack";
import { DEFAULT_BUDGETS } from "../../components/k8s/default-budgets";
import { roleBudget } from "../../components/k8s/cluster-layout";
import { ossSettingsProblems, ossSettingsSchema } from "../../infra/settings/oss";
import { ROOT } from "../helpers/cli";
import { sharedPlan } from "../helpers/plans";

const stacksDir = join(ROOT, "stacks");
const STACKS = ["oss-dev", "oss-staging", "oss-prod"] as const;
type Values = Record<string, unknown>;

async function plan(stack: string, dir = stacksDir): Promise<PlanDocument> {
  return assessPlan(await planStack(stack, { stacksDir: dir }));
}

/** Everything in Airflow's DAG ConfigMaps: DAG files and the SparkApplication templates beside them. */
function dagFolder(document: PlanDocument): Record<string, string> {
  const found: Record<string, string> = {};
  for (const object of plannedKubernetesObjects(document)) {
    const labels = ((object.object.metadata as Values).labels ?? {}) as Record<string, string>;
    if (object.kind === "ConfigMap" && labels["batch-platform.io/dag"] === "true") Object.assign(found, object.object.data as Record<string, string>);
  }
  return found;
}

/** The DAG files (Python) only. */
function dags(document: PlanDocument): Record<string, string> {
  return Object.fromEntries(Object.entries(dagFolder(document)).filter(([file]) => file.endsWith(".py")));
}

/** The SparkApplications the plan shows as objects (expanded from the templates beside the DAGs). */
function plannedApplications(document: PlanDocument): SparkApplicationObject[] {
  return plannedKubernetesObjects(document).filter((o) => o.kind === "SparkApplication").map((o) => o.object as unknown as SparkApplicationObject);
}

const chart = (document: PlanDocument, name: string) => document.resources.find((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === name)!;
const values = (resource: PlanResource) => resource.inputs.values as Values;

describe("the oss plans", () => {
  const plans = new Map<string, PlanDocument>();
  beforeAll(async () => {
    for (const stack of STACKS) plans.set(stack, sharedPlan(stack));
  });

  it("validate every Kubernetes object and raise no blocking finding", () => {
    for (const [stack, document] of plans) {
      expect(document.findings.filter(isBlocking), stack).toEqual([]);
      expect(document.findings.filter((f) => f.source === "kubernetes-schema"), stack).toEqual([]);
    }
  });

  it("show the lake, Airflow, the Spark Operator, YugabyteDB and both pipelines with their DAGs and SparkApplications", () => {
    const prod = plans.get("oss-prod")!;
    expect(prod.resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart").map((r) => `${r.inputs.chart}@${r.inputs.version}`).sort()).toEqual([
      "airflow@1.22.0",
      "cert-manager@v1.21.1",
      "cloudnative-pg@0.29.0",
      "minio@5.4.0",
      "spark-operator@2.5.2",
      "strimzi-kafka-operator@1.2.0",
      "trino@1.42.2",
      "yugabyte@2025.2.5",
    ]);
    // The query and exploration roles and the sample microservice, each as its component.
    const components = prod.resources.filter((r) => !r.custom).map((r) => r.type);
    for (const type of ["batch-platform:metastore:HiveMetastore", "batch-platform:query:Trino", "batch-platform:streaming:KafkaCluster", "batch-platform:notebook:Zeppelin", "batch-platform:microservice:Microservice"]) {
      expect(components, type).toContain(type);
    }
    expect(prod.outputs.trinoCatalogs).toEqual(["delta", "yugabyte", "kafka"]);
    expect(prod.outputs).toMatchObject({ hiveMetastore: "thrift://hive-metastore.processing.svc.cluster.local:9083", microservices: ["orders-api"] });
    expect(Object.keys(dagFolder(prod)).sort()).toEqual(["card_transactions.py", "card_transactions_load.yaml", "card_transactions_process.yaml", "orders.py", "orders_load.yaml", "orders_process.yaml"]);
    expect(plannedApplications(prod).map((a) => `${a.metadata.namespace}/${a.metadata.name}`).sort()).toEqual([
      "processing/card-transactions-load",
      "processing/card-transactions-process",
      "processing/orders-load",
      "processing/orders-process",
    ]);
    expect(prod.outputs.pipelines).toMatchObject({
      orders: { dag: "orchestration/dag-orders/orders.py", runtimeTemplates: ["processing/orders-process", "processing/orders-load"], servingTable: "warehouse.orders.daily_revenue" },
      "card-transactions": { runtimeTemplates: ["processing/card-transactions-process", "processing/card-transactions-load"] },
    });
    expect(prod.outputs).toMatchObject({ ysqlEndpoint: "yb-tservers.serving.svc.cluster.local:5433", ycqlEndpoint: "yb-tservers.serving.svc.cluster.local:9042", airflowApiServer: "https://airflow-api-server.orchestration.svc.cluster.local:8080" });
  });

  it("ship SparkApplications beside the DAGs that validate strictly: drivers off spot, executors tolerating it", () => {
    for (const [stack, document] of plans) {
      const applications = Object.entries(dagFolder(document)).filter(([file]) => file.endsWith(".yaml")).map(([, yaml]) => parse(yaml) as SparkApplicationObject);
      expect(applications).toEqual(plannedApplications(document));
      expect(applications.map((a) => a.metadata.name).sort(), stack).toEqual(["card-transactions-load", "card-transactions-process", "orders-load", "orders-process"]);
      for (const app of applications) {
        expect(validateSparkApplication(app), app.metadata.name).toEqual([]);
        expect(app.spec.driver.nodeSelector["batch-platform.io/pool"]).not.toBe("batch");
        expect(app.spec.driver.tolerations ?? []).toEqual([]);
        expect(app.spec.executor.nodeSelector).toEqual({ "batch-platform.io/pool": "batch" });
        expect(app.spec.executor.tolerations).toEqual([{ key: "batch-platform.io/spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
      }
    }
  });

  it("keep stateful sets off spot: databases and the lake select the stateful pool and tolerate nothing", () => {
    for (const [stack, document] of plans) {
      const yb = values(chart(document, "yugabyte"));
      expect(yb.nodeSelector, stack).toEqual({ "batch-platform.io/pool": "stateful" });
      expect([(yb.master as Values).tolerations, (yb.tserver as Values).tolerations]).toEqual([[], []]);
      expect(values(chart(document, "minio")).nodeSelector).toEqual({ "batch-platform.io/pool": "stateful" });
      expect(values(chart(document, "minio")).tolerations).toEqual([]);
      // Airflow's metadata database is a CloudNativePG Cluster; its instances go where the databases go.
      const [postgres] = plannedKubernetesObjects(document).filter((o) => o.kind === "Cluster" && o.apiVersion === "postgresql.cnpg.io/v1");
      const affinity = (postgres.object.spec as Values).affinity as Values;
      expect(affinity.nodeSelector, stack).toEqual({ "batch-platform.io/pool": "stateful" });
      expect(affinity.tolerations ?? []).toEqual([]);
      expect(values(chart(document, "airflow")).postgresql).toEqual({ enabled: false });
      expect(JSON.stringify(document.resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart").map((r) => r.inputs.values))).not.toContain("batch-platform.io/spot");
    }
  });

  it("run YugabyteDB with replication factor 3 spread over the three zones in prod, 1 in dev", () => {
    const prod = values(chart(plans.get("oss-prod")!, "yugabyte"));
    expect(prod.replicas).toEqual({ master: 3, tserver: 3, totalMasters: 3 });
    for (const server of ["master", "tserver"]) {
      expect(JSON.stringify((prod[server] as Values).affinity)).toContain('"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector"');
      expect(JSON.stringify((prod[server] as Values).affinity)).toContain('"topologyKey":"topology.kubernetes.io/zone"');
    }
    expect(chart(plans.get("oss-prod")!, "yugabyte").options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(plans.get("oss-prod")!.outputs.warehouseReplicationFactor).toBe(3);
    expect(values(chart(plans.get("oss-dev")!, "yugabyte")).replicas).toEqual({ master: 1, tserver: 1, totalMasters: 1 });
  });

  it("set the lake up with a Job of the platform's own once the chart is ready (Chart v4 omits Helm hooks)", () => {
    for (const stack of STACKS) {
      const document = sharedPlan(stack);
      const chart = document.resources.find((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.name === "lake-minio")!;
      const setup = document.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigGroup" && r.name === "lake-setup");
      expect(setup?.options.dependsOn, stack).toContain(chart.urn);
      const objects = plannedKubernetesObjects(document).filter((o) => o.label.includes("lake-setup"));
      const job = objects.find((o) => o.kind === "Job")!;
      expect((job.object.metadata as Values).namespace, stack).toBe("lake");
      const script = (objects.find((o) => o.kind === "ConfigMap")!.object.data as Record<string, string>)["setup.sh"]!;
      // Every zone's bucket, and a user for every consumer the chart values list.
      for (const zone of ["landing", "processing", "curated"]) expect(script, stack).toContain(` mb myminio/${zone}`);
      const users = ((chart.inputs.values as Values).users as { accessKey: string }[]).map((u) => u.accessKey);
      expect(users.length, stack).toBeGreaterThan(5);
      for (const user of users) {
        expect(script, `${stack} ${user}`).toContain(`{ echo ${user}; cat /etc/lake-users/${user}; echo; } |`);
        expect(script, `${stack} ${user}`).toContain(`--user=${user} `);
      }
    }
  });

  it("put no secret value anywhere: every generated password stays masked", () => {
    for (const [stack, document] of plans) {
      const json = canonicalJson(document);
      expect(json, stack).not.toMatch(/plan-random-/);
      for (const secret of document.resources.filter((r) => r.type === "kubernetes:core/v1:Secret")) expect(secret.inputs.stringData, secret.name).toBe("[secret]");
      for (const dag of Object.values(dags(document))) expect(dag).not.toMatch(/password\s*=|AKIA|secret_key/i);
    }
  });
});

describe("removing a pipeline", () => {
  let both: PlanDocument;
  let one: PlanDocument;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "stacks-"));
    copyFileSync(join(stacksDir, "Pulumi.oss-dev.yaml"), join(dir, "Pulumi.oss-dev.yaml"));
    const text = readFileSync(join(dir, "Pulumi.oss-dev.yaml"), "utf8");
    expect(text).toContain("batch-platform:pipelines: [card-transactions, orders]");
    writeFileSync(join(dir, "Pulumi.oss-dev.yaml"), text.replace("pipelines: [card-transactions, orders]", "pipelines: [orders]"));
    both = sharedPlan("oss-dev");
    one = await plan("oss-dev", dir);
  });

  it("removes every resource it generated and nothing else", () => {
    const urns = (document: PlanDocument) => new Set(document.resources.map((r) => r.urn));
    const gone = [...urns(both)].filter((urn) => !urns(one).has(urn));
    expect(gone.length).toBeGreaterThan(5);
    for (const urn of gone) expect(urn).toMatch(/card-transactions/);
    expect([...urns(one)].filter((urn) => !urns(both).has(urn))).toEqual([]);
    expect([...urns(one)].filter((urn) => /card-transactions/.test(urn))).toEqual([]);
  });

  it("leaves no object, DAG, job file, topic or Airflow mount of it behind; only Airflow's DAG folder, the topics and Trino's kafka tables change", () => {
    expect(JSON.stringify(one.resources.map((r) => r.inputs))).not.toMatch(/card[-_]transactions/);
    expect(Object.keys(dagFolder(one))).toEqual(["orders.py", "orders_load.yaml", "orders_process.yaml"]);
    const before = new Map(both.resources.map((r) => [r.urn, canonicalJson(r)]));
    const changed = one.resources.filter((r) => before.get(r.urn) !== canonicalJson(r)).map((r) => r.name);
    expect(changed.sort()).toEqual(["airflow", "airflow-chart", "kafka-cluster", "trino-trino"]);
    const airflow = one.resources.find((r) => r.name === "airflow-chart")!;
    const dags = { name: "dags", projected: { sources: [{ configMap: { name: "airflow-dags-folder" } }, { configMap: { name: "dag-orders" } }] } };
    const ca = { name: "platform-ca", secret: { items: [{ key: "ca.crt", path: "ca.crt" }], secretName: "batch-platform-ca" } };
    const dbCa = { name: "metadata-db-ca", secret: { items: [{ key: "ca.crt", path: "ca.crt" }], secretName: "airflow-db-ca" } };
    expect(JSON.stringify((airflow.inputs.values as Values).volumes)).toBe(JSON.stringify([dags, ca, dbCa]));
  });
});

describe("batch-platform:oss settings", () => {
  it("default every key (dev-sized) and merge a role's budget overrides onto its defaults", () => {
    const settings = ossSettingsSchema.parse({ namespaces: { processing: { budget: { pods: 300 } } } });
    expect(settings.yugabyte.replicationFactor).toBe(1);
    expect(roleBudget(settings, "processing")).toEqual({ ...DEFAULT_BUDGETS.processing, pods: 300 });
    expect(roleBudget(settings, "lake")).toEqual(DEFAULT_BUDGETS.lake);
  });

  it("refuse a placement the Spark renderer does not use", () => {
    const settings = ossSettingsSchema.parse({ placement: { poolLabelKey: "pool" } });
    expect(ossSettingsProblems(settings)).toEqual([
      'batch-platform:oss.placement.poolLabelKey: got "pool"; expected "batch-platform.io/pool" (Spark applications select pools by it)',
    ]);
  });

  it("stop the plan with exit-2 problems, naming the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stacks-"));
    copyFileSync(join(stacksDir, "Pulumi.oss-dev.yaml"), join(dir, "Pulumi.oss-dev.yaml"));
    const text = readFileSync(join(dir, "Pulumi.oss-dev.yaml"), "utf8");
    writeFileSync(join(dir, "Pulumi.oss-dev.yaml"), text.replace("replicationFactor: 1", "replicationFactor: 2"));
    await expect(planStack("oss-dev", { stacksDir: dir })).rejects.toThrow(PlanConfigError);
    await expect(planStack("oss-dev", { stacksDir: dir })).rejects.toThrow(/batch-platform:oss\.yugabyte\.replicationFactor: got 2/);
  });
});
