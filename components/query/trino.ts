import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { assertNoProblems } from "../common/validation";
import { DEFAULT_PLACEMENT, nodeSelectorFor, type NodePlacement } from "../k8s/placement";
import { mebibytes, cpuMillicores, validateContainerSize, type ContainerSize } from "../k8s/workload-defaults";
import { validateKafkaTopics, type KafkaTopicSpec } from "../streaming/kafka-topics";
import {
  LAKE_ACCESS_KEY_KEY,
  LAKE_SECRET_KEY_KEY,
  lakeCredentialsSecret,
  type LakeCredentials,
} from "../lake/lake-credentials";
import {
  deltaCatalog,
  KAFKA_TABLE_DESCRIPTION_DIR,
  kafkaCatalog,
  kafkaTableDescriptions,
  TRINO_CREDENTIAL_ENV,
  yugabyteCatalog,
} from "./trino-catalogs";
import type { TrinoChartValues, TrinoRoleValues, TrinoSecretEnv, TrinoSecretMount } from "./trino-chart-values";
import { TRINO_CHART, TRINO_IMAGE, TRINO_UID } from "./trino-versions";
import {
  METASTORE_PROXY_LOCAL_URI,
  metastoreClientNamespaceProblems,
  metastoreProxyClient,
  type MetastoreClientIdentity,
  type MetastoreProxy,
} from "../metastore/metastore-proxy";
import { helmValues } from "../k8s/helm-values";
import type { ResourceRequirements } from "../k8s/value-types";
import type { Listener } from "../k8s/listener";
import type { TlsSettings } from "../tls/certificates";
import type { KafkaCredentials } from "../streaming/kafka-cluster";
import {
  TRINO_ACCESS_RULES,
  TRINO_HTTP_DISABLED,
  TRINO_HTTP_PORT,
  TRINO_HTTPS_PORT,
  TRINO_TLS_DIR,
  TRINO_SHARED_SECRET_ENV,
  trinoInternalTlsProperties,
  trinoListeners,
  trinoSecurity,
  type TrinoSecurity,
} from "./trino-security";
import { trinoProbesOverHttps } from "./trino-probes";
import { JVM_TRUSTSTORE, truststoreInitContainer, truststoreJavaOptions } from "../tls/jvm-truststore";

/** Where the Kafka client login (`client.properties`) is mounted. */
const KAFKA_CLIENT_DIR = "/etc/trino/kafka-client";

/** `server.node.dataDir` (the chart's default): the launcher links `etc`/`plugin` there, HTTP logs go to `var/`. */
const TRINO_DATA_DIR = "/data/trino";

/**
 * The root filesystem is read-only; Trino writes only its node data dir and `/tmp` (the JVM's
 * temporary files and native libraries it unpacks), each an emptyDir on both roles.
 */
const TRINO_SCRATCH: Pick<TrinoRoleValues, "additionalVolumes" | "additionalVolumeMounts"> = {
  additionalVolumes: [
    { name: "node-data", emptyDir: { sizeLimit: "2Gi" } },
    { name: "scratch-tmp", emptyDir: { sizeLimit: "1Gi" } },
  ],
  additionalVolumeMounts: [
    { name: "node-data", mountPath: TRINO_DATA_DIR },
    { name: "scratch-tmp", mountPath: "/tmp" },
  ],
};

/** A database login: an existing Secret in Trino's namespace (keys `username`/`password`), or the values. */
export type DatabaseLogin =
  | { readonly secretName: string }
  | { readonly username: pulumi.Input<string>; readonly password: pulumi.Input<string> };

/** How big Trino is: worker count and the size of each pod (heap 80% of the memory limit). */
export interface TrinoSizing {
  readonly workers: number;
  readonly coordinator: ContainerSize;
  readonly worker: ContainerSize;
}

