import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { validateSparkApplication } from "../../components/engine/spark-application-schema";
import type { Engine } from "../../components/engine/engine";
import type { DataLake } from "../../components/lake/data-lake";
import { BatchPipeline } from "../../components/pipeline/batch-pipeline";
import { specJson } from "../../components/pipeline/job-files";
import type { Warehouse } from "../../components/warehouse/warehouse";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { bigquery, dataflowEngine, gcsLake, minioLake, sparkEngine, yugabyte } from "../helpers/parts";
import { pipelineNamed } from "../helpers/pipelines";
import { mockPulumi, registered } from "../helpers/pulumi";
import { compilePython, python, REPO, tempFile } from "./python";

interface StubTask {
  readonly class: string;
  readonly task_id: string;
  readonly kwargs: Record<string, unknown>;
}
interface StubRun {
  readonly dag: Record<string, unknown>;
  readonly tasks: readonly StubTask[];
  readonly edges: readonly [string, string][];
  readonly moved?: number;
  readonly objects?: readonly string[];
}

/** Executes a DAG file against the Airflow stand-ins (exact operator signatures); fails on any error. */
async function runDag(source: string, extra: readonly string[] = []): Promise<StubRun> {
  const result = await python(["test/fixtures/pipeline/airflow_stub.py", tempFile(source, "dag.py"), ...extra], REPO);
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as StubRun;
}

