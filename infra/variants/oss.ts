import { Provider } from "@pulumi/kubernetes/provider";
import { SparkEngine, SPARK_SUBMITTER_RULES } from "../../components/engine/spark-engine";
import { SparkOperator, SPARK_OPERATOR_WEBHOOK_LABELS, SPARK_OPERATOR_WEBHOOK_PORT } from "../../components/engine/spark-operator";
import { ClusterLayout } from "../../components/k8s/cluster-layout";
import { mapRoles } from "../../components/k8s/namespace-roles";
import { nodePoolSetupCommands } from "../../components/k8s/node-pool-setup";
import { nodeSelectorFor, type NodePoolName } from "../../components/k8s/placement";
import { MinioLake, minioEndpoint } from "../../components/lake/minio-lake";
import { inClusterKubernetesConnection, s3Connection } from "../../components/orchestrator/airflow-connections";
import { Airflow } from "../../components/orchestrator/airflow";
import { BatchPipeline } from "../../components/pipeline/batch-pipeline";
import { HiveMetastore } from "../../components/metastore/hive-metastore";
import { Microservice } from "../../components/microservice/microservice";
import { SAMPLE_MICROSERVICES } from "../../components/microservice/sample-microservices";
import { Zeppelin } from "../../components/notebook/zeppelin";
import { Trino, TRINO_SIZES } from "../../components/query/trino";
import { KafkaCluster, KAFKA_PRESETS } from "../../components/streaming/kafka-cluster";
import { PIPELINE_EVENT_TOPICS } from "../../components/streaming/kafka-topics";
import { YugabyteDatabase } from "../../components/warehouse/yugabyte-database";
import { YugabyteDB } from "../../components/warehouse/yugabyte-db";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";
import { declaredPipelines } from "../pipelines";
import { namespaceBudget } from "../settings/oss";
import type { StackOutputs } from "./outputs";

/** The YSQL database every pipeline's sink table lands in (one schema per pipeline), and its readers. */
const WAREHOUSE = { database: "warehouse", readerRole: "warehouse_reader" } as const;

/**
 * All open source on an existing Kubernetes cluster: the namespace layout, MinIO lake, YugabyteDB,
 * Spark Operator + Spark engine, the sample pipelines and Airflow running their DAGs.
 */
