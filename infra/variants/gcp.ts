import * as pulumi from "@pulumi/pulumi";
import { GkeCluster } from "../../components/cluster/gke-cluster";
import { GkeNamespace, type GkeNamespaceArgs } from "../../components/cluster/gke-namespace";
import { VpcNetwork } from "../../components/cluster/network";
import { Dataflow } from "../../components/engine/dataflow";
import { SPARK_SUBMITTER_RULES } from "../../components/engine/spark-engine";
import { SparkOperator, SPARK_OPERATOR_WEBHOOK_LABELS, SPARK_OPERATOR_WEBHOOK_PORT } from "../../components/engine/spark-operator";
import { WorkloadIdentityAccount } from "../../components/identity/workload-identity-account";
import { GcsLake, gcsBucketArgs, type GcsLakeArgs } from "../../components/lake/gcs-lake";
import { mapZones } from "../../components/lake/lake-zone";
import { nodeSelectorFor } from "../../components/k8s/placement";
import { Airflow } from "../../components/orchestrator/airflow";
import type { GcpDagTarget } from "../../components/pipeline/dag/dag-target";
import { GcpBatchPipeline } from "../../components/pipeline/gcp-batch-pipeline";
import { gkeSparkEngine } from "../../components/pipeline/gcp-spark-engine";
import { BigQueryWarehouse } from "../../components/warehouse/bigquery-warehouse";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";
import { declaredPipelines } from "../pipelines";
import { DEFAULT_GKE_NODE_POOLS } from "../settings/gcp";
import type { StackOutputs } from "./outputs";

/** Namespace and component (= Helm release) name of Airflow; its worker and triggerer service accounts act as the Airflow identity. */
const AIRFLOW = { namespace: "orchestration", release: "airflow" } as const;
/** Airflow's Google connection: workload identity (Application Default Credentials), no key. */
const GOOGLE_CONN_ID = "google_cloud_default";

/**
 * GCP hybrid: GCS lake, a private GKE cluster with the three pools, BigQuery datasets and per-pipeline
 * tables, Dataflow (or Spark on GKE) as the engine, Airflow (the oss component) on GKE acting as its
 * Google identity through workload identity, and the sample pipelines' gcp DAGs delivered to it.
 */