const task = (run: StubRun, id: string): StubTask => {
  const found = run.tasks.find((t) => t.task_id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};
const order = (run: StubRun) => run.edges.map(([from]) => from).concat(run.edges[run.edges.length - 1][1]);

// Credentials in URIs, private keys, AWS key ids, assignments of secret-named values.
const SECRET_PATTERNS = [/:\/\/[^/\s:"]+:[^@\s"]+@/, /-----BEGIN/, /AKIA[0-9A-Z]{16}/, /(password|secret|token)["']?\s*[:=]\s*["'][^"']+["']/i];

interface Composition {
  readonly title: string;
  readonly build: (prefix: string) => { lake: DataLake; engine: Engine; warehouse: Warehouse };
  /** Task classes in run order. */
  readonly classes: readonly string[];
}

const COMPOSITIONS: readonly Composition[] = [
  {
    title: "MinIO + Spark + YugabyteDB",
    build: (p) => {
      const lake = minioLake(`${p}-lake`);
      return { lake, engine: sparkEngine(lake, `${p}-spark`), warehouse: yugabyte(`${p}-warehouse`) };
    },
    classes: ["S3KeySensor", "@task", "SparkKubernetesOperator", "SparkKubernetesOperator", "@task"],
  },
  {
    title: "GCS + Dataflow + BigQuery",
    build: (p) => {
      const lake = gcsLake(`${p}-lake`);
      return { lake, engine: dataflowEngine(lake, `${p}-dataflow`), warehouse: bigquery(`${p}-warehouse`) };
    },
    classes: ["GCSObjectsWithPrefixExistenceSensor", "GCSToGCSOperator", "DataflowStartFlexTemplateOperator", "BigQueryInsertJobOperator", "GCSToGCSOperator"],
  },
  {
    title: "GCS + Spark on GKE + BigQuery",
    build: (p) => {
      const lake = gcsLake(`${p}-lake`);
      return { lake, engine: sparkEngine(lake, `${p}-spark`), warehouse: bigquery(`${p}-warehouse`) };
    },
    classes: ["GCSObjectsWithPrefixExistenceSensor", "GCSToGCSOperator", "SparkKubernetesOperator", "SparkKubernetesOperator", "BigQueryInsertJobOperator", "GCSToGCSOperator"],
  },
  {
    // No variant composes this: Spark on GKE over GCS, serving from YugabyteDB in the same cluster.
    title: "GCS + Spark + YugabyteDB",
    build: (p) => {
      const lake = gcsLake(`${p}-lake`);
      return { lake, engine: sparkEngine(lake, `${p}-spark`), warehouse: yugabyte(`${p}-warehouse`) };
    },
    classes: ["GCSObjectsWithPrefixExistenceSensor", "GCSToGCSOperator", "SparkKubernetesOperator", "SparkKubernetesOperator", "GCSToGCSOperator"],
  },
];

describe("BatchPipeline over the role contracts", () => {
  let capture: RegistrationCapture;
  const built = new Map<string, BatchPipeline>();
  const cards = pipelineNamed("card-transactions");
  const orders = pipelineNamed("orders");
  beforeAll(async () => {
    capture = await mockPulumi();
    COMPOSITIONS.forEach((composition, i) => {
      const parts = composition.build(`c${i}`);
      for (const spec of [orders, cards]) {
        built.set(`${composition.title}/${spec.name}`, new BatchPipeline(`c${i}-${spec.name}`, { spec, ...parts, dags: { namespace: "orchestration", settings: { owner: "team", tags: ["dev"] } } }));
      }
    });
  });
  const pipeline = (title: string, spec = "orders") => built.get(`${title}/${spec}`)!;

  describe.each(COMPOSITIONS.map((c) => [c.title, c] as const))("%s", (title, composition) => {
    it("assembles sensor → claim → engine → load → archive from the parts, and the DAG compiles", async () => {
      for (const spec of [orders, cards]) {
        const p = pipeline(title, spec.name);
        expect(await compilePython(p.dag, p.dagFileName)).toEqual({ status: 0, stderr: "" });
        const run = await runDag(p.dag);
        expect(run.tasks.map((t) => t.class)).toEqual(composition.classes);
        expect(run.tasks.length).toBe(order(run).length);
        expect(order(run)[0]).toBe("wait_for_landing_files");
        expect(order(run)[1]).toBe("claim_landing_files");
        expect(order(run).at(-1)).toBe("archive_processed_files");
        expect(run.dag).toMatchObject({ dag_id: spec.name.replace(/-/g, "_"), schedule: spec.schedule, catchup: false, max_active_runs: 1 });
        expect((run.dag.default_args as Record<string, unknown>).owner).toBe("team");
      }
    });

    it("ships only SparkApplications that validate strictly beside the DAG, and no secrets", () => {
      const p = pipeline(title);
      for (const [file, text] of Object.entries(p.dagFiles)) {
        for (const pattern of SECRET_PATTERNS) expect(text, file).not.toMatch(pattern);
        if (!file.endsWith(".yaml")) continue;
        expect(validateSparkApplication(parse(text.replace(/\{\{ (\w+) \}\}/g, "$1")))).toEqual([]);
      }
    });
  });

  it("tags each DAG with the parts it runs on and the environment", async () => {
    const run = await runDag(pipeline("GCS + Spark + YugabyteDB").dag);
    expect(run.dag.tags).toEqual(["batch-platform", "gcs", "spark", "yugabytedb", "dev"]);
  });

  it("MinIO: senses the format under the prefix, claims with copy-then-delete (run against an in-memory bucket)", async () => {
    const run = await runDag(pipeline("MinIO + Spark + YugabyteDB").dag);
    expect(task(run, "wait_for_landing_files").kwargs).toMatchObject({ bucket_name: "landing", bucket_key: "orders/*.csv", wildcard_match: true, aws_conn_id: "minio_s3", mode: "reschedule", soft_fail: true });
    expect(task(run, "claim_landing_files").kwargs.args).toEqual(["minio_s3", "landing", "orders/", "_inflight/orders/{{ ts_nodash }}/"]);
    expect(task(run, "archive_processed_files").kwargs.args).toEqual(["minio_s3", "landing", "_inflight/orders/{{ ts_nodash }}/", "_processed/orders/{{ ts_nodash }}/"]);
    const moved = await runDag(pipeline("MinIO + Spark + YugabyteDB").dag, ["--run-move", "orders/", "_inflight/orders/T1/"]);
    expect(moved.moved).toBe(2);
    expect(moved.objects).toEqual(["_inflight/orders/T1/a.csv", "_inflight/orders/T1/sub/b.csv", "other/c.csv"]);
  });

  it("Spark → YugabyteDB: process reads the claimed files, the load stage writes over JDBC with the pipeline's login", async () => {
    const p = pipeline("MinIO + Spark + YugabyteDB");
    expect(Object.keys(p.dagFiles).sort()).toEqual(["orders.py", "orders_load.yaml", "orders_process.yaml"]);
    const run = await runDag(p.dag);
    expect(task(run, "bronze_silver_gold").kwargs).toMatchObject({ namespace: "processing", application_file: "orders_process.yaml", kubernetes_conn_id: "kubernetes_default", in_cluster: true });
    const processArgs = (parse(p.dagFiles["orders_process.yaml"]) as { spec: { arguments: string[] } }).spec.arguments;
    expect(processArgs).toEqual(expect.arrayContaining(["--landing", "s3a://landing/_inflight/orders/{{ ts_nodash }}/", "--processing", "s3a://processing"]));
    const load = p.dagFiles["orders_load.yaml"];
    expect(load).toContain("jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/warehouse");
    expect(load).toContain("orders-ysql");
    expect(p.servingTable).toBe("warehouse.orders.daily_revenue");
  });

  it("Dataflow → BigQuery: one Flex Template launch with the spec and the warehouse's datasets, then a NULL-safe MERGE", async () => {
    const p = pipeline("GCS + Dataflow + BigQuery", "card-transactions");
    const run = await runDag(p.dag);
    expect(task(run, "wait_for_landing_files").kwargs).toMatchObject({ bucket: "acme-dev-landing", prefix: "card-transactions/", google_cloud_conn_id: "google_cloud_default" });
    expect(task(run, "claim_landing_files").kwargs).toMatchObject({ source_objects: ["card-transactions/"], destination_object: "_inflight/card-transactions/{{ ts_nodash }}/", move_object: true });
    const flex = task(run, "bronze_silver_gold");
    expect(flex.kwargs).toMatchObject({ location: "europe-west4", project_id: "acme-data-dev", deferrable: true });
    const launch = (flex.kwargs.body as { launchParameter: Record<string, Record<string, unknown>> }).launchParameter;
    expect(JSON.parse(String(launch.parameters.spec))).toEqual(JSON.parse(specJson(cards)));
    expect(launch.parameters).toMatchObject({ landing: "gs://acme-dev-landing/_inflight/card-transactions/{{ ts_nodash }}/", run_id: "{{ run_id }}", bronze_dataset: "bronze", gold_dataset: "gold" });
    expect(launch.containerSpecGcsPath).toBe("gs://acme-dev-processing/templates/medallion.json");
    const load = task(run, "load_serving");
    expect(load.kwargs).toMatchObject({ location: "europe-west4", configuration: { query: { useLegacySql: false } } });
    expect(p.dag).toContain("MERGE `acme-data-dev.serving.card_daily_risk` AS target");
    expect(p.dag).toContain("IS NOT DISTINCT FROM source.`card_id`");
  });

  it("Spark → BigQuery: exports gold to the warehouse's gold table before the MERGE", async () => {
    const p = pipeline("GCS + Spark on GKE + BigQuery", "card-transactions");
    const run = await runDag(p.dag);
    expect(order(run)).toEqual(["wait_for_landing_files", "claim_landing_files", "bronze_silver_gold", "export_gold", "load_serving", "archive_processed_files"]);
    const exportArgs = (parse(p.dagFiles["card_transactions_export.yaml"]) as { spec: { arguments: string[] } }).spec.arguments;
    expect(exportArgs).toEqual(expect.arrayContaining(["--bigquery-table", "acme-data-dev.gold.card_transactions", "--curated", "gs://acme-dev-curated"]));
  });

  it("declares the warehouse's tables per pipeline: bronze only where the engine keeps the medallion in BigQuery", async () => {
    const tables = await registered(capture, "gcp:bigquery/table:Table");
    const ids = (prefix: string) => tables.filter((t) => t.name.startsWith(prefix)).map((t) => `${t.inputs.datasetId}.${t.inputs.tableId}`).sort();
    expect(ids("c1-orders")).toEqual(["bronze.orders", "gold.orders", "serving.daily_revenue"]);
    expect(ids("c2-card-transactions")).toEqual(["gold.card_transactions", "serving.card_daily_risk"]);
  });

  it("grants the engine what the gold handoff needs: the Spark account writes gold, Dataflow's workers bronze to gold", async () => {
    const grants = (await registered(capture, "gcp:bigquery/datasetIamMember:DatasetIamMember")).map((g) => g.name).sort();
    expect(grants).toEqual(["c1-dataflow-worker-bronze-write", "c1-dataflow-worker-gold-write", "c1-dataflow-worker-silver-write", "c2-spark-gold-write"]);
  });

  it("puts the pipeline's ConfigMaps (job files, DAG) in one ConfigGroup, the DAG in the orchestrator's namespace", async () => {
    const group = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).find((g) => g.name === "c0-orders-manifests")!;
    const objs = group.inputs.objs as unknown as { kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; data: Record<string, string> }[];
    expect(objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(["ConfigMap/processing/orders-job-files", "ConfigMap/orchestration/dag-orders"]);
    expect(Object.keys(objs[0].data).sort()).toEqual(["medallion_job.py", "medallion_plan.py", "orders.spec.json"]);
    expect(objs[1].data["orders.py"]).toBe(pipeline("MinIO + Spark + YugabyteDB").dag);
    expect(objs[1].metadata.labels).toMatchObject({ "batch-platform.io/pipeline": "orders", "batch-platform.io/dag": "true", "batch-platform.io/manifest-templates": "true" });
  });

  it("hands the orchestrator what the tasks need: connections, a submit role, access keyed once", () => {
    const needs = (title: string) => pipeline(title).needs.map((n) => (n.kind === "connection" ? `connection:${n.connId}` : n.kind === "access" ? `access:${n.key}` : n.kind === "cloudRole" ? `cloudRole:${n.role}` : `role:${n.namespace}`));
    expect(needs("MinIO + Spark + YugabyteDB")).toEqual(["connection:minio_s3", "access:lake:landing:write", "connection:kubernetes_default", "role:processing"]);
    expect(needs("GCS + Dataflow + BigQuery")).toEqual([
      "connection:google_cloud_default",
      "access:lake:landing:write",
      "connection:google_cloud_default",
      "access:dataflow:gs://acme-dev-processing/templates/medallion.json:launch",
      "connection:google_cloud_default",
      "cloudRole:roles/bigquery.jobUser",
      "access:bigquery:acme-data-dev:gold:read",
      "access:bigquery:acme-data-dev:serving:write",
    ]);
  });

  it("refuses a composition whose parts cannot hand gold over, before registering the pipeline's resources", async () => {
    await mockPulumi();
    const lake = gcsLake("x-lake");
    expect(() => new BatchPipeline("x", { spec: orders, lake, engine: dataflowEngine(lake, "x-dataflow"), warehouse: yugabyte("x-warehouse"), dags: { namespace: "orchestration" } })).toThrow(
      /Dataflow keeps bronze, silver and gold in its own warehouse; YugabyteDB takes gold from an engine that keeps the medallion in the lake/,
    );
  });
});
