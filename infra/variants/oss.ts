import { Provider } from "@pulumi/kubernetes/provider";
import { SparkEngine } from "../../components/engine/spark-engine";
import { SparkOperator, SPARK_OPERATOR_WEBHOOK_LABELS, SPARK_OPERATOR_WEBHOOK_PORT } from "../../components/engine/spark-operator";
import { ClusterLayout } from "../../components/k8s/cluster-layout";
import { mapRoles } from "../../components/k8s/namespace-roles";
import { nodePoolSetupCommands } from "../../components/k8s/node-pool-setup";
import { nodeSelectorFor, type NodePoolName } from "../../components/k8s/placement";
import { MinioLake } from "../../components/lake/minio-lake";
import { HiveMetastore } from "../../components/metastore/hive-metastore";
import { Microservice } from "../../components/microservice/microservice";
import { SAMPLE_MICROSERVICES } from "../../components/microservice/sample-microservices";
import { Zeppelin } from "../../components/notebook/zeppelin";
import { Airflow } from "../../components/orchestrator/airflow";
import { BatchPipeline } from "../../components/pipeline/batch-pipeline";
import { Trino, TRINO_SIZES } from "../../components/query/trino";
import { KafkaCluster, KAFKA_PRESETS } from "../../components/streaming/kafka-cluster";
import { PIPELINE_EVENT_TOPICS } from "../../components/streaming/kafka-topics";
import { YugabyteDatabase } from "../../components/warehouse/yugabyte-database";
import { YugabyteDB } from "../../components/warehouse/yugabyte-db";
import type { PlatformConfig } from "../config";
import { dagSettings, platformLabels } from "../labels";
import { selectedPipelines } from "../pipelines";
import { namespaceBudget } from "../settings/oss";
import type { StackOutputs } from "./outputs";
import { pipelineOutputs } from "./outputs";

/**
 * All open source on an existing Kubernetes cluster: the namespace layout, MinIO lake, YugabyteDB,
 * Spark Operator + Spark engine, the pipelines, Airflow running their DAGs, and the query side.
 */
