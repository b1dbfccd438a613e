import type * as pulumi from "@pulumi/pulumi";
import {
  HiveMetastore,
  kubernetesIdentity,
  KAFKA_PRESETS,
  KafkaCluster,
  Microservice,
  PIPELINE_EVENT_TOPICS,
  SAMPLE_MICROSERVICES,
  Trino,
  TRINO_SIZES,
  Zeppelin,
  type BatchPipelineSpec,
  type Listener,
  type TlsSettings,
  type ClusterLayout,
  type MinioLake,
  type SparkEngine,
  type LakeZoneName,
  type YugabyteDB,
} from "../../components";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";
import { notebookSparkImageArgs } from "./oss-spark-image";
import type { OssSparkPackages } from "./oss-spark-packages";
import { jvmCaTrust, type OssMetastoreClients } from "./oss-tls";

/** The oss platform's data side the query and exploration parts read. */
export interface OssDataPlatform {
  readonly layout: ClusterLayout;
  readonly lake: MinioLake;
  readonly warehouse: YugabyteDB;
  readonly engine: SparkEngine;
  readonly specs: readonly BatchPipelineSpec[];
  readonly opts: pulumi.ComponentResourceOptions;
  /** Certificates and CA bundles, unless TLS is off (dev only). */
  readonly tls?: TlsSettings;
  /** The metastore's clients (`ossMetastoreClients`); none where TLS is off. */
  readonly metastoreClients: OssMetastoreClients;
  /** The Spark package mirror's copy (Zeppelin's jars), unless the image carries them. */
  readonly sparkPackages: OssSparkPackages;
}

/** The query side's stack outputs and listeners. */
export interface OssQueryPlatform {
  readonly outputs: Record<string, pulumi.Input<unknown>>;
  readonly listeners: readonly Listener[];
}

/**
 * Query and exploration on the oss platform: the Hive Metastore Spark registers tables in, Kafka
 * with the pipelines' event topics, Trino over the lake, the warehouse and Kafka, Zeppelin notebooks
 * on Spark — and the sample microservice on YugabyteDB. Returns their stack outputs.
 */
export function ossQueryPlatform(config: PlatformConfig, data: OssDataPlatform): OssQueryPlatform {
  const { layout, lake, warehouse, engine, specs, opts, tls, metastoreClients: clients, sparkPackages } = data;
  const env = config.environment;
  const ns = layout.names;
  const placed = { placement: config.oss.placement, labels: platformLabels(config) };
  const protect = config.protectData;
  // Each reader is its own lake user, with read on the zones it queries (never the root key).
  const lakeReader = (name: string, zones: readonly LakeZoneName[]) => {
    const { identity } = kubernetesIdentity(name, []);
    for (const zone of zones) lake.grant(identity, zone, "read");
    return lake.keys(identity);
  };
  const after = (...resources: pulumi.Resource[]) => ({ ...opts, dependsOn: [layout, ...resources] });
  // The metastore serves TLS and the JVM clients trust the platform CA wherever TLS is on.
  const caTrust = jvmCaTrust(config, tls);
  const trust = tls && caTrust ? { tls, platformCa: caTrust } : {};

  const metastore = new HiveMetastore(
    "hive-metastore",
    {
      namespace: ns.processing,
      lakeEndpoint: lake.s3Endpoint,
      // Only to find the table and database locations Spark wrote (the metastore checks they exist).
      lakeCredentials: lakeReader("hive-metastore", ["processing", "curated"]),
      // dev: the metastore's own small PostgreSQL; staging/prod: a database on YugabyteDB (RF 3 in prod).
      database: env === "dev" ? { kind: "postgres" } : { kind: "yugabyte", server: warehouse.server },
      replicas: env === "dev" ? 1 : 2,
      ...placed,
      protect,
      ...trust,
      clients: Object.values(clients),
    },
    after(engine, warehouse),
  );
  // The event topics of the pipelines this stack runs (a topic is named after its pipeline).
  const topics = PIPELINE_EVENT_TOPICS.filter((topic) => specs.some((spec) => topic.name.startsWith(spec.name)));
  // Trino reads the topics as its own KafkaUser; only its namespace reaches the brokers.
  const consumers = [{ name: "trino", namespace: ns.query }];
  const kafkaArgs = { namespace: ns.serving, ...KAFKA_PRESETS[env], topics, consumers, ...(tls ? { tls } : {}) };
  const kafka = new KafkaCluster("kafka", { ...kafkaArgs, ...placed, protect }, opts);
  const trinoLogin = warehouse.readerLogin("trino", ns.query, after(warehouse));
  const trino = new Trino(
    "trino",
    {
      namespace: ns.query,
      metastoreUri: metastore.thriftUri,
      ...(clients.trino ? { metastoreClient: clients.trino } : {}),
      lakeEndpoint: lake.s3Endpoint,
      lakeCredentials: lakeReader("trino", ["curated"]),
      yugabyte: {
        host: warehouse.server.host,
        database: warehouse.servingDatabase.name,
        login: { secretName: trinoLogin.secretName },
        tls: warehouse.server.tls !== undefined,
      },
      kafka: {
        bootstrapServers: kafka.bootstrapServers,
        topics: kafka.topics,
        credentials: kafka.credentials.trino,
      },
      ...(tls ? { tls } : {}),
      sizing: TRINO_SIZES[env],
      spreadOverZones: (config.cluster.zones ?? []).length > 1,
      ...placed,
    },
    // Its metastore client certificate comes from the metastore.
    after(trinoLogin, metastore),
  );
  // The mirror's jars are in `curated`, which Zeppelin reads anyway.
  const zeppelinReads: LakeZoneName[] = ["processing", "curated"];
  const zeppelinLake = { lakeEndpoint: lake.s3Endpoint, lakeCredentials: lakeReader("zeppelin", zeppelinReads) };
  const { image: sparkImage, ...packages } = notebookSparkImageArgs(config);
  const copy = sparkPackages.notebookCopy;
  const mirrored = copy ? { packageSource: copy.source, ...(copy.image ? { packageCopyImage: copy.image } : {}) } : {};
  const zeppelinSpark = { ...(sparkImage !== undefined ? { sparkImage } : {}), ...packages, ...mirrored };
  const zeppelinArgs = { namespace: ns.explore, ...zeppelinLake, ...zeppelinSpark };
  const zeppelinMetastore = {
    metastoreUri: metastore.thriftUri,
    ...(clients.zeppelin ? { metastoreClient: clients.zeppelin } : {}),
  };
  const zeppelin = new Zeppelin(
    "zeppelin",
    { ...zeppelinArgs, ...zeppelinMetastore, ...placed, protect, ...trust },
    after(metastore, ...sparkPackages.dependsOn),
  );
  // Each sample microservice gets its own database and login on YugabyteDB.
  const microservices = SAMPLE_MICROSERVICES.map((service) => {
    const args = { ...service, namespace: ns.serving, yugabyte: warehouse.server, ...placed, ...(tls ? { tls } : {}) };
    return new Microservice(service.serviceName ?? "microservice", args, after(warehouse));
  });
  const listeners: Listener[] = [
    ...metastore.listeners,
    ...kafka.listeners,
    ...trino.listeners,
    ...zeppelin.listeners,
    ...microservices.flatMap((m) => m.listeners),
  ];
  const outputs = {
    hiveMetastore: metastore.thriftUri,
    trino: trino.endpoint,
    trinoCatalogs: trino.catalogNames,
    kafkaBootstrapServers: kafka.bootstrapServers,
    zeppelin: zeppelin.url,
    microservices: microservices.map((m) => m.serviceName),
  };
  return { outputs, listeners };
}
