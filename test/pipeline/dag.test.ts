import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateSparkApplication } from "../../components/engine/spark-application-schema";
import type { BatchPipelineSpec } from "../../components/pipeline/batch-pipeline-spec";
import { bigQueryLoadSql } from "../../components/pipeline/dag/bigquery-load-sql";
import { dagFileName } from "../../components/pipeline/dag/dag-common";
import type { DagTarget } from "../../components/pipeline/dag/dag-target";
import { renderDag, renderDagFiles } from "../../components/pipeline/dag/render-dag";
import { specJson } from "../../components/pipeline/job-files";
import { declaredPipelines } from "../../infra/pipelines";
import { gcpDataflowTarget, gcpSparkTarget, ossTarget } from "../fixtures/pipeline/targets";
import { compilePython, python, REPO, tempFile } from "./python";
import { pipelineNamed } from "../helpers/pipelines";

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
function runDag(source: string, extra: readonly string[] = []): StubRun {
  const result = python(["test/fixtures/pipeline/airflow_stub.py", tempFile(source, "dag.py"), ...extra], REPO);
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as StubRun;
}

const task = (run: StubRun, id: string): StubTask => {
  const found = run.tasks.find((t) => t.task_id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};

// Credentials in URIs, private keys, AWS key ids, assignments of secret-named values.
const SECRET_PATTERNS = [/:\/\/[^/\s:"]+:[^@\s"]+@/, /-----BEGIN/, /AKIA[0-9A-Z]{16}/, /(password|secret|token)["']?\s*[:=]\s*["'][^"']+["']/i];

const cases: [string, BatchPipelineSpec, DagTarget][] = declaredPipelines.flatMap((pipeline) => [
  [`${pipeline.name} on oss`, pipeline, ossTarget] as [string, BatchPipelineSpec, DagTarget],
  [`${pipeline.name} on gcp (Dataflow)`, pipeline, gcpDataflowTarget] as [string, BatchPipelineSpec, DagTarget],
  [`${pipeline.name} on gcp (Spark on GKE)`, pipeline, gcpSparkTarget] as [string, BatchPipelineSpec, DagTarget],
]);

describe.each(cases)("DAG for %s", (_, pipeline, target) => {
  const source = renderDag(pipeline, target);

  it("compiles with python3 (py_compile) and matches the snapshot", () => {
    expect(compilePython(source, dagFileName(pipeline))).toEqual({ status: 0, stderr: "" });
    expect(source).toMatchSnapshot();
  });

  it("builds the DAG with only real operator arguments, in sensor → claim → engine → load → archive order", () => {
    const run = runDag(source);
    expect(run.dag).toMatchObject({ dag_id: pipeline.name.replace(/-/g, "_"), schedule: pipeline.schedule, catchup: false, max_active_runs: 1 });
    expect(run.dag.default_args).toMatchObject({ retries: 2 });
    expect(run.dag.tags).toEqual(["batch-platform", target.kind]);
    const order = run.edges.map(([from]) => from).concat(run.edges[run.edges.length - 1][1]);
    expect(order[0]).toBe("wait_for_landing_files");
    expect(order[1]).toBe("claim_landing_files");
    expect(order.slice(-2)).toEqual(["load_serving", "archive_processed_files"]);
    expect(run.tasks.length).toBe(order.length);
  });

  it("contains no secrets", () => {
    for (const pattern of SECRET_PATTERNS) expect(source).not.toMatch(pattern);
  });
});

describe("oss DAG", () => {
  const orders = pipelineNamed("orders");
  const source = renderDag(orders, ossTarget);
  const run = runDag(source);

  it("senses CSV files under the landing prefix on MinIO through the minio_s3 connection", () => {
    const sensor = task(run, "wait_for_landing_files");
    expect(sensor.class).toBe("S3KeySensor");
    expect(sensor.kwargs).toMatchObject({ bucket_name: "landing", bucket_key: "orders/*.csv", wildcard_match: true, aws_conn_id: "minio_s3", mode: "reschedule", soft_fail: true });
    expect(source).toContain('"minio_s3"');
  });

  it("submits valid SparkApplications shipped beside the DAG, with a templated run id, via the Kubernetes connection", () => {
    const files = renderDagFiles(orders, ossTarget);
    expect(Object.keys(files).sort()).toEqual(["orders.py", "orders_load.yaml", "orders_process.yaml"]);
    expect(files["orders.py"]).toBe(source);
    for (const [id, file] of [["bronze_silver_gold", "orders_process.yaml"], ["load_serving", "orders_load.yaml"]]) {
      const spark = task(run, id);
      expect(spark.class).toBe("SparkKubernetesOperator");
      expect(spark.kwargs).toMatchObject({ namespace: "spark-jobs", kubernetes_conn_id: "kubernetes_default", in_cluster: true, get_logs: true, application_file: file });
      expect(files[file]).toContain('"{{ run_id }}"');
      const app = parse(files[file].replace(/\{\{ (\w+) \}\}/g, "$1")) as unknown;
      expect(validateSparkApplication(app)).toEqual([]);
    }
    const process = parse(files["orders_process.yaml"].replace(/\{\{ (\w+) \}\}/g, "$1")) as { spec: { arguments: string[] } };
    expect(process.spec.arguments).toContain("s3a://landing/_inflight/orders/ts_nodash/");
  });

  it("claims and archives with a copy-then-delete task (run here against an in-memory bucket)", () => {
    expect(task(run, "claim_landing_files").kwargs.args).toEqual(["orders/", "_inflight/orders/{{ ts_nodash }}/"]);
    expect(task(run, "archive_processed_files").kwargs.args).toEqual(["_inflight/orders/{{ ts_nodash }}/", "_processed/orders/{{ ts_nodash }}/"]);
    const moved = runDag(source, ["--run-move", "orders/", "_inflight/orders/T1/"]);
    expect(moved.moved).toBe(2);
    expect(moved.objects).toEqual(["_inflight/orders/T1/a.csv", "_inflight/orders/T1/sub/b.csv", "other/c.csv"]);
  });
});

describe("gcp DAG", () => {
  const cards = pipelineNamed("card-transactions");

  it("launches the Flex Template with the spec, the claimed prefix and the worker environment, deferred", () => {
    const run = runDag(renderDag(cards, gcpDataflowTarget));
    expect(task(run, "wait_for_landing_files")).toMatchObject({
      class: "GCSObjectsWithPrefixExistenceSensor",
      kwargs: { bucket: "batch-platform-dev-landing", prefix: "card-transactions/", google_cloud_conn_id: "google_cloud_default" },
    });
    expect(task(run, "claim_landing_files")).toMatchObject({
      class: "GCSToGCSOperator",
      kwargs: { source_objects: ["card-transactions/"], destination_object: "_inflight/card-transactions/{{ ts_nodash }}/", move_object: true },
    });
    const flex = task(run, "bronze_silver_gold");
    expect(flex.class).toBe("DataflowStartFlexTemplateOperator");
    expect(flex.kwargs).toMatchObject({ location: "europe-west1", project_id: "batch-platform-dev", deferrable: true });
    const launch = (flex.kwargs.body as { launchParameter: Record<string, Record<string, unknown>> }).launchParameter;
    expect(JSON.parse(String(launch.parameters.spec))).toEqual(JSON.parse(specJson(cards)));
    expect(launch.parameters).toMatchObject({ landing: "gs://batch-platform-dev-landing/_inflight/card-transactions/{{ ts_nodash }}/", run_id: "{{ run_id }}" });
    expect(Object.keys(launch.environment).sort()).toEqual(
      ["ipConfiguration", "machineType", "maxWorkers", "network", "sdkContainerImage", "serviceAccountEmail", "stagingLocation", "subnetwork", "tempLocation"],
    );
    const load = task(run, "load_serving");
    expect(load.class).toBe("BigQueryInsertJobOperator");
    expect(load.kwargs).toMatchObject({ location: "EU", configuration: { query: { useLegacySql: false } } });
    expect(task(run, "archive_processed_files").kwargs).toMatchObject({ source_objects: ["_inflight/card-transactions/{{ ts_nodash }}/"], move_object: true });
  });

  it("can run Spark on GKE instead, exporting gold to BigQuery before the merge", () => {
    const run = runDag(renderDag(cards, gcpSparkTarget));
    expect(run.edges.map(([a]) => a)).toEqual(["wait_for_landing_files", "claim_landing_files", "bronze_silver_gold", "export_gold", "load_serving"]);
    expect(task(run, "export_gold").kwargs.application_file).toBe("card_transactions_export.yaml");
    const exportYaml = renderDagFiles(cards, gcpSparkTarget)["card_transactions_export.yaml"];
    const exportApp = parse(exportYaml.replace(/\{\{ (\w+) \}\}/g, "$1")) as { spec: { arguments: string[] } };
    expect(exportApp.spec.arguments).toEqual(expect.arrayContaining(["--bigquery-table", "batch-platform-dev.gold.card_transactions"]));
  });

  it("merges gold into the serving table on the sink keys, NULL-safe", () => {
    const sql = bigQueryLoadSql(cards, { projectId: "p-12345", goldDataset: "gold", servingDataset: "serving" });
    expect(sql).toContain("MERGE `p-12345.serving.card_daily_risk` AS target");
    expect(sql).toContain("target.`card_id` IS NOT DISTINCT FROM source.`card_id` AND target.`transaction_date` IS NOT DISTINCT FROM source.`transaction_date`");
    expect(sql).toContain("WHEN NOT MATCHED THEN INSERT ROW;");
  });

  it("replaces the serving table in one transaction for overwrite sinks", () => {
    const overwrite: BatchPipelineSpec = { ...cards, sink: { table: "t", mode: "overwrite" } };
    expect(bigQueryLoadSql(overwrite, { projectId: "p-12345", goldDataset: "gold", servingDataset: "serving" }).split("\n")).toEqual([
      "CREATE TABLE IF NOT EXISTS `p-12345.serving.t` LIKE `p-12345.gold.card_transactions`;",
      "BEGIN TRANSACTION;",
      "DELETE FROM `p-12345.serving.t` WHERE TRUE;",
      "INSERT INTO `p-12345.serving.t` (`card_id`, `transaction_date`, `transactions`, `total_amount`, `max_amount`, `distinct_merchants`) SELECT `card_id`, `transaction_date`, `transactions`, `total_amount`, `max_amount`, `distinct_merchants` FROM `p-12345.gold.card_transactions`;",
      "COMMIT TRANSACTION;",
    ]);
  });
});

describe("DAG targets and templating", () => {
  it("rejects target names that could escape their Python, SQL or Jinja context", () => {
    expect(() => renderDag(pipelineNamed("orders"), { ...gcpDataflowTarget, projectId: "p`; DROP" })).toThrow(/projectId: got "p`; DROP"; expected a GCP project id/);
    expect(() => renderDag(pipelineNamed("orders"), { ...ossTarget, landingBucket: "{{ var }}" })).toThrow(/landingBucket/);
    expect(() => renderDag(pipelineNamed("orders"), { ...ossTarget, ysql: { ...ossTarget.ysql, schema: 'x"' } })).toThrow(/ysql\.schema/);
    expect(() => renderDag(pipelineNamed("orders"), { ...ossTarget, retries: 1.5 })).toThrow(/retries: got 1\.5; expected an integer ≥ 0/);
  });

  it("spec JSON passed through templated fields holds no Jinja delimiters", () => {
    for (const pipeline of declaredPipelines) expect(specJson(pipeline)).not.toMatch(/\{\{|\{%|\{#/);
  });
});
