import * as pulumi from "@pulumi/pulumi";
import {
  Airflow,
  BatchPipeline,
  BigQueryWarehouse,
  CertManager,
  CloudSqlPostgres,
  Dataflow,
  GcsLake,
  GkeCluster,
  GkeNamespace,
  GkeWorkloadIdentity,
  nodeSelectorFor,
  VpcNetwork,
  type Engine,
  type GkeNamespaceArgs,
} from "../../components";
import type { PlatformConfig } from "../config";
import { dagSettings, platformLabels } from "../labels";
import { selectedPipelines } from "../pipelines";
import { declareInTurn } from "./declare-in-turn";
import { gkeSparkEngine, SPARK_WEBHOOK } from "./gcp-spark";
import { movedFromGcpBatchPipeline } from "./moved-resources";
import { pipelineOutputs, type StackOutputs } from "./outputs";

/** One layer's BigQuery settings out of the per-setting maps of `batch-platform:gcp.bigquery`. */
function bigQueryLayers(settings: PlatformConfig["gcp"]["bigquery"]) {
  const { partitionExpirationDays, requirePartitionFilter, expectedSizeGb } = settings;
  const layer = (id: "bronze" | "silver" | "gold" | "serving") => ({
    partitionExpirationDays: partitionExpirationDays[id],
    requirePartitionFilter: requirePartitionFilter[id],
    expectedSizeGb: expectedSizeGb[id],
  });
  return { bronze: layer("bronze"), silver: layer("silver"), gold: layer("gold"), serving: layer("serving") };
}

/**
 * GCP hybrid: GCS lake, a private GKE cluster with the three pools, BigQuery datasets and per-pipeline
 * tables, Dataflow (or Spark on GKE) as the engine, and Airflow on GKE acting as its own Google
 * identity through workload identity, running the pipelines' DAGs.
 */
export async function gcpPlatform(config: PlatformConfig): Promise<StackOutputs> {
  const project = config.googleProject!; // required for the gcp variant by infra/config.ts
  const { gcp: settings, region, environment, namePrefix, protectData: protect } = config;
  const labels = platformLabels(config);
  const name = `${namePrefix}-${environment}`;

  const zones = config.lake.zones;
  const lake = new GcsLake("lake", { project, location: region, namePrefix, environment, zones, labels, protect });
  const network = new VpcNetwork("network", { project, region, networkName: name, ...settings.network });
  const { locationType, ...gkeSettings } = settings.gke;
  const gke = new GkeCluster("gke", {
    ...{ project, region, clusterName: name, regional: locationType === "regional", network },
    zones: config.cluster.zones,
    ...{ ...gkeSettings, nodePools: config.cluster.nodePools, deletionProtection: protect, labels },
    production: environment === "prod",
  });
  // Every Kubernetes object goes to this cluster through its provider.
  const k8s = { providers: [gke.provider] };
  const apiServerCidrs = [settings.gke.masterCidr];
  const namespace = (role: GkeNamespaceArgs["role"], name: string, webhooks?: GkeNamespaceArgs["webhooks"]) =>
    new GkeNamespace(name, { role, name, apiServerCidrs, webhooks, labels, protect }, k8s);
  const orchestration = namespace("orchestration", "orchestration");
  // The API server's certificate and the CA bundle for Airflow's pods (the platform CA on GKE).
  const apiServer = { cidrs: apiServerCidrs, ports: [443] };
  const tlsArgs = {
    bundleNamespaces: [orchestration.name],
    apiServer,
    nodeSelector: nodeSelectorFor("system"),
    labels,
    protect,
  };
  const certManager = new CertManager("tls", tlsArgs, { ...k8s, dependsOn: [orchestration] });
  const workloadPool = gke.workloadPool;
  const workloadIdentity = new GkeWorkloadIdentity({ project, workloadPool, accountIdPrefix: name });
  const layers = bigQueryLayers(settings.bigquery);
  const warehouse = new BigQueryWarehouse("warehouse", { project, location: region, layers, labels, protect });

  const dataflow = () => {
    const serviceAccountId = `${name}-dataflow`;
    return new Dataflow("dataflow", { project, region, lake, network, serviceAccountId, ...settings.dataflow, labels });
  };
  const spark = () => {
    const jobs = namespace("processing", "spark-jobs", [SPARK_WEBHOOK]);
    return gkeSparkEngine({ jobs, lake, workloadIdentity, spark: settings.spark, labels, k8s });
  };
  const engine: Engine = settings.engine === "dataflow" ? dataflow() : spark();

  const dags = { namespace: orchestration.name, settings: dagSettings(config) };
  const pipelines = await declareInTurn(selectedPipelines(config), (spec) => {
    const opts = { ...k8s, dependsOn: [orchestration.namespaceGroup], ...movedFromGcpBatchPipeline(spec.name) };
    return new BatchPipeline(spec.name, { spec, lake, engine, warehouse, dags, labels }, opts);
  });
  // Airflow's metadata database: Cloud SQL on the VPC's private range, logged into with IAM.
  const metadataDatabase = new CloudSqlPostgres(
    "airflow-db",
    {
      ...{ project, region, instanceName: `${name}-airflow`, network: network.networkId, database: "airflow" },
      ...{
        clientNamespace: orchestration.name,
        workloadIdentity,
        labels,
        protect,
        highAvailability: environment === "prod",
      },
      proxyReplicas: environment === "prod" ? 2 : 1,
    },
    { ...k8s, dependsOn: [orchestration] },
  );
  const airflow = new Airflow(
    "airflow",
    {
      ...{ namespace: orchestration.name, pipelines, workloadIdentity, remoteLogs: { lake }, labels, protect },
      ...{ metadataDatabase, nodeSelector: nodeSelectorFor("system"), tls: certManager.tls },
    },
    { ...k8s, dependsOn: [orchestration, ...certManager.ready, ...pipelines] },
  );

  return {
    lakeZones: lake.zoneUris,
    cluster: pulumi.output({ name: gke.clusterName, location: gke.location }),
    bigqueryDatasets: pulumi.output(warehouse.datasetIds),
    engine: pulumi.output({ kind: engine.kind, ...(engine instanceof Dataflow ? { image: engine.imageUri } : {}) }),
    airflowServiceAccount: airflow.identity.google?.email ?? "",
    dags: pulumi.output(pipelines.map((p) => p.dagFileName).sort()),
    pipelines: pipelineOutputs(pipelines),
    listeners: [...airflow.listeners, ...metadataDatabase.listeners],
  };
}