/** Sizes per environment; every pod stays within the prod policy maxima (4 cores, 16Gi). */
export const TRINO_SIZES: Readonly<Record<"dev" | "staging" | "prod", TrinoSizing>> = {
  dev: { workers: 1, coordinator: { cpu: "500m", memory: "2Gi" }, worker: { cpu: "500m", memory: "2Gi" } },
  staging: { workers: 2, coordinator: { cpu: "1", memory: "4Gi" }, worker: { cpu: "1", memory: "4Gi" } },
  prod: {
    workers: 3,
    coordinator: { cpu: "2", memory: "8Gi", cpuLimit: "4" },
    worker: { cpu: "3", memory: "12Gi", cpuLimit: "4" },
  },
};

export interface TrinoArgs {
  /** Namespace of Trino, e.g. `query`. */
  readonly namespace: pulumi.Input<string>;
  /** The Hive Metastore the `delta` catalog reads table locations from (`HiveMetastore.thriftUri`). */
  readonly metastoreUri: pulumi.Input<string>;
  /**
   * Reach the metastore through a mutual-TLS proxy in each pod, as this identity; its certificate
   * Secret is created by HiveMetastore. @default plain Thrift to `metastoreUri`
   */
  readonly metastoreClient?: MetastoreClientIdentity;
  /** The lake's S3 endpoint, e.g. `http://minio.lake.svc.cluster.local:9000`. */
  readonly lakeEndpoint: pulumi.Input<string>;
  /** S3 credentials of the `delta` catalog (an existing Secret in the namespace, or keys to copy into one). */
  readonly lakeCredentials: LakeCredentials;
  /** S3 region the SDK signs for (MinIO accepts any). @default "us-east-1" */
  readonly s3Region?: string;
  /** YugabyteDB YSQL for the `yugabyte` catalog; omitted, there is no such catalog. @default none */
  readonly yugabyte?: {
    /** e.g. `yb-tservers.serving.svc.cluster.local`. */
    readonly host: pulumi.Input<string>;
    /** @default 5433 */
    readonly port?: number;
    readonly database: string;
    readonly login: DatabaseLogin;
    /**
     * YSQL serves TLS, with a certificate from the platform CA: `sslmode=verify-full` against
     * Trino's truststore where Trino has `tls`, else `sslmode=require`. @default false
     */
    readonly tls?: boolean;
  };
  /** Kafka for the `kafka` catalog; omitted, there is no such catalog. @default none */
  readonly kafka?: {
    /** `KafkaCluster.bootstrapServers`. */
    readonly bootstrapServers: pulumi.Input<string>;
    /** `KafkaCluster.topics`: one table per topic. */
    readonly topics: readonly KafkaTopicSpec[];
    /** Schema the tables appear in. @default "events" */
    readonly schema?: string;
    /** Trino's login on Kafka (`KafkaCluster.credentials.trino`). @default none */
    readonly credentials?: KafkaCredentials;
  };
  /** HTTPS with a certificate from this issuer, password logins, file-based access control; the JVM trusts the CA bundle. @default none */
  readonly tls?: TlsSettings;
  /** Workers and pod sizes. @default TRINO_SIZES.dev */
  readonly sizing?: TrinoSizing;
  /**
   * Pool of the coordinator and the workers. Not `batch`: workers are long-lived and a spot
   * reclaim kills every query running on them (no fault-tolerant execution is configured).
   * @default "stateful"
   */
  readonly pool?: "system" | "stateful";
  /** Spread workers over zones (soft: ScheduleAnyway). @default false */
  readonly spreadOverZones?: boolean;
  /** Node pool label and spot taint of the cluster. @default DEFAULT_PLACEMENT */
  readonly placement?: NodePlacement;
  /** Labels on the Trino pods (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Problems of {@link TrinoArgs}, one line each naming the property. */
export function validateTrinoArgs(args: TrinoArgs): string[] {
  const problems: string[] = [];
  if (typeof args.namespace === "string" && !DNS_LABEL.test(args.namespace))
    problems.push(`namespace: got ${JSON.stringify(args.namespace)}; expected a DNS label such as "query"`);
  if (typeof args.metastoreUri === "string" && !/^thrift:\/\/[^/:]+:[0-9]+$/.test(args.metastoreUri))
    problems.push(`metastoreUri: got ${JSON.stringify(args.metastoreUri)}; expected thrift://host:port`);
  problems.push(...metastoreClientNamespaceProblems(args.metastoreClient, args.namespace, "Trino's"));
  if ((args.pool as string | undefined) === "batch")
    problems.push(
      `pool: got "batch"; Trino workers are long-lived and a spot reclaim kills their queries, use "system" or "stateful"`,
    );
  const sizing = args.sizing ?? TRINO_SIZES.dev;
  if (!Number.isInteger(sizing.workers) || sizing.workers < 1)
    problems.push(`sizing.workers: got ${sizing.workers}; expected an integer of at least 1`);
  for (const role of ["coordinator", "worker"] as const) {
    const size = sizing[role];
    const sizeProblems = validateContainerSize(`sizing.${role}`, size);
    problems.push(...sizeProblems);
    if (sizeProblems.length === 0 && mebibytes(size.memoryLimit ?? size.memory) < 2048)
      problems.push(`sizing.${role}.memory: got ${JSON.stringify(size.memory)}; Trino needs at least 2Gi`);
  }
  if (args.yugabyte && !IDENTIFIER.test(args.yugabyte.database))
    problems.push(
      `yugabyte.database: got ${JSON.stringify(args.yugabyte.database)}; expected a lowercase database name`,
    );
  if (args.kafka) {
    const schema = args.kafka.schema ?? "events";
    if (!IDENTIFIER.test(schema))
      problems.push(`kafka.schema: got ${JSON.stringify(schema)}; expected a lowercase schema name`);
    if (args.kafka.topics.length === 0) problems.push(`kafka.topics: empty; a Kafka catalog needs at least one topic`);
    problems.push(...validateKafkaTopics("kafka.topics", args.kafka.topics));
  }
  return problems;
}

/** The JVM heap of a pod: 80% of its memory limit, in megabytes. */
function heapMegabytes(size: ContainerSize): number {
  return Math.floor(mebibytes(size.memoryLimit ?? size.memory) * 0.8);
}

/** A query may use 30% of a node's heap (Trino keeps 30% as headroom by default). */
function queryMemoryPerNode(size: ContainerSize): number {
  return Math.floor(heapMegabytes(size) * 0.3);
}

function resources(size: ContainerSize): ResourceRequirements {
  return {
    requests: { cpu: size.cpu, memory: size.memory },
    limits: { cpu: size.cpuLimit ?? `${cpuMillicores(size.cpu) * 2}m`, memory: size.memoryLimit ?? size.memory },
  };
}

function secretEnv(name: string, secretName: string, key: string): TrinoSecretEnv {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/** Inputs of {@link trinoChartValues} once every Output is resolved. */
export interface TrinoValuesInput {
  readonly catalogs: Readonly<Record<string, string>>;
  readonly tableDescriptions: Readonly<Record<string, string>>;
  readonly env: readonly TrinoSecretEnv[];
  readonly sizing: TrinoSizing;
  readonly pool: "system" | "stateful";
  readonly spreadOverZones: boolean;
  readonly placement: NodePlacement;
  readonly labels: Readonly<Record<string, string>>;
  /** Trino's namespace (the internal discovery URI names it). */
  readonly namespace: string;
  /** HTTPS, passwords, access control and the CA bundle. @default none */
  readonly security?: Pick<TrinoSecurity, "certificateSecret" | "passwordFileSecret" | "coordinatorMounts" | "mounts">;
  /** Extra Secret mounts (the Kafka client login). @default [] */
  readonly secretMounts?: readonly TrinoSecretMount[];
  /** The metastore proxy beside Trino in every pod, with its certificate volume. @default none */
  readonly metastoreProxy?: MetastoreProxy;
}

/** The chart values; exported for tests of placement, sizing and the absence of inline credentials. */
export function trinoChartValues(input: TrinoValuesInput): TrinoChartValues {
  const { sizing, security, metastoreProxy: proxy } = input;
  const internalTls = security ? trinoInternalTlsProperties(input.namespace) : undefined;
  // The JVM truststore: the JDK's roots (MinIO's stack-given certificate chains to one) plus the
  // platform CA (Kafka, YSQL, MinIO's issued certificate), built per pod by an init container.
  const jvm = security ? truststoreJavaOptions() : [];
  const nodeSelector = nodeSelectorFor(input.pool, input.placement);
  const labels = { ...input.labels, "app.kubernetes.io/part-of": "batch-platform" };
  const workerSpread = input.spreadOverZones
    ? [
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway" as const,
          labelSelector: {
            matchLabels: { "app.kubernetes.io/name": "trino", "app.kubernetes.io/component": "worker" },
          },
        },
      ]
    : [];
  const truststore = { name: JVM_TRUSTSTORE.volume, emptyDir: { sizeLimit: JVM_TRUSTSTORE.sizeLimit } };
  const scratch = {
    additionalVolumes: [
      ...TRINO_SCRATCH.additionalVolumes,
      ...(security ? [truststore] : []),
      ...(proxy ? [proxy.volume] : []),
    ],
    additionalVolumeMounts: [
      ...TRINO_SCRATCH.additionalVolumeMounts,
      ...(security ? [{ name: JVM_TRUSTSTORE.volume, mountPath: JVM_TRUSTSTORE.dir, readOnly: true as const }] : []),
    ],
  };
  // It reads the CA file from the CA bundle's Secret mount (TRINO_CA_VOLUME), in every pod with TLS.
  const trustInit = truststoreInitContainer(`${TRINO_IMAGE.repository}:${TRINO_IMAGE.tag}`, TRINO_UID);
  return {
    ...(security ? { initContainers: { coordinator: [trustInit], worker: [trustInit] } } : {}),
    image: { repository: TRINO_IMAGE.repository, tag: TRINO_IMAGE.tag, pullPolicy: "IfNotPresent" },
    server: {
      workers: sizing.workers,
      node: { environment: "batch_platform", dataDir: TRINO_DATA_DIR },
      config: {
        query: { maxMemory: `${queryMemoryPerNode(sizing.worker) * sizing.workers}MB` },
        ...(security
          ? {
              https: { enabled: true, port: TRINO_HTTPS_PORT, keystore: { path: `${TRINO_TLS_DIR}/tls-combined.pem` } },
            }
          : {}),
        authenticationType: security ? "PASSWORD" : "",
      },
      autoscaling: { enabled: false },
      coordinatorExtraConfig: internalTls?.coordinator ?? "",
      workerExtraConfig: internalTls?.worker ?? "",
    },
    coordinator: {
      jvm: { maxHeapSize: `${heapMegabytes(sizing.coordinator)}M` },
      config: {
        query: { maxMemoryPerNode: `${queryMemoryPerNode(sizing.coordinator)}MB` },
        nodeScheduler: { includeCoordinator: false },
      },
      resources: resources(sizing.coordinator),
      nodeSelector,
      tolerations: [],
      labels,
      additionalJVMConfig: jvm,
      ...scratch,
      secretMounts: security ? security.coordinatorMounts : [],
    },
    worker: {
      jvm: { maxHeapSize: `${heapMegabytes(sizing.worker)}M` },
      config: { query: { maxMemoryPerNode: `${queryMemoryPerNode(sizing.worker)}MB` } },
      resources: resources(sizing.worker),
      nodeSelector,
      tolerations: [],
      topologySpreadConstraints: workerSpread,
      labels,
      additionalJVMConfig: jvm,
      ...scratch,
    },
    // The chart renders them into each pod's `containers:`; regular ones suit pods that run until stopped.
    ...(proxy ? { sidecarContainers: { coordinator: [proxy.container], worker: [proxy.container] } } : {}),
    catalogs: input.catalogs,
    env: input.env,
    envFrom: [],
    kafka: { mountPath: KAFKA_TABLE_DESCRIPTION_DIR, tableDescriptions: input.tableDescriptions },
    securityContext: {
      runAsUser: TRINO_UID,
      runAsGroup: TRINO_UID,
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    },
    containerSecurityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
      readOnlyRootFilesystem: true,
    },
    service: { type: "ClusterIP", port: TRINO_HTTP_PORT },
    auth: security ? { passwordAuthSecret: security.passwordFileSecret } : {},
    accessControl: security
      ? {
          type: "configmap",
          refreshPeriod: "60s",
          configFile: "rules.json",
          rules: { "rules.json": `${JSON.stringify(TRINO_ACCESS_RULES, null, 2)}\n` },
        }
      : {},
    additionalConfigProperties: security
      ? [
          `internal-communication.shared-secret=\${ENV:${TRINO_SHARED_SECRET_ENV}}`,
          ...(internalTls?.all ?? []),
          // HTTPS only: the chart's liveness probes follow (trinoProbesOverHttps), its readiness
          // script reads this line and calls HTTPS.
          TRINO_HTTP_DISABLED,
        ]
      : [],
    secretMounts: [...(security?.mounts ?? []), ...(input.secretMounts ?? [])],
  };
}

