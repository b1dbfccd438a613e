import * as pulumi from "@pulumi/pulumi";
import { GkeCluster } from "../../components/cluster/gke-cluster";
import { GkeNamespace, type GkeNamespaceArgs } from "../../components/cluster/gke-namespace";
import { VpcNetwork } from "../../components/cluster/network";
import { Dataflow } from "../../components/engine/dataflow";
import type { Engine } from "../../components/engine/engine";
import { SparkEngine } from "../../components/engine/spark-engine";
import { SparkOperator, SPARK_OPERATOR_WEBHOOK_LABELS, SPARK_OPERATOR_WEBHOOK_PORT } from "../../components/engine/spark-operator";
import { GkeWorkloadIdentity } from "../../components/identity/gke-workload-identity";
import { nodeSelectorFor } from "../../components/k8s/placement";
import { GcsLake } from "../../components/lake/gcs-lake";
import { Airflow } from "../../components/orchestrator/airflow";
import { BatchPipeline } from "../../components/pipeline/batch-pipeline";
import { BIGQUERY_JOB_USER_ROLE, BigQueryWarehouse } from "../../components/warehouse/bigquery-warehouse";
import type { PlatformConfig } from "../config";
import { dagSettings, platformLabels } from "../labels";
import { selectedPipelines } from "../pipelines";
import { DEFAULT_GKE_NODE_POOLS } from "../settings/gcp";
import { movedFromGcpBatchPipeline } from "./moved-resources";
import { pipelineOutputs, type StackOutputs } from "./outputs";

/**
 * GCP hybrid: GCS lake, a private GKE cluster with the three pools, BigQuery datasets and per-pipeline
 * tables, Dataflow (or Spark on GKE) as the engine, and Airflow on GKE acting as its own Google
 * identity through workload identity, running the pipelines' DAGs.
 */
export function gcpPlatform(config: PlatformConfig): StackOutputs {
  const project = config.googleProject!; // required for the gcp variant by infra/config.ts
  const settings = config.gcp;
  const labels = platformLabels(config);
  const protect = config.protectData;
  const name = `${config.namePrefix}-${config.environment}`;

  const lake = new GcsLake("lake", { project, location: config.region, namePrefix: config.namePrefix, environment: config.environment, zones: config.lake.zones, labels, protect });
  const network = new VpcNetwork("network", { project, region: config.region, networkName: name, ...settings.network });
  const gke = new GkeCluster("gke", {
    project,
    region: config.region,
    clusterName: name,
    regional: settings.gke.locationType === "regional",
    zones: config.cluster.zones,
    network,
    releaseChannel: settings.gke.releaseChannel,
    masterAuthorizedNetworks: settings.gke.masterAuthorizedNetworks,
    masterCidr: settings.gke.masterCidr,
    nodePools: config.cluster.nodePools ?? DEFAULT_GKE_NODE_POOLS,
    deletionProtection: protect,
    labels,
  });
  // Every Kubernetes object goes to this cluster through its provider.
  const k8s = { providers: [gke.provider] };
  const namespace = (role: "orchestration" | "processing", namespaceName: string, webhooks?: GkeNamespaceArgs["webhooks"]) =>
    new GkeNamespace(namespaceName, { role, name: namespaceName, apiServerCidrs: [settings.gke.masterCidr], webhooks, labels, protect }, k8s);
  const orchestration = namespace("orchestration", "orchestration");
  const workloadIdentity = new GkeWorkloadIdentity({ project, workloadPool: gke.workloadPool, accountIdPrefix: name });

  const bigquery = settings.bigquery;
  const layer = (id: "bronze" | "silver" | "gold" | "serving") => ({
    partitionExpirationDays: bigquery.partitionExpirationDays[id],
    requirePartitionFilter: bigquery.requirePartitionFilter[id],
    expectedSizeGb: bigquery.expectedSizeGb[id],
  });
  const warehouse = new BigQueryWarehouse("warehouse", {
    project,
    location: config.region,
    layers: { bronze: layer("bronze"), silver: layer("silver"), gold: layer("gold"), serving: layer("serving") },
    labels,
    protect,
  });

  /** Spark on this cluster: its job namespace, the Spark Operator, and jobs acting as their own Google account. */
  function sparkEngine(): Engine {
    const jobs = namespace("processing", "spark-jobs", [{ ports: [SPARK_OPERATOR_WEBHOOK_PORT], podLabels: SPARK_OPERATOR_WEBHOOK_LABELS }]);
    new SparkOperator("spark-operator", { namespace: jobs.name, jobNamespaces: [jobs.name], nodeSelector: nodeSelectorFor("system"), labels }, { ...k8s, dependsOn: [jobs] });
    const { minExecutors, maxExecutors } = settings.spark;
    return new SparkEngine(
      "spark",
      {
        namespace: jobs.name,
        lake,
        workloadIdentity,
        // The BigQuery connector runs load jobs, which exist only per project.
        cloudRoles: [BIGQUERY_JOB_USER_ROLE],
        driver: { cores: 1, memory: "2g", memoryOverhead: "512m" },
        executor: { instances: Math.max(minExecutors, 1), cores: 2, memory: "4g", memoryOverhead: "1g" },
        dynamicAllocation: { minExecutors, maxExecutors },
        labels,
      },
      { ...k8s, dependsOn: [jobs] },
    );
  }
  const engine: Engine =
    settings.engine === "dataflow"
      ? new Dataflow("dataflow", { project, region: config.region, lake, network, serviceAccountId: `${name}-dataflow`, ...settings.dataflow, labels })
      : sparkEngine();

  const dags = { namespace: orchestration.name, settings: dagSettings(config) };
  const pipelines = selectedPipelines(config).map(
    (spec) =>
      new BatchPipeline(spec.name, { spec, lake, engine, warehouse, dags, labels }, { ...k8s, dependsOn: [orchestration.namespaceGroup], ...movedFromGcpBatchPipeline(spec.name) }),
  );
  const airflow = new Airflow(
    "airflow",
    {
      namespace: orchestration.name,
      pipelines,
      workloadIdentity,
      remoteLogs: { lake },
      nodeSelector: nodeSelectorFor("system"),
      databaseNodeSelector: nodeSelectorFor("stateful"),
      labels,
    },
    { ...k8s, dependsOn: [orchestration, ...pipelines] },
  );

  return {
    lakeZones: lake.zoneUris,
    cluster: pulumi.output({ name: gke.clusterName, location: gke.location }),
    bigqueryDatasets: pulumi.output(warehouse.datasetIds),
    engine: pulumi.output({ kind: engine.kind, ...(engine instanceof Dataflow ? { image: engine.imageUri } : {}) }),
    airflowServiceAccount: airflow.identity.google?.email ?? "",
    dags: pulumi.output(pipelines.map((p) => p.dagFileName).sort()),
    pipelines: pipelineOutputs(pipelines),
  };
}
