import { Provider } from "@pulumi/kubernetes/provider";
import {
  backupRetentionDays,
  BatchPipeline,
  CLOUDNATIVE_PG_POD_LABELS,
  CLOUDNATIVE_PG_WEBHOOK_PORT,
  ClusterLayout,
  MinioLake,
  nodePoolSetupCommands,
  nodeSelectorFor,
  SPARK_OPERATOR_WEBHOOK_LABELS,
  SPARK_OPERATOR_WEBHOOK_PORT,
  SPARK_PACKAGE_MIRROR_POD_LABELS,
  SparkEngine,
  SparkOperator,
  YSQL_METRICS_PORT,
  YugabyteDB,
  type NodePoolName,
} from "../../components";
import type { PlatformConfig } from "../config";
import { dagSettings, platformLabels } from "../labels";
import { selectedPipelines } from "../pipelines";
import { declareInTurn } from "./declare-in-turn";
import { ossOrchestration } from "./oss-orchestration";
import { ossQueryPlatform } from "./oss-query";
import { jvmCaTrustArgs, lakeEndpointCa, ossCertificates, ossMetastoreClients } from "./oss-tls";
import { ossSparkPackages } from "./oss-spark-packages";
import { sparkImageArgs } from "./oss-spark-image";
import { pipelineOutputs, type StackOutputs } from "./outputs";

/**
 * All open source on an existing Kubernetes cluster: the namespace layout, MinIO lake, YugabyteDB,
 * Spark Operator + Spark engine, the pipelines, Airflow running their DAGs, and the query side.
 */
