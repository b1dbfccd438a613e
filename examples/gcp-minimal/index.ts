// GCS landing → Dataflow → BigQuery, run by Airflow on an existing GKE cluster: one pipeline,
// composed only from the batch-platform library. `npm run plan -- --program examples/gcp-minimal`.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import {
  Airflow,
  BatchPipeline,
  BigQueryWarehouse,
  CloudSqlPostgres,
  Dataflow,
  GcsLake,
  GkeNamespace,
  GkeWorkloadIdentity,
  validatePipelineSpec,
} from "batch-platform";

export = async () => {
  const config = new pulumi.Config();
  const gcp = new pulumi.Config("gcp");
  const project = gcp.require("project");
  const region = gcp.require("region");
  const network = config.requireObject<{ id: string; name: string; subnetwork: string }>("network");
  const labels = { environment: "dev", owner: config.require("owner"), "cost-center": "analytics" };
  const cluster = new Provider("gke", { kubeconfig: config.requireSecret("kubeconfig"), enableServerSideApply: true });
  const k8s = { providers: [cluster] };

  // Private, versioned buckets per zone; datasets per layer; the Dataflow engine with its own workers.
  const zones = {
    landing: { versioning: true, retentionDays: 7 },
    processing: { versioning: true, retentionDays: 14 },
    curated: { versioning: true },
  };
  const lake = new GcsLake("lake", {
    project,
    location: region,
    namePrefix: "acme",
    environment: "dev",
    zones,
    labels,
  });
  const warehouse = new BigQueryWarehouse("warehouse", { project, location: region, labels });
  const engine = new Dataflow("dataflow", {
    project,
    region,
    lake,
    network: { networkId: network.id, networkName: network.name, subnetworkPath: network.subnetwork },
    serviceAccountId: "acme-dev-dataflow",
    machineType: "n2-standard-2",
    maxWorkers: 4,
    imageTag: "0.1.0",
    labels,
  });

  // The pipeline, declared in code here (the platform keeps its own in pipelines/*.yaml).
  const spec = validatePipelineSpec({
    name: "page-views",
    landingPrefix: "page-views/",
    format: "json",
    sourceColumns: ["page", "viewed_at", "user_id"],
    schedule: "@hourly",
    silver: { cast: { viewed_at: "timestamp" }, deriveDate: { view_date: "viewed_at" }, dropNullsIn: ["page"] },
    gold: { groupBy: ["view_date", "page"], aggregates: [{ column: "*", fn: "count", as: "views" }] },
    sink: { table: "daily_page_views", mode: "merge", keys: ["view_date", "page"] },
    partitionBy: "view_date",
  });
  const airflowNamespace = new GkeNamespace(
    "airflow",
    { role: "orchestration", name: "airflow", apiServerCidrs: [config.require("masterCidr")], labels },
    k8s,
  );
  const dags = { namespace: airflowNamespace.name, settings: { owner: labels.owner, tags: ["dev"] } };
  const pipeline = new BatchPipeline(
    spec.name,
    { spec, lake, engine, warehouse, dags, labels },
    { ...k8s, dependsOn: [airflowNamespace] },
  );

  // Airflow gets its own Google account and exactly what the pipeline's tasks need.
  const workloadIdentity = new GkeWorkloadIdentity({
    project,
    workloadPool: `${project}.svc.id.goog`,
    accountIdPrefix: "acme-dev",
  });
  // Its metadata database: Cloud SQL on the VPC, logged into with IAM through a proxy in its namespace.
  const metadataDatabase = new CloudSqlPostgres(
    "airflow-db",
    {
      ...{ project, region, instanceName: "acme-dev-airflow", network: network.id, database: "airflow" },
      ...{ clientNamespace: airflowNamespace.name, workloadIdentity, labels },
    },
    { ...k8s, dependsOn: [airflowNamespace] },
  );
  const airflow = new Airflow(
    "airflow",
    { namespace: airflowNamespace.name, pipelines: [pipeline], workloadIdentity, remoteLogs: { lake }, metadataDatabase, labels },
    { ...k8s, dependsOn: [pipeline] },
  );

  return {
    lakeZones: lake.zoneUris,
    servingTable: pipeline.servingTable,
    airflowAccount: airflow.identity.google?.email,
  };
};