export function gcpPlatform(config: PlatformConfig): StackOutputs {
  const project = config.googleProject!; // required for the gcp variant by infra/config.ts
  const settings = config.gcp;
  const labels = platformLabels(config);
  const name = `${config.namePrefix}-${config.environment}`;

  const lakeArgs: GcsLakeArgs = {
    location: config.region,
    namePrefix: config.namePrefix,
    environment: config.environment,
    zones: config.lake.zones,
    labels,
    protect: config.protectData,
  };
  const lake = new GcsLake("lake", lakeArgs);
  // Bucket names are fixed by the lake's naming; DAG files embed them as text.
  const bucket = mapZones((zone) => String(gcsBucketArgs(zone, lakeArgs).name));

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
    deletionProtection: config.protectData,
    labels,
  });
  // Every Kubernetes object goes to this cluster through its provider.
  const k8s = { providers: [gke.provider] };
  const namespace = (role: "orchestration" | "processing", namespaceName: string, webhooks?: GkeNamespaceArgs["webhooks"]) =>
    new GkeNamespace(namespaceName, { role, name: namespaceName, apiServerCidrs: [settings.gke.masterCidr], webhooks, labels, protect: config.protectData }, k8s);
  const orchestration = namespace("orchestration", AIRFLOW.namespace);

  const warehouse = new BigQueryWarehouse("warehouse", {
    project,
    location: config.region,
    layers: {
      bronze: layer(settings.bigquery, "bronze"),
      silver: layer(settings.bigquery, "silver"),
      gold: layer(settings.bigquery, "gold"),
      serving: layer(settings.bigquery, "serving"),
    },
    labels,
    protect: config.protectData,
  });

  // Airflow's Google identity: reads and moves landing files, launches the engine, MERGEs gold into serving.
  const airflow = new WorkloadIdentityAccount("airflow-identity", {
    project,
    accountId: `${name}-airflow`,
    displayName: "Airflow (batch-platform orchestrator)",
    workloadPool: gke.workloadPool,
    kubernetesServiceAccounts: ["worker", "triggerer", "webserver"].map((role) => ({ namespace: AIRFLOW.namespace, name: `${AIRFLOW.release}-${role}` })),
    // Query jobs exist only per project; the role grants no data access.
    projectRoles: ["roles/bigquery.jobUser"],
  });
  lake.grant("airflow-landing-write", airflow.email, "landing", "write");
  // Task logs (remote logging) and, with Dataflow, the template spec.
  lake.grant("airflow-processing-write", airflow.email, "processing", "write");
  warehouse.grant("airflow-gold-read", airflow.email, "gold", "read");
  warehouse.grant("airflow-serving-write", airflow.email, "serving", "write");

  /** Dataflow: the worker identity, image repository and template; Airflow may launch it. */
  function dataflowEngine() {
    const dataflow = new Dataflow("dataflow", {
      project,
      region: config.region,
      lake,
      processingBucketName: bucket.processing,
      warehouse,
      network,
      serviceAccountId: `${name}-dataflow`,
      machineType: settings.dataflow.machineType,
      maxWorkers: settings.dataflow.maxWorkers,
      imageTag: settings.dataflow.imageTag,
      labels,
    });
    dataflow.grantLaunch("airflow", airflow.email, { templateRead: false });
    return { launch: dataflow.launch, image: dataflow.imageUri, airflowRoles: [] };
  }

  /**
   * Spark on this cluster: the job namespace, the oss Spark Operator, the jobs' Google identity, and
   * Airflow's right to submit SparkApplications there. The drivers' ServiceAccount, Role and job files
   * are SparkEngine's, which so far speaks only S3 (MinIO keys): see docs/gcp.md.
   */
  function sparkEngine() {
    const launch = gkeSparkEngine({ projectId: project, processingBucket: bucket.processing, curatedBucket: bucket.curated, ...settings.spark });
    const jobs = namespace("processing", launch.spark.namespace, [{ ports: [SPARK_OPERATOR_WEBHOOK_PORT], podLabels: SPARK_OPERATOR_WEBHOOK_LABELS }]);
    new SparkOperator("spark-operator", { namespace: jobs.name, jobNamespaces: [jobs.name], nodeSelector: nodeSelectorFor("system"), labels }, { ...k8s, dependsOn: [jobs] });
    const spark = new WorkloadIdentityAccount("spark-identity", {
      project,
      accountId: `${name}-spark`,
      displayName: "Spark medallion jobs on GKE",
      workloadPool: gke.workloadPool,
      kubernetesServiceAccounts: [{ namespace: launch.spark.namespace, name: launch.spark.driver.serviceAccount }],
      // The BigQuery connector runs load jobs; jobs exist only per project.
      projectRoles: ["roles/bigquery.jobUser"],
    });
    lake.grant("spark-landing-read", spark.email, "landing", "read");
    lake.grant("spark-processing-write", spark.email, "processing", "write");
    lake.grant("spark-curated-write", spark.email, "curated", "write");
    warehouse.grant("spark-gold-write", spark.email, "gold", "write");
    return { launch, image: undefined, airflowRoles: [{ namespace: jobs.name, rules: SPARK_SUBMITTER_RULES }] };
  }

  const engine = settings.engine === "dataflow" ? dataflowEngine() : sparkEngine();

  const target: GcpDagTarget = {
    kind: "gcp",
    projectId: project,
    region: config.region,
    bigqueryLocation: warehouse.location,
    landingBucket: bucket.landing,
    datasets: warehouse.datasetIds,
    engine: engine.launch,
    owner: config.labels.owner,
    tags: [config.environment],
  };
  const selected = declaredPipelines.filter((spec) => config.pipelines === undefined || config.pipelines.includes(spec.name));
  const pipelines = selected.map(
    (pipeline) =>
      new GcpBatchPipeline(
        `pipeline-${pipeline.name}`,
        { pipeline, target, warehouse, dagDelivery: { namespace: orchestration.name, labels, dependsOn: [orchestration.namespaceGroup] } },
        k8s,
      ),
  );
  const dags = Object.assign({}, ...pipelines.map((p) => p.dagFile)) as Record<string, string>;
  new Airflow(
    AIRFLOW.release,
    {
      namespace: orchestration.name,
      dagConfigMaps: pipelines.map((p) => p.dagConfigMapName ?? ""),
      connections: { [GOOGLE_CONN_ID]: JSON.stringify({ conn_type: "google_cloud_platform", extra: { project } }) },
      remoteLogging: { baseFolder: `gs://${bucket.processing}/airflow-logs`, connId: GOOGLE_CONN_ID },
      cloudIdentityAnnotations: airflow.annotations,
      workerRoles: engine.airflowRoles,
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
    engine: pulumi.output({ kind: settings.engine, ...(engine.image !== undefined ? { image: engine.image } : {}) }),
    airflowServiceAccount: airflow.email,
    dags: pulumi.output(Object.keys(dags).sort()),
  };
}

/** One layer's BigQuery settings out of the per-setting maps of `batch-platform:gcp.bigquery`. */
function layer(bigquery: PlatformConfig["gcp"]["bigquery"], name: "bronze" | "silver" | "gold" | "serving") {
  return {
    partitionExpirationDays: bigquery.partitionExpirationDays[name],
    requirePartitionFilter: bigquery.requirePartitionFilter[name],
    expectedSizeGb: bigquery.expectedSizeGb[name],
  };
}