export async function ossPlatform(config: PlatformConfig): Promise<StackOutputs> {
  const { oss, protectData: protect } = config;
  const labels = platformLabels(config);
  const pool = (name: NodePoolName) => nodeSelectorFor(name, oss.placement);
  const zones = config.cluster.zones ?? [];
  const {
    kubeconfig,
    cluster: { context },
  } = config;
  const cluster = new Provider("cluster", { kubeconfig, context, enableServerSideApply: true });

  const ports = [SPARK_OPERATOR_WEBHOOK_PORT];
  const sparkWebhook = { role: "processing", ports, podLabels: SPARK_OPERATOR_WEBHOOK_LABELS } as const;
  const cnpgPorts = [CLOUDNATIVE_PG_WEBHOOK_PORT];
  const cnpgWebhook = { role: "orchestration", ports: cnpgPorts, podLabels: CLOUDNATIVE_PG_POD_LABELS } as const;
  const layout = new ClusterLayout(
    "cluster",
    {
      namespaces: oss.namespaces,
      apiServerCidrs: oss.network.apiServerCidrs,
      apiServerPorts: oss.network.apiServerPorts,
      // Airflow submits SparkApplications, Spark drivers and Zeppelin start executor pods, the Spark
      // and Strimzi operators reconcile their resources.
      apiServerClients: ["orchestration", "processing", "explore", "serving"],
      // Only the Spark package mirror's pods download (Maven Central); Spark and Zeppelin copy its jars.
      internetEgressRoles: oss.network.packageDownloads ? ["processing"] : [],
      internetEgressPodLabels: SPARK_PACKAGE_MIRROR_POD_LABELS,
      webhooks: [sparkWebhook, cnpgWebhook],
      // No pod reaches a listener that cannot have a login: YSQL's metrics server.
      sealedPorts: { serving: [YSQL_METRICS_PORT] },
      labels,
      protect,
    },
    { providers: [cluster] },
  );
  const ns = layout.names;
  // Certificates for every listener and the CA bundle in every namespace (dev may opt out).
  const certManager = ossCertificates(config, ns, { providers: [cluster], dependsOn: [layout] });
  const tls = certManager?.tls;
  // Components request certificates: the issuer and the CA bundles come first.
  const opts = { providers: [cluster], dependsOn: [layout, ...(certManager?.ready ?? [])] };
  const stateful = { nodeSelector: pool("stateful"), labels, protect };

  const spreadOverZones = zones.length > 1;
  const lakeArgs = { ...config.lake.minio, namespace: ns.lake, zones: config.lake.zones, spreadOverZones };
  // Pipelines are declared one per turn of the event loop: the lake's users wait for the whole composition.
  let compositionDone = () => {};
  const consumersDeclared = new Promise<void>((resolve) => (compositionDone = resolve));
  const lake = new MinioLake("lake", { ...lakeArgs, tls, consumersDeclared, ...stateful }, opts);
  // Backups go to the processing zone, each under its own prefix and lake user; the zone's expiry
  // removes old YSQL dumps, Barman keeps two days less than it (backupRetentionDays).
  const retentionDays = backupRetentionDays(config.lake.zones.processing.retentionDays);
  // Backup tools trust the platform CA where it signed MinIO's certificate (not a stack-given one).
  const lakeCa = lakeEndpointCa(config, tls);
  const caTrust = { lake, ...(lakeCa ? { endpointCA: lakeCa } : {}) };
  const dbBackup = { ...caTrust, retentionDays };
  const warehouse = new YugabyteDB(
    "warehouse",
    {
      ...{ ...oss.yugabyte, namespace: ns.serving, zones, setupNodeSelector: pool("system") },
      ...{ backup: caTrust, tls, ...stateful },
    },
    opts,
  );
  // Spark's packages, mirrored into the lake for the jobs and Zeppelin (none with the jars in the image).
  const sparkPackages = ossSparkPackages(config, {
    lake,
    namespace: ns.processing,
    ...(lakeCa ? { endpointCA: lakeCa } : {}),
    opts,
  });
  const packageSource = sparkPackages.copy ? { packageSource: sparkPackages.copy } : {};
  const replicas = oss.spark.operatorReplicas;
  new SparkOperator(
    "spark-operator",
    {
      namespace: ns.processing,
      jobNamespaces: [ns.processing],
      controllerReplicas: replicas,
      webhookReplicas: replicas,
      nodeSelector: pool("system"),
      labels,
    },
    opts,
  );
  const { driver, executor, dynamicAllocation, hiveMetastoreUri, timeToLiveSeconds } = oss.spark;
  // Where TLS is on, the metastore admits only these clients, each through its own mTLS proxy.
  const metastoreClients = ossMetastoreClients(ns, tls);
  const sparkClient = metastoreClients.spark;
  const engine = new SparkEngine(
    "spark",
    {
      ...{ namespace: ns.processing, lake, driver: { ...driver, pool: "system" as const } },
      ...{ executor, dynamicAllocation, hiveMetastoreUri, timeToLiveSeconds, labels },
      ...sparkImageArgs(config),
      ...packageSource,
      ...jvmCaTrustArgs(config, tls),
      // Drivers reach the metastore through their own mutual-TLS proxy where TLS is on.
      ...(sparkClient ? { metastoreClient: sparkClient } : {}),
    },
    opts,
  );

  const specs = selectedPipelines(config);
  const dags = { namespace: ns.orchestration, settings: dagSettings(config) };
  // DAGs start jobs whose pods copy the mirror's jars: they come once the first copy is there.
  const pipelineOpts = { ...opts, dependsOn: [layout, warehouse, engine, ...sparkPackages.dependsOn] };
  const pipelines = await declareInTurn(
    specs,
    (spec) => new BatchPipeline(spec.name, { spec, lake, engine, warehouse, dags, labels }, pipelineOpts),
  );

  const orchestration = { layout, lake, warehouse, pipelines, backup: dbBackup, opts, tls };
  const { airflow, metadataDatabase } = ossOrchestration(config, orchestration);
  const query = ossQueryPlatform(config, {
    ...{ layout, lake, warehouse, engine, specs, opts, tls, metastoreClients },
    sparkPackages,
  });
  compositionDone();

  return {
    lakeZones: lake.zoneUris,
    lakeEndpoint: lake.endpoint,
    namespaces: ns,
    airflowApiServer: airflow.apiServerUrl,
    ysqlEndpoint: warehouse.ysqlEndpoint,
    ycqlEndpoint: warehouse.ycqlEndpoint,
    warehouseReplicationFactor: warehouse.replicationFactor,
    sparkNamespace: engine.namespace,
    ...query.outputs,
    pipelines: pipelineOutputs(pipelines),
    // Every listener with its TLS and authentication (docs/security.md, test/plan/listeners.test.ts).
    listeners: [lake, warehouse, airflow, metadataDatabase].flatMap((part) => part.listeners).concat(query.listeners),
    // Not Pulumi resources on an existing cluster; exported so the cost estimate prices them.
    nodePools: config.cluster.nodePools,
    nodePoolSetup: nodePoolSetupCommands(config.cluster.nodePools?.batch.spot ?? true, oss.placement),
  };
}
