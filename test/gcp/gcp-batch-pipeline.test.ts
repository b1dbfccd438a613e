import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { GcpDagTarget } from "../../components/pipeline/dag/dag-target";
import { GcpBatchPipeline } from "../../components/pipeline/gcp-batch-pipeline";
import { gkeSparkEngine } from "../../components/pipeline/gcp-spark-engine";
import { BigQueryWarehouse } from "../../components/warehouse/bigquery-warehouse";
import { declaredPipelines } from "../../infra/pipelines";
import { mockPulumi, registered } from "../helpers/pulumi";
import { compilePython, JOBS_DIR } from "../pipeline/python";
import { pipelineNamed } from "../helpers/pipelines";

const project = "acme-data-dev";
const base = {
  kind: "gcp",
  projectId: project,
  region: "europe-west4",
  bigqueryLocation: "europe-west4",
  landingBucket: "acme-dev-landing",
  datasets: { bronze: "bronze", silver: "silver", gold: "gold", serving: "serving" },
} as const;
const dataflowTarget: GcpDagTarget = {
  ...base,
  engine: {
    kind: "dataflow",
    templateGcsPath: "gs://acme-dev-processing/templates/medallion.json",
    tempLocation: "gs://acme-dev-processing/dataflow/tmp",
    stagingLocation: "gs://acme-dev-processing/dataflow/staging",
    network: "acme-dev",
    subnetwork: "regions/europe-west4/subnetworks/acme-dev-europe-west4",
    machineType: "e2-standard-2",
    maxWorkers: 2,
    serviceAccountEmail: `acme-dev-dataflow@${project}.iam.gserviceaccount.com`,
    sdkContainerImage: `europe-west4-docker.pkg.dev/${project}/batch-platform/medallion-template:0.1.0`,
  },
};
const sparkTarget: GcpDagTarget = {
  ...base,
  engine: gkeSparkEngine({ projectId: project, processingBucket: "acme-dev-processing", curatedBucket: "acme-dev-curated", minExecutors: 1, maxExecutors: 4 }),
};

describe("GcpBatchPipeline", () => {
  let capture: RegistrationCapture;
  let warehouse: BigQueryWarehouse;
  const dataflow: GcpBatchPipeline[] = [];
  const spark: GcpBatchPipeline[] = [];
  beforeAll(async () => {
    capture = await mockPulumi();
    warehouse = new BigQueryWarehouse("warehouse", { project, location: "europe-west4", labels: { environment: "dev", "cost-center": "data", owner: "team" } });
    for (const pipeline of declaredPipelines) {
      dataflow.push(new GcpBatchPipeline(`df-${pipeline.name}`, { pipeline, target: dataflowTarget, warehouse, dagDelivery: { namespace: "orchestration" } }));
      spark.push(new GcpBatchPipeline(`spark-${pipeline.name}`, { pipeline, target: sparkTarget, warehouse }));
    }
  });

  it("compiles each declaration into a DAG file: sensor → claim → Dataflow Flex Template → BigQuery MERGE → archive", () => {
    expect(dataflow.map((p) => Object.keys(p.dagFile)[0])).toEqual(["card_transactions.py", "orders.py"]);
    for (const p of dataflow) {
      const source = Object.values(p.dagFile)[0];
      expect(source).toContain("GCSObjectsWithPrefixExistenceSensor(");
      expect(source).toContain("DataflowStartFlexTemplateOperator(");
      expect(source).toContain("BigQueryInsertJobOperator(");
      expect(source).toContain('"containerSpecGcsPath": "gs://acme-dev-processing/templates/medallion.json"');
      expect(source).toMatch(/wait_for_files >> claim >> bronze_silver_gold >> load_serving >> archive/);
    }
  });

  it("switches the engine step to SparkApplications on GKE when the engine is spark", () => {
    for (const p of spark) {
      const id = Object.keys(p.dagFile).find((f) => f.endsWith(".py"))!;
      const source = p.dagFile[id];
      expect(source).toContain("SparkKubernetesOperator(");
      expect(source).not.toContain("DataflowStartFlexTemplateOperator");
      const templates = Object.entries(p.dagFile).filter(([file]) => file.endsWith(".yaml"));
      expect(templates.map(([file]) => file.replace(/^[a-z_]+_/, ""))).toEqual(["process.yaml", "export.yaml"]);
      expect(templates.map(([, yaml]) => yaml).join("\n")).toContain("gs://acme-dev-curated/");
    }
  });

  it("produces DAGs and a Beam job that byte-compile (python3 -m py_compile)", () => {
    for (const p of [...dataflow, ...spark]) {
      const [[file, source]] = Object.entries(p.dagFile).filter(([name]) => name.endsWith(".py"));
      const result = compilePython(source, file);
      expect(result.status, result.stderr).toBe(0);
    }
    const beam = compilePython(readFileSync(join(JOBS_DIR, "medallion_beam.py"), "utf8"), "medallion_beam.py");
    expect(beam.status, beam.stderr).toBe(0);
  });

  it("declares bronze only where Dataflow writes it, and gold and serving per pipeline", async () => {
    const tables = await registered(capture, "gcp:bigquery/table:Table");
    const ids = (prefix: string) => tables.filter((t) => t.name.startsWith(prefix)).map((t) => `${t.inputs.datasetId}.${t.inputs.tableId}`).sort();
    expect(ids("df-orders")).toEqual(["bronze.orders", "gold.orders", "serving.daily_revenue"]);
    expect(ids("spark-card-transactions")).toEqual(["gold.card_transactions", "serving.card_daily_risk"]);
  });

  it("delivers the DAG as a ConfigMap dag-<pipeline> in Airflow's namespace when asked", async () => {
    expect(dataflow.map((p) => p.dagConfigMapName)).toEqual(["dag-card-transactions", "dag-orders"]);
    expect(spark[0].dagConfigMapName).toBeUndefined();
    const maps = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).flatMap((g) => g.inputs.objs as unknown as { kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; data: Record<string, string> }[]);
    expect(maps.map((m) => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`).sort()).toEqual(["ConfigMap orchestration/dag-card-transactions", "ConfigMap orchestration/dag-orders"]);
    const orders = maps.find((m) => m.metadata.name === "dag-orders")!;
    expect(orders.data).toEqual(dataflow.find((p) => p.dagConfigMapName === "dag-orders")!.dagFile);
    expect(orders.metadata.labels).toMatchObject({ "batch-platform.io/dag": "true", "batch-platform.io/pipeline": "orders" });
  });

  it("refuses a target that addresses other datasets than the warehouse's", () => {
    const wrong: GcpDagTarget = { ...dataflowTarget, datasets: { ...dataflowTarget.datasets, serving: "marts" } };
    expect(() => new GcpBatchPipeline("wrong", { pipeline: pipelineNamed("orders"), target: wrong, warehouse })).toThrow(/target\.datasets\.serving: got "marts"; expected the warehouse's dataset "serving"/);
  });
});