/**
 * Trino from the upstream chart (pinned) with its catalogs generated from the other components'
 * outputs: `delta` (Delta Lake on the lake via the Hive Metastore), `yugabyte` (PostgreSQL connector
 * on YSQL) and `kafka` (JSON topics). Catalog credentials are `${ENV:…}` references that the pods
 * resolve from Secrets; no credential reaches the chart values.
 */
export class Trino extends pulumi.ComponentResource {
  /** The coordinator in the cluster: `https://trino.<ns>.svc.cluster.local:8443` (`http://…:8080` without TLS). */
  readonly endpoint: pulumi.Output<string>;
  /** Names of the catalogs configured. */
  readonly catalogNames: readonly string[];
  /** HTTPS for clients and between Trino's nodes (HTTP only without TLS). */
  readonly listeners: readonly Listener[];
  /** Secret with the generated passwords of `admin` and `analyst` (when TLS is on). */
  readonly usersSecretName: string | undefined;

  constructor(name: string, args: TrinoArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("Trino", validateTrinoArgs(args));
    super("batch-platform:query:Trino", name, {}, opts);
    const labels = args.labels ?? {};
    const dependsOn: pulumi.Resource[] = [];
    const namespace = typeof args.namespace === "string" ? args.namespace : "query";
    const security = args.tls ? trinoSecurity(name, namespace, args.tls, labels, this) : undefined;
    if (security) dependsOn.push(...security.dependsOn);
    this.listeners = trinoListeners(namespace, security !== undefined);

    const lake = lakeCredentialsSecret(`${name}-lake-credentials`, args.namespace, args.lakeCredentials, labels, this);
    dependsOn.push(...lake.dependsOn);
    const env: TrinoSecretEnv[] = [
      secretEnv(TRINO_CREDENTIAL_ENV.s3AccessKey, lake.secretName, LAKE_ACCESS_KEY_KEY),
      secretEnv(TRINO_CREDENTIAL_ENV.s3SecretKey, lake.secretName, LAKE_SECRET_KEY_KEY),
    ];

    const yugabyte = args.yugabyte;
    if (yugabyte) {
      let loginSecret: string;
      if ("secretName" in yugabyte.login) {
        loginSecret = yugabyte.login.secretName;
      } else {
        loginSecret = `${name}-yugabyte-login`;
        dependsOn.push(
          new Secret(
            loginSecret,
            {
              metadata: {
                name: loginSecret,
                namespace: args.namespace,
                labels: { ...labels, "app.kubernetes.io/part-of": "batch-platform" },
              },
              type: "Opaque",
              stringData: {
                username: pulumi.secret(yugabyte.login.username),
                password: pulumi.secret(yugabyte.login.password),
              },
            },
            { parent: this },
          ),
        );
      }
      env.push(
        secretEnv(TRINO_CREDENTIAL_ENV.yugabyteUser, loginSecret, "username"),
        secretEnv(TRINO_CREDENTIAL_ENV.yugabytePassword, loginSecret, "password"),
      );
    }
    if (security) env.push(...security.env);
    const kafkaMounts: TrinoSecretMount[] = args.kafka?.credentials
      ? [{ name: "kafka-client", secretName: args.kafka.credentials.secretName, path: KAFKA_CLIENT_DIR }]
      : [];

    const kafka = args.kafka;
    const kafkaSchema = kafka?.schema ?? "events";
    const s3Region = args.s3Region ?? "us-east-1";
    const metastoreClient = args.metastoreClient;
    const resolved = pulumi
      .all([args.metastoreUri, args.lakeEndpoint, yugabyte?.host ?? "", kafka?.bootstrapServers ?? ""])
      .apply(([metastoreUri, s3Endpoint, yugabyteHost, bootstrapServers]) => {
        // The proxy targets the metastore; the catalog then speaks plain Thrift to the proxy on loopback.
        const proxy = metastoreClient ? metastoreProxyClient(metastoreClient, metastoreUri) : undefined;
        const deltaUri = proxy ? METASTORE_PROXY_LOCAL_URI : metastoreUri;
        const delta = deltaCatalog({ metastoreUri: deltaUri, s3Endpoint, s3Region });
        const result: Record<string, string> = { delta };
        if (yugabyte)
          result.yugabyte = yugabyteCatalog({
            host: yugabyteHost,
            port: yugabyte.port ?? 5433,
            database: yugabyte.database,
            tls: yugabyte.tls ?? false,
            // Trino's truststore holds the platform CA, which signs YSQL's certificate where both have TLS.
            verifyServer: security !== undefined,
          });
        if (kafka) {
          const client = kafka.credentials
            ? { configFile: `${KAFKA_CLIENT_DIR}/${kafka.credentials.clientPropertiesKey}` }
            : undefined;
          result.kafka = kafkaCatalog({ bootstrapServers, schema: kafkaSchema, topics: kafka.topics, client });
        }
        return { catalogs: result, proxy };
      });
    const values = resolved.apply(({ catalogs, proxy }) =>
      trinoChartValues({
        catalogs,
        tableDescriptions: kafka ? kafkaTableDescriptions(kafkaSchema, kafka.topics) : {},
        env,
        sizing: args.sizing ?? TRINO_SIZES.dev,
        pool: args.pool ?? "stateful",
        spreadOverZones: args.spreadOverZones ?? false,
        placement: args.placement ?? DEFAULT_PLACEMENT,
        labels,
        namespace,
        ...(security ? { security } : {}),
        secretMounts: kafkaMounts,
        ...(proxy ? { metastoreProxy: proxy } : {}),
      }),
    );

    new Chart(
      `${name}-trino`,
      {
        name: "trino",
        chart: TRINO_CHART.chart,
        version: TRINO_CHART.version,
        repositoryOpts: { repo: TRINO_CHART.repo },
        namespace: args.namespace,
        values: values.apply(helmValues),
      },
      { parent: this, dependsOn, ...(security ? { transforms: [trinoProbesOverHttps] } : {}) },
    );

    this.catalogNames = ["delta", ...(yugabyte ? ["yugabyte"] : []), ...(kafka ? ["kafka"] : [])];
    this.endpoint = security
      ? pulumi.interpolate`https://trino.${args.namespace}.svc.cluster.local:${TRINO_HTTPS_PORT}`
      : pulumi.interpolate`http://trino.${args.namespace}.svc.cluster.local:${TRINO_HTTP_PORT}`;
    this.usersSecretName = security?.usersSecret;
    this.registerOutputs({ endpoint: this.endpoint });
  }
}
