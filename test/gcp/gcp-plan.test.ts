import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isBlocking, type PlanDocument, type PlanResource } from "../../infra/plan/document";
import { planStack } from "../../infra/plan/run-stack";
import { ROOT } from "../helpers/cli";
import { sharedPlan } from "../helpers/plans";

const stacksDir = join(ROOT, "stacks");
const GCP_STACKS = ["gcp-dev", "gcp-staging", "gcp-prod"] as const;

type Props = Record<string, unknown>;
const of = (doc: PlanDocument, type: string): PlanResource[] => doc.resources.filter((r) => r.type === type);
const rec = (value: unknown) => (value ?? {}) as Props;

/** The gcp-dev stack with `engine: spark`, in a temporary stacks folder. */
function sparkStacksDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "gcp-spark-"));
  const text = readFileSync(join(stacksDir, "Pulumi.gcp-dev.yaml"), "utf8").replace("engine: dataflow", "engine: spark");
  writeFileSync(join(dir, "Pulumi.gcp-spark.yaml"), text);
  return dir;
}

describe("the gcp stacks, planned offline (one process, one stack after another)", () => {
  const plans = new Map<string, PlanDocument>();
  let prod: PlanDocument;
  let spark: PlanDocument;
  beforeAll(async () => {
    for (const stack of GCP_STACKS) plans.set(stack, sharedPlan(stack));
    prod = plans.get("gcp-prod")!;
    spark = await planStack("gcp-spark", { stacksDir: sparkStacksDir() });
  });

  it("has every Kubernetes object valid and no blocking finding (prod: no finding at all)", () => {
    for (const [stack, doc] of [...plans, ["gcp-spark", spark] as const]) {
      expect(doc.findings.filter((f) => f.source === "kubernetes-schema"), stack).toEqual([]);
      expect(doc.findings.filter(isBlocking), stack).toEqual([]);
    }
    expect(prod.findings).toEqual([]);
  });

  it("puts the BigQuery datasets, the buckets and the cluster in the stack's one region", () => {
    const region = "europe-west4";
    for (const dataset of of(prod, "gcp:bigquery/dataset:Dataset")) expect(dataset.inputs.location).toBe(region);
    for (const bucket of of(prod, "gcp:storage/bucket:Bucket")) expect(String(bucket.inputs.location).toLowerCase()).toBe(region);
    expect(of(prod, "gcp:container/cluster:Cluster")[0].inputs.location).toBe(region);
    for (const doc of plans.values()) {
      for (const r of doc.resources) {
        for (const key of ["location", "region"]) {
          const value = r.inputs[key];
          if (typeof value === "string") expect(value.toLowerCase().startsWith(region), `${r.urn} ${key}=${value}`).toBe(true);
        }
      }
    }
  });

  it("runs three node pools, batch on Spot VMs, tainted and autoscaled (from 0 in dev, zonal in dev)", () => {
    for (const doc of plans.values()) {
      const pools = of(doc, "gcp:container/nodePool:NodePool");
      expect(pools.map((p) => p.inputs.name).sort(), doc.stack).toEqual(["batch", "stateful", "system"]);
      const batch = rec(pools.find((p) => p.inputs.name === "batch")!.inputs);
      expect(rec(batch.nodeConfig).spot).toBe(true);
      expect(rec(batch.nodeConfig).taints).toEqual([{ key: "batch-platform.io/spot", value: "true", effect: "NO_SCHEDULE" }]);
      for (const other of pools.filter((p) => p.inputs.name !== "batch")) expect(rec(other.inputs.nodeConfig).spot).toBe(false);
    }
    const dev = plans.get("gcp-dev")!;
    expect(of(dev, "gcp:container/cluster:Cluster")[0].inputs.location).toBe("europe-west4-a");
    expect(rec(of(dev, "gcp:container/nodePool:NodePool").find((p) => p.inputs.name === "batch")!.inputs.autoscaling).totalMinNodeCount).toBe(0);
    expect(rec(of(prod, "gcp:container/cluster:Cluster")[0].inputs.releaseChannel).channel).toBe("STABLE");
  });

  it("binds each Airflow role's Kubernetes service account to a Google account of its own through workload identity", () => {
    const bindings = of(prod, "gcp:serviceaccount/iAMMember:IAMMember").filter((m) => m.inputs.role === "roles/iam.workloadIdentityUser");
    const membersOf = (account: string) =>
      bindings.filter((m) => m.inputs.serviceAccountId === account).map((m) => String(m.inputs.member)).sort();
    const ksa = (name: string) => `serviceAccount:acme-data-prod.svc.id.goog[orchestration/${name}]`;
    expect(membersOf("acmebp-prod-airflow")).toEqual([ksa("airflow-worker")]);
    expect(membersOf("acmebp-prod-airflow-trigger")).toEqual([ksa("airflow-triggerer")]);
    expect(membersOf("acmebp-prod-airflow-api")).toEqual([ksa("airflow-api-server")]);
    // The Cloud SQL proxy has its own Google account, bound to its own ServiceAccount only.
    expect(membersOf("acmebp-prod-airflow-db-sql")).toEqual([ksa("airflow-db-proxy")]);
    expect(bindings).toHaveLength(4);
    // …and the chart's ServiceAccounts of those names carry the annotation that completes the binding.
    const values = of(prod, "kubernetes:helm.sh/v4:Chart").find((c) => c.inputs.chart === "airflow")!.inputs.values as Record<string, { serviceAccount: { name: string; annotations: Record<string, string> } }>;
    for (const role of ["workers", "triggerer", "apiServer"]) {
      expect(values[role].serviceAccount.annotations["iam.gke.io/gcp-service-account"], role).toMatch(/@acme-data-prod\.iam\.gserviceaccount\.com$/);
    }
    expect(rec(of(prod, "gcp:container/cluster:Cluster")[0].inputs.workloadIdentityConfig).workloadPool).toBe("acme-data-prod.svc.id.goog");
  });

  it("creates no service account key anywhere", () => {
    for (const doc of [...plans.values(), spark]) expect(of(doc, "gcp:serviceaccount/key:Key"), doc.stack).toEqual([]);
  });

  it("grants BigQuery data access per dataset only; project-wide roles are jobs, Dataflow and node telemetry", () => {
    const projectRoles = new Set(of(prod, "gcp:projects/iAMMember:IAMMember").map((m) => String(m.inputs.role)));
    expect([...projectRoles].sort()).toEqual([
      "roles/bigquery.jobUser",
      "roles/bigquery.readSessionUser",
      "roles/cloudsql.client",
      "roles/cloudsql.instanceUser",
      "roles/dataflow.developer",
      "roles/dataflow.worker",
      "roles/logging.logWriter",
      "roles/monitoring.metricWriter",
    ]);
    const datasetGrants = of(prod, "gcp:bigquery/datasetIamMember:DatasetIamMember").map((m) => `${String(m.inputs.member).split("@")[0]} ${m.inputs.datasetId} ${m.inputs.role}`);
    expect(datasetGrants.sort()).toEqual([
      "serviceAccount:acmebp-prod-airflow gold roles/bigquery.dataViewer",
      "serviceAccount:acmebp-prod-airflow serving roles/bigquery.dataEditor",
      "serviceAccount:acmebp-prod-airflow-trigger gold roles/bigquery.dataViewer",
      "serviceAccount:acmebp-prod-airflow-trigger serving roles/bigquery.dataEditor",
      "serviceAccount:acmebp-prod-dataflow bronze roles/bigquery.dataEditor",
      "serviceAccount:acmebp-prod-dataflow gold roles/bigquery.dataEditor",
      "serviceAccount:acmebp-prod-dataflow silver roles/bigquery.dataEditor",
    ]);
  });

  it("protects datasets, tables, buckets and the cluster in prod, and nothing in dev", () => {
    const guarded = ["gcp:bigquery/dataset:Dataset", "gcp:bigquery/table:Table", "gcp:storage/bucket:Bucket"];
    for (const type of guarded) {
      expect(of(prod, type).length, type).toBeGreaterThan(0);
      for (const r of of(prod, type)) expect(r.options, r.urn).toMatchObject({ protect: true, retainOnDelete: true });
    }
    for (const dataset of of(prod, "gcp:bigquery/dataset:Dataset")) expect(dataset.inputs.deletionPolicy).toBe("PREVENT");
    for (const table of of(prod, "gcp:bigquery/table:Table")) expect(table.inputs.deletionProtection).toBe(true);
    expect(of(prod, "gcp:container/cluster:Cluster")[0].inputs.deletionProtection).toBe(true);
    const dev = plans.get("gcp-dev")!;
    expect(dev.resources.filter((r) => r.options.protect).map((r) => r.urn)).toEqual([]);
    expect(of(dev, "gcp:container/cluster:Cluster")[0].inputs.deletionProtection).toBe(false);
  });

  it("declares the Dataflow template, datasets and a partitioned table set per sample pipeline", () => {
    const [template] = of(prod, "gcp:storage/bucketObject:BucketObject");
    expect(template.inputs).toMatchObject({ bucket: "acmebp-prod-processing", name: "templates/medallion.json" });
    expect(of(prod, "gcp:bigquery/dataset:Dataset").map((d) => d.inputs.datasetId).sort()).toEqual(["bronze", "gold", "serving", "silver"]);
    const tables = of(prod, "gcp:bigquery/table:Table");
    expect(tables.map((t) => `${t.inputs.datasetId}.${t.inputs.tableId}`).sort()).toEqual([
      "bronze.card_transactions", "bronze.orders", "gold.card_transactions", "gold.orders", "serving.card_daily_risk", "serving.daily_revenue",
    ]);
    for (const table of tables) expect(rec(table.inputs.timePartitioning).expirationMs, table.urn).toBeGreaterThan(0);
    expect(prod.outputs.dags).toEqual(["card_transactions.py", "orders.py"]);
  });

  it("labels every labelled resource with environment, component, cost-center and owner", () => {
    let checked = 0;
    for (const doc of plans.values()) {
      for (const r of doc.resources) {
        const labels = r.inputs.labels ?? r.inputs.resourceLabels ?? rec(r.inputs.nodeConfig).resourceLabels;
        if (labels === undefined || !r.type.startsWith("gcp:")) continue;
        expect(Object.keys(rec(labels)), r.urn).toEqual(expect.arrayContaining(["environment", "component", "cost-center", "owner"]));
        checked++;
      }
    }
    // Buckets, datasets, tables, the cluster, its pools and the image repository, in three stacks.
    expect(checked).toBe(3 * (3 + 4 + 6 + 1 + 3 + 1));
  });

  it("switches to Spark on GKE by config: no Dataflow, a Spark identity bound by workload identity", () => {
    expect(spark.resources.some((r) => r.type === "batch-platform:engine:Dataflow")).toBe(false);
    const members = of(spark, "gcp:serviceaccount/iAMMember:IAMMember").map((m) => m.inputs.member);
    expect(members).toContain("serviceAccount:acme-data-dev.svc.id.goog[spark-jobs/spark]");
    expect(spark.outputs.engine).toEqual({ kind: "spark" });
    expect(spark.resources.some((r) => r.type === "batch-platform:engine:SparkOperator")).toBe(true);
    // Airflow's tasks may submit SparkApplications in the job namespace, and nowhere else; its scheduler
    // launches the task pods in its own namespace.
    const objects = of(spark, "kubernetes:yaml/v2:ConfigGroup").flatMap((g) => g.inputs.objs as Props[]);
    const airflowRoles = objects.filter((o) => o.kind === "Role" && String(rec(o.metadata).name).startsWith("airflow-"));
    const where = (r: Props) => `${String(rec(r.metadata).namespace)}/${String(rec(r.metadata).name)}`;
    expect(airflowRoles.map(where)).toEqual(["orchestration/airflow-scheduler-pod-launcher", "spark-jobs/airflow-worker-orchestration"]);
    // The jobs' own account, its Role and each pipeline's job files are there for the drivers.
    const inJobs = objects.filter((o) => rec(o.metadata).namespace === "spark-jobs").map((o) => `${o.kind}/${rec(o.metadata).name}`);
    expect(inJobs).toEqual(expect.arrayContaining(["ServiceAccount/spark", "Role/spark-driver", "ConfigMap/orders-job-files", "ConfigMap/card-transactions-job-files"]));
  });

  describe("Airflow on GKE (gcp-prod)", () => {
    const objects = (doc: PlanDocument) =>
      of(doc, "kubernetes:yaml/v2:ConfigGroup").flatMap((group) => group.inputs.objs as Props[]);

    it("runs the oss Airflow component through the cluster's provider, its worker acting as the Google account", () => {
      const [chart] = of(prod, "kubernetes:helm.sh/v4:Chart");
      expect(chart.parent).toMatch(/batch-platform:orchestrator:Airflow::airflow$/);
      const values = rec(chart.inputs.values);
      const worker = rec(rec(values.workers).serviceAccount);
      const email = "acmebp-prod-airflow@acme-data-prod.iam.gserviceaccount.com";
      expect(worker.annotations).toEqual({ "iam.gke.io/gcp-service-account": email });
      // The annotated Kubernetes service account is the one bound through workload identity.
      const binding = of(prod, "gcp:serviceaccount/iAMMember:IAMMember").find((m) => String(m.inputs.member).endsWith(`[orchestration/${worker.name}]`));
      expect(binding?.inputs).toMatchObject({ role: "roles/iam.workloadIdentityUser", serviceAccountId: "acmebp-prod-airflow" });
      expect(rec(rec(values.config).logging)).toMatchObject({ remote_logging: "True", remote_base_log_folder: "gs://acmebp-prod-processing/airflow-logs", remote_log_conn_id: "google_cloud_default" });
      for (const r of prod.resources.filter((x) => x.type.startsWith("kubernetes:"))) expect(r.options.provider, r.urn).toMatch(/pulumi:providers:kubernetes::gke-k8s$/);
    });

    it("mounts both sample pipelines' DAGs from their ConfigMaps", () => {
      const [chart] = of(prod, "kubernetes:helm.sh/v4:Chart");
      const volumes = rec(chart.inputs.values).volumes as { projected: { sources: { configMap: { name: string } }[] } }[];
      const mounted = volumes[0].projected.sources.map((s) => s.configMap.name);
      expect(mounted).toEqual(expect.arrayContaining(["dag-orders", "dag-card-transactions"]));
      const dagMaps = objects(prod).filter((o) => o.kind === "ConfigMap" && String(rec(o.metadata).name).startsWith("dag-"));
      expect(dagMaps.map((o) => [rec(o.metadata).namespace, Object.keys(rec(o.data))])).toEqual([
        ["orchestration", ["card_transactions.py"]],
        ["orchestration", ["orders.py"]],
      ]);
      expect(String(rec(dagMaps[1].data)["orders.py"])).toContain("DataflowStartFlexTemplateOperator(");
    });

    it("keeps Airflow's namespace default-deny, with the metadata server reachable for workload identity", () => {
      const policies = objects(prod).filter((o) => o.kind === "NetworkPolicy").map((o) => rec(o.metadata).name);
      expect(policies).toEqual(expect.arrayContaining(["default-deny", "allow-dns", "allow-api-server", "allow-https-out", "allow-gke-metadata-server"]));
      const namespace = objects(prod).find((o) => o.kind === "Namespace")!;
      expect(rec(namespace.metadata).labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "baseline", environment: "prod", "cost-center": "data-platform" });
    });
  });
});
