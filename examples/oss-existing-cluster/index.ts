// MinIO landing → Spark + Delta → YugabyteDB, run by Airflow, on a cluster that already exists:
// one pipeline, composed only from the batch-platform library.
// `npm run plan -- --program examples/oss-existing-cluster`.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import {
  Airflow,
  AIRFLOW_METADATA_CA_FILE,
  BatchPipeline,
  CLOUDNATIVE_PG_POD_LABELS,
  CLOUDNATIVE_PG_WEBHOOK_PORT,
  CloudNativePgOperator,
  ClusterLayout,
  MinioLake,
  PostgresCluster,
  nodeSelectorFor,
  SPARK_OPERATOR_WEBHOOK_LABELS,
  SPARK_OPERATOR_WEBHOOK_PORT,
  SparkEngine,
  SparkOperator,
  YugabyteDB,
  validatePipelineSpec,
} from "batch-platform";

export = async () => {
  const config = new pulumi.Config();
  const labels = { environment: "dev", owner: config.require("owner"), "cost-center": "analytics" };
  const cluster = new Provider("cluster", { context: config.get("context"), enableServerSideApply: true });

  // A namespace per role with Pod Security, default-deny NetworkPolicies and dev-sized quotas.
  // The API server calls the Spark and CloudNativePG operators' admission webhooks.
  const webhooks = [
    { role: "processing", ports: [SPARK_OPERATOR_WEBHOOK_PORT], podLabels: SPARK_OPERATOR_WEBHOOK_LABELS },
    { role: "orchestration", ports: [CLOUDNATIVE_PG_WEBHOOK_PORT], podLabels: CLOUDNATIVE_PG_POD_LABELS },
  ] as const;
  const layout = new ClusterLayout("layout", { webhooks, labels }, { providers: [cluster] });
  const ns = layout.names;
  const opts = { providers: [cluster], dependsOn: [layout] };
  const stateful = { nodeSelector: nodeSelectorFor("stateful"), labels };

  const zones = {
    landing: { versioning: false, retentionDays: 7 },
    processing: { versioning: false, retentionDays: 14 },
    curated: { versioning: false },
  };
  const lake = new MinioLake("lake", { namespace: ns.lake, zones, ...stateful }, opts);
  const warehouse = new YugabyteDB("warehouse", { namespace: ns.serving, ...stateful }, opts);
  new SparkOperator("spark-operator", { namespace: ns.processing, jobNamespaces: [ns.processing], labels }, opts);
  const engine = new SparkEngine(
    "spark",
    {
      namespace: ns.processing,
      lake,
      driver: { cores: 1, memory: "1g", memoryOverhead: "384m" },
      executor: { cores: 1, memory: "2g", memoryOverhead: "512m", instances: 1 },
      labels,
    },
    opts,
  );

  const spec = validatePipelineSpec({
    name: "sensor-readings",
    landingPrefix: "sensors/",
    format: "csv",
    sourceColumns: ["sensor_id", "reading", "read_at"],
    schedule: "0 */6 * * *",
    silver: {
      cast: { reading: "double", read_at: "timestamp" },
      deriveDate: { read_date: "read_at" },
      dropNullsIn: ["sensor_id", "reading"],
    },
    gold: { groupBy: ["sensor_id", "read_date"], aggregates: [{ column: "reading", fn: "avg", as: "mean_reading" }] },
    sink: { table: "daily_sensor_means", mode: "merge", keys: ["sensor_id", "read_date"] },
    partitionBy: "read_date",
  });
  const dags = { namespace: ns.orchestration, settings: { owner: labels.owner, tags: ["dev"] } };
  const pipeline = new BatchPipeline(
    spec.name,
    { spec, lake, engine, warehouse, dags, labels },
    { ...opts, dependsOn: [layout, warehouse, engine] },
  );
  // Airflow's metadata database: PostgreSQL from the CloudNativePG operator, backed up to the lake.
  const operator = new CloudNativePgOperator("cnpg", { namespace: ns.orchestration, labels }, opts);
  const metadataDatabase = new PostgresCluster(
    "airflow-db",
    {
      ...{ namespace: ns.orchestration, database: "airflow", owner: "airflow", backup: { lake }, ...stateful },
      // Airflow mounts the cluster's CA there: its connection verifies the server.
      clientCaFile: AIRFLOW_METADATA_CA_FILE,
    },
    { ...opts, dependsOn: [layout, operator] },
  );
  const airflow = new Airflow(
    "airflow",
    { namespace: ns.orchestration, pipelines: [pipeline], remoteLogs: { lake }, metadataDatabase, labels },
    { ...opts, dependsOn: [layout, pipeline] },
  );

  return { lakeZones: lake.zoneUris, servingTable: pipeline.servingTable, airflow: airflow.apiServerUrl };
};