export function ossPlatform(config: PlatformConfig): StackOutputs {
  const labels = platformLabels(config);
  const oss = config.oss;
  const pool = (name: NodePoolName) => nodeSelectorFor(name, oss.placement);
  const zones = config.cluster.zones ?? [];
  const cluster = new Provider("cluster", { kubeconfig: config.kubeconfig, context: config.cluster.context, enableServerSideApply: true });

  const layout = new ClusterLayout(
    "cluster",
    {
      namespaces: mapRoles((role) => ({ ...oss.namespaces[role], budget: namespaceBudget(oss, role) })),
      apiServerCidrs: oss.network.apiServerCidrs,
      apiServerPorts: oss.network.apiServerPorts,
      // Airflow submits SparkApplications, Spark drivers and Zeppelin start executor pods, the Spark
      // and Strimzi operators reconcile their resources.
      apiServerClients: ["orchestration", "processing", "explore", "serving"],
      internetEgressRoles: oss.network.packageDownloads ? ["processing", "explore"] : [],
      webhooks: [{ role: "processing", ports: [SPARK_OPERATOR_WEBHOOK_PORT], podLabels: SPARK_OPERATOR_WEBHOOK_LABELS }],
      labels,
      protect: config.protectData,
    },
    { providers: [cluster] },
  );
  const ns = layout.names;
  const opts = { providers: [cluster], dependsOn: [layout] };

  const minio = config.lake.minio;
  const lake = new MinioLake(
    "lake",
    { ...minio, namespace: layout.namespaces.lake, zones: config.lake.zones, nodeSelector: pool("stateful"), spreadOverZones: zones.length > 1, labels, protect: config.protectData },
    opts,
  );
  // Plain text: the cdk8s-authored consumers put it into manifests. Buckets are named after the zones.
  const lakeEndpoint = minioEndpoint(ns.lake, minio?.tlsSecretName !== undefined);

  const warehouse = new YugabyteDB(
    "warehouse",
    { ...oss.yugabyte, namespace: ns.serving, zones, nodeSelector: pool("stateful"), setupNodeSelector: pool("system"), labels, protect: config.protectData },
    opts,
  );

  new SparkOperator("spark-operator", { namespace: ns.processing, jobNamespaces: [ns.processing], controllerReplicas: oss.spark.operatorReplicas, webhookReplicas: oss.spark.operatorReplicas, nodeSelector: pool("system"), labels }, opts);
  const engine = new SparkEngine(
    "spark",
    {
      namespace: ns.processing,
      driver: { ...oss.spark.driver, pool: "system" },
      executor: oss.spark.executor,
      dynamicAllocation: oss.spark.dynamicAllocation,
      lake: { endpoint: lakeEndpoint, accessKey: lake.rootUser, secretKey: lake.rootPassword },
      hiveMetastoreUri: oss.spark.hiveMetastoreUri,
      timeToLiveSeconds: oss.spark.timeToLiveSeconds,
      labels,
    },
    opts,
  );

  const selected = declaredPipelines.filter((spec) => config.pipelines === undefined || config.pipelines.includes(spec.name));
  const pipelines = selected.map(
      (spec) =>
        new BatchPipeline(
          spec.name,
          {
            spec,
            orchestrator: { namespace: ns.orchestration, s3ConnId: "minio_s3" },
            engine,
            lake: { landingBucket: "landing", processing: "s3a://processing", curated: "s3a://curated" },
            warehouse: { server: warehouse.server, ...WAREHOUSE },
            labels,
          },
          { ...opts, dependsOn: [layout, warehouse, engine] },
        ),
    );

  // Airflow's own read-only login on the warehouse (its `yugabyte_ysql` connection).
  const airflowWarehouse = new YugabyteDatabase(
    "airflow-warehouse",
    { server: warehouse.server, role: "airflow", access: { api: "ysql", database: WAREHOUSE.database, ownsDatabase: false, memberOf: [WAREHOUSE.readerRole] }, consumerNamespace: ns.orchestration, labels },
    { ...opts, dependsOn: [layout, warehouse] },
  );
  const airflow = new Airflow(
    "airflow",
    {
      namespace: ns.orchestration,
      dagConfigMaps: pipelines.map((p) => p.dagConfigMapName),
      connections: { minio_s3: s3Connection(lakeEndpoint, lake.rootUser, lake.rootPassword), kubernetes_default: inClusterKubernetesConnection(ns.processing) },
      connectionSecrets: { yugabyte_ysql: { secretName: airflowWarehouse.secretName, key: "connection" } },
      remoteLogging: { baseFolder: "s3://processing/airflow-logs", connId: "minio_s3" },
      metadataDatabase: { kind: "bundled", volumeSize: oss.airflow.database.volumeSize, storageClassName: oss.airflow.database.storageClassName, size: oss.airflow.database },
      workerRoles: [{ namespace: ns.processing, rules: SPARK_SUBMITTER_RULES }],
      scheduler: oss.airflow.scheduler,
      webserver: oss.airflow.webserver,
      triggerer: oss.airflow.triggerer,
      worker: oss.airflow.worker,
      nodeSelector: pool("system"),
      databaseNodeSelector: pool("stateful"),
      labels,
    },
    { ...opts, dependsOn: [layout, airflowWarehouse, ...pipelines] },
  );

  // Query and exploration: the Hive Metastore Spark registers tables in, Trino over the lake, the
  // warehouse and Kafka, Zeppelin notebooks on Spark — and the sample microservice on YugabyteDB.
  const env = config.environment;
  const lakeKeys = { accessKey: lake.rootUser, secretKey: lake.rootPassword };
  const metastore = new HiveMetastore(
    "hive-metastore",
    {
      namespace: ns.processing,
      lakeEndpoint,
      lakeCredentials: { secretName: engine.lakeCredentialsSecretName },
      // dev: the metastore's own small PostgreSQL; staging/prod: a database on YugabyteDB (RF 3 in prod).
      database: env === "dev" ? { kind: "postgres" } : { kind: "yugabyte", server: warehouse.server },
      replicas: env === "dev" ? 1 : 2,
      placement: oss.placement,
      labels,
      protect: config.protectData,
    },
    { ...opts, dependsOn: [layout, engine, warehouse] },
  );
  // The event topics of the pipelines this stack runs (a topic is named after its pipeline).
  const topics = PIPELINE_EVENT_TOPICS.filter((topic) => selected.some((spec) => topic.name.startsWith(spec.name)));
  const kafka = new KafkaCluster("kafka", { namespace: ns.serving, ...KAFKA_PRESETS[env], topics, placement: oss.placement, labels, protect: config.protectData }, opts);
  const trinoLogin = new YugabyteDatabase(
    "trino-warehouse",
    { server: warehouse.server, role: "trino", access: { api: "ysql", database: WAREHOUSE.database, ownsDatabase: false, memberOf: [WAREHOUSE.readerRole] }, consumerNamespace: ns.query, labels },
    { ...opts, dependsOn: [layout, warehouse] },
  );
  const trino = new Trino(
    "trino",
    {
      namespace: ns.query,
      metastoreUri: metastore.thriftUri,
      lakeEndpoint,
      lakeCredentials: lakeKeys,
      yugabyte: { host: warehouse.server.host, database: WAREHOUSE.database, login: { secretName: trinoLogin.secretName } },
      kafka: { bootstrapServers: kafka.bootstrapServers, topics: kafka.topics },
      sizing: TRINO_SIZES[env],
      spreadOverZones: zones.length > 1,
      placement: oss.placement,
      labels,
    },
    { ...opts, dependsOn: [layout, trinoLogin] },
  );
  const zeppelin = new Zeppelin("zeppelin", { namespace: ns.explore, lakeEndpoint, lakeCredentials: lakeKeys, metastoreUri: metastore.thriftUri, placement: oss.placement, labels, protect: config.protectData }, opts);
  // Each sample microservice gets its own database and login on YugabyteDB.
  const microservices = SAMPLE_MICROSERVICES.map(
    (service) => new Microservice(service.serviceName ?? "microservice", { ...service, namespace: ns.serving, yugabyte: warehouse.server, placement: oss.placement, labels }, { ...opts, dependsOn: [layout, warehouse] }),
  );

  return {
    lakeZones: lake.zoneUris,
    lakeEndpoint: lake.endpoint,
    namespaces: ns,
    airflowWebserver: airflow.webserverUrl,
    ysqlEndpoint: warehouse.ysqlEndpoint,
    ycqlEndpoint: warehouse.ycqlEndpoint,
    warehouseReplicationFactor: warehouse.replicationFactor,
    sparkNamespace: engine.namespace,
    hiveMetastore: metastore.thriftUri,
    trino: trino.endpoint,
    trinoCatalogs: trino.catalogNames,
    kafkaBootstrapServers: kafka.bootstrapServers,
    zeppelin: zeppelin.url,
    microservices: microservices.map((m) => m.serviceName),
    pipelines: Object.fromEntries(
      pipelines.map((p) => [
        p.spec.name,
        {
          schedule: p.spec.schedule,
          dag: `${ns.orchestration}/${p.dagConfigMapName}/${p.dagFileName}`,
          sparkApplications: p.sparkApplications.map((app) => `${app.metadata.namespace}/${app.metadata.name}`),
          servingTable: p.servingTable,
        },
      ]),
    ),
    // Not Pulumi resources on an existing cluster; exported so the cost estimate prices them.
    nodePools: config.cluster.nodePools,
    nodePoolSetup: nodePoolSetupCommands(config.cluster.nodePools?.batch.spot ?? true, oss.placement),
  };
}
