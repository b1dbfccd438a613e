import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { SparkEngine } from "../../components/engine/spark-engine";
import { validateSparkApplication } from "../../components/engine/spark-application-schema";
import { BatchPipeline, batchPipelineNames } from "../../components/pipeline/batch-pipeline";
import type { YugabyteServer } from "../../components/warehouse/yugabyte-server";
import { mockPulumi, registered } from "../helpers/pulumi";
import { pipelineNamed } from "../helpers/pipelines";

const server: YugabyteServer = {
  namespace: "serving",
  host: "yb-tservers.serving.svc.cluster.local",
  ysqlPort: 5433,
  ycqlPort: 9042,
  adminSecretName: "warehouse-admin-credentials",
  image: "yugabytedb/yugabyte:2024.2.6.1-b2",
  nodeSelector: { "batch-platform.io/pool": "system" },
};

type ConfigMap = { kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; data: Record<string, string> };

describe("BatchPipeline (oss)", () => {
  let capture: RegistrationCapture;
  let pipeline: BatchPipeline;
  let configMaps: ConfigMap[];
  const orders = pipelineNamed("orders");
  beforeAll(async () => {
    capture = await mockPulumi();
    const engine = new SparkEngine("spark", {
      namespace: "processing",
      driver: { cores: 1, memory: "1g", memoryOverhead: "384m" },
      executor: { cores: 1, memory: "2g", memoryOverhead: "512m", instances: 1 },
      dynamicAllocation: { minExecutors: 1, maxExecutors: 2 },
      lake: { endpoint: "http://minio.lake.svc.cluster.local:9000", accessKey: "lake-admin", secretKey: "s3-secret-value" },
      hiveMetastoreUri: "thrift://hive-metastore.processing.svc.cluster.local:9083",
    });
    pipeline = new BatchPipeline("orders", {
      spec: orders,
      orchestrator: { namespace: "orchestration", s3ConnId: "minio_s3" },
      engine,
      lake: { landingBucket: "landing", processing: "s3a://processing", curated: "s3a://curated" },
      warehouse: { server, database: "warehouse", readerRole: "warehouse_reader" },
    });
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    configMaps = groups.find((g) => g.name === "orders-manifests")!.inputs.objs as unknown as ConfigMap[];
  });

  it("ships the job files to the Spark namespace and the DAG to Airflow's, under names derived from the pipeline", () => {
    expect(configMaps.map((c) => `${c.kind}/${c.metadata.namespace}/${c.metadata.name}`)).toEqual(["ConfigMap/processing/orders-job-files", "ConfigMap/orchestration/dag-orders"]);
    expect(Object.keys(configMaps[0].data).sort()).toEqual(["medallion_job.py", "medallion_plan.py", "orders.spec.json"]);
    expect(Object.keys(configMaps[1].data).sort()).toEqual(["orders.py", "orders_load.yaml", "orders_process.yaml"]);
    expect(configMaps[1].data["orders.py"]).toBe(pipeline.dag);
    // The templates are plan-visible objects: the plan expands ConfigMaps with this label.
    expect(configMaps[1].metadata.labels).toMatchObject({ "batch-platform.io/pipeline": "orders", "batch-platform.io/dag": "true", "batch-platform.io/manifest-templates": "true" });
    expect(batchPipelineNames(orders)).toEqual({ dagConfigMap: "dag-orders", jobFilesConfigMap: "orders-job-files", sinkCredentials: "orders-ysql", loaderRole: "orders_loader", schema: "orders" });
  });

  it("generates a DAG that compiles and submits the engine's SparkApplications (snapshot of the DAG)", () => {
    expect(pipeline.dag).toMatchSnapshot();
    const dir = mkdtempSync(join(tmpdir(), "dag-"));
    writeFileSync(join(dir, "orders.py"), pipeline.dag);
    const compiled = spawnSync("python3", ["-B", "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", join(dir, "orders.py")], { encoding: "utf8" });
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
    expect(pipeline.dag).toContain('application_file=PROCESS_APPLICATION');
    expect(pipeline.dag).toContain('PROCESS_APPLICATION = "orders_process.yaml"');
    expect(pipeline.dag).toContain('LOAD_APPLICATION = "orders_load.yaml"');
    const load = configMaps[1].data["orders_load.yaml"];
    expect(load).toContain("jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/warehouse");
    expect(load).toContain("orders-ysql");
  });

  it("renders SparkApplications that validate strictly, in the Spark namespace, with the pipeline's job files", () => {
    expect(pipeline.sparkApplications.map((a) => a.metadata.name)).toEqual(["orders-process", "orders-load"]);
    for (const app of pipeline.sparkApplications) {
      expect(validateSparkApplication(app)).toEqual([]);
      expect(validateSparkApplication(parse(JSON.stringify(app)))).toEqual([]);
      expect(app.metadata.namespace).toBe("processing");
      expect(app.spec.volumes).toEqual([{ name: "job-files", configMap: { name: "orders-job-files" } }]);
    }
    const load = pipeline.sparkApplications[1];
    expect(load.spec.driver.env.map((e) => `${e.name}<-${e.valueFrom.secretKeyRef.name}`)).toEqual([
      "AWS_ACCESS_KEY_ID<-spark-lake-credentials",
      "AWS_SECRET_ACCESS_KEY<-spark-lake-credentials",
      "YSQL_USER<-orders-ysql",
      "YSQL_PASSWORD<-orders-ysql",
    ]);
  });

  it("gets its own schema and loader role in the shared warehouse database, readable by the reader group", async () => {
    expect(pipeline.servingTable).toBe("warehouse.orders.daily_revenue");
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const [job] = groups.find((g) => g.name === "orders-sink-setup")!.inputs.objs as unknown as { metadata: { name: string }; spec: { template: { spec: { containers: { command: string[] }[] } } } }[];
    expect(job.metadata.name).toBe("ysql-setup-orders-loader");
    const script = job.spec.template.spec.containers[0].command[2];
    expect(script).toContain('CREATE SCHEMA IF NOT EXISTS "orders" AUTHORIZATION "orders_loader";');
    expect(script).toContain('ALTER DEFAULT PRIVILEGES FOR ROLE "orders_loader" IN SCHEMA "orders" GRANT SELECT ON TABLES TO "warehouse_reader";');
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    expect(secrets.find((s) => s.name === "orders-ysql")!.inputs.metadata).toMatchObject({ namespace: "processing" });
  });

  it("puts no credential into the DAG or any manifest", async () => {
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const text = JSON.stringify(groups.map((g) => g.inputs)) + pipeline.dag;
    expect(text).not.toMatch(/plan-random|s3-secret-value|lake-admin/);
  });
});