export function ossPlatform(config: PlatformConfig): StackOutputs {
  const labels = platformLabels(config);
  const oss = config.oss;
  const env = config.environment;
  const pool = (name: NodePoolName) => nodeSelectorFor(name, oss.placement);
  const zones = config.cluster.zones ?? [];
  const protect = config.protectData;
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
      protect,
    },
    { providers: [cluster] },
  );
  const ns = layout.names;
  const opts = { providers: [cluster], dependsOn: [layout] };
  const placed = { placement: oss.placement, labels };

  const lake = new MinioLake(
    "lake",
    { ...config.lake.minio, namespace: ns.lake, zones: config.lake.zones, nodeSelector: pool("stateful"), spreadOverZones: zones.length > 1, labels, protect },
    opts,
  );
  const warehouse = new YugabyteDB(
    "warehouse",
    { ...oss.yugabyte, namespace: ns.serving, zones, nodeSelector: pool("stateful"), setupNodeSelector: pool("system"), labels, protect },
    opts,
  );
  const operatorReplicas = oss.spark.operatorReplicas;
  new SparkOperator(
    "spark-operator",
    { namespace: ns.processing, jobNamespaces: [ns.processing], controllerReplicas: operatorReplicas, webhookReplicas: operatorReplicas, nodeSelector: pool("system"), labels },
    opts,
  );
  const { driver, executor, dynamicAllocation, hiveMetastoreUri, timeToLiveSeconds } = oss.spark;
  const engine = new SparkEngine(
    "spark",
    { namespace: ns.processing, lake, driver: { ...driver, pool: "system" }, executor, dynamicAllocation, hiveMetastoreUri, timeToLiveSeconds, labels },
    opts,
  );

  const specs = selectedPipelines(config);
  const dags = { namespace: ns.orchestration, settings: dagSettings(config) };
  const pipelines = specs.map(
    (spec) => new BatchPipeline(spec.name, { spec, lake, engine, warehouse, dags, labels }, { ...opts, dependsOn: [layout, warehouse, engine] }),
  );

  // Logins on the serving database that read every pipeline's tables.
  const readerLogin = (role: string, namespace: string) =>
    new YugabyteDatabase(
      `${role}-warehouse`,
      {
        server: warehouse.server,
        role,
        access: { api: "ysql", database: warehouse.servingDatabase.name, ownsDatabase: false, memberOf: [warehouse.servingDatabase.readerRole] },
        consumerNamespace: namespace,
        labels,
      },
      { ...opts, dependsOn: [layout, warehouse] },
    );
  const airflowWarehouse = readerLogin("airflow", ns.orchestration);
  const { scheduler, webserver, triggerer, worker, database } = oss.airflow;
  const airflow = new Airflow(
    "airflow",
    {
      namespace: ns.orchestration,
      pipelines,
      remoteLogs: { lake },
      connectionSecrets: { yugabyte_ysql: { secretName: airflowWarehouse.secretName, key: "connection" } },
      metadataDatabase: { kind: "bundled", volumeSize: database.volumeSize, storageClassName: database.storageClassName, size: database },
      scheduler,
      webserver,
      triggerer,
      worker,
      nodeSelector: pool("system"),
      databaseNodeSelector: pool("stateful"),
      labels,
    },
    { ...opts, dependsOn: [layout, airflowWarehouse, ...pipelines] },
  );

  // Query and exploration: the Hive Metastore Spark registers tables in, Trino over the lake, the
  // warehouse and Kafka, Zeppelin notebooks on Spark — and the sample microservice on YugabyteDB.
  const lakeKeys = { accessKey: lake.rootUser, secretKey: lake.rootPassword };
  const metastore = new HiveMetastore(
    "hive-metastore",
    {
      namespace: ns.processing,
      lakeEndpoint: lake.s3Endpoint,
      lakeCredentials: engine.lakeCredentialsSecretName ? { secretName: engine.lakeCredentialsSecretName } : lakeKeys,
      // dev: the metastore's own small PostgreSQL; staging/prod: a database on YugabyteDB (RF 3 in prod).
      database: env === "dev" ? { kind: "postgres" } : { kind: "yugabyte", server: warehouse.server },
      replicas: env === "dev" ? 1 : 2,
      ...placed,
      protect,
    },
    { ...opts, dependsOn: [layout, engine, warehouse] },
  );
  // The event topics of the pipelines this stack runs (a topic is named after its pipeline).
  const topics = PIPELINE_EVENT_TOPICS.filter((topic) => specs.some((spec) => topic.name.startsWith(spec.name)));
  const kafka = new KafkaCluster("kafka", { namespace: ns.serving, ...KAFKA_PRESETS[env], topics, ...placed, protect }, opts);
  const trinoLogin = readerLogin("trino", ns.query);
  const trino = new Trino(
    "trino",
    {
      namespace: ns.query,
      metastoreUri: metastore.thriftUri,
      lakeEndpoint: lake.s3Endpoint,
      lakeCredentials: lakeKeys,
      yugabyte: { host: warehouse.server.host, database: warehouse.servingDatabase.name, login: { secretName: trinoLogin.secretName } },
      kafka: { bootstrapServers: kafka.bootstrapServers, topics: kafka.topics },
      sizing: TRINO_SIZES[env],
      spreadOverZones: zones.length > 1,
      ...placed,
    },
    { ...opts, dependsOn: [layout, trinoLogin] },
  );
  const zeppelin = new Zeppelin(
    "zeppelin",
    { namespace: ns.explore, lakeEndpoint: lake.s3Endpoint, lakeCredentials: lakeKeys, metastoreUri: metastore.thriftUri, ...placed, protect },
    opts,
  );
  // Each sample microservice gets its own database and login on YugabyteDB.
  const microservices = SAMPLE_MICROSERVICES.map(
    (service) =>
      new Microservice(service.serviceName ?? "microservice", { ...service, namespace: ns.serving, yugabyte: warehouse.server, ...placed }, { ...opts, dependsOn: [layout, warehouse] }),
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
    pipelines: pipelineOutputs(pipelines),
    // Not Pulumi resources on an existing cluster; exported so the cost estimate prices them.
    nodePools: config.cluster.nodePools,
    nodePoolSetup: nodePoolSetupCommands(config.cluster.nodePools?.batch.spot ?? true, oss.placement),
  };
}
