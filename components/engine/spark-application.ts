import { compareText } from "../common/compare-text";
import {
  GCS_CONNECTOR_JAR,
  jobPackages,
  POOL_LABEL,
  S3A_ENV_CREDENTIALS_PROVIDER,
  SPARK_IMAGE,
  SPARK_UID,
  SPARK_VERSION,
  SPOT_TAINT_KEY,
  type SecretEnvVar,
  type SparkJobSpec,
  type SparkPodSize,
  type SparkRestartPolicy,
  type SparkStorage,
} from "./spark-job-spec";
import {
  needsJvmTruststore,
  truststoreInitContainer,
  truststoreJavaOptions,
  truststoreMounts,
  truststoreVolumes,
  type TruststoreInitContainer,
} from "../tls/jvm-truststore";
import { sparkPackagePod, type PackageCopyInitContainer } from "./spark-package-copy";
import {
  METASTORE_PROXY_CERT_DIR,
  METASTORE_PROXY_LOCAL_URI,
  type MetastoreProxy,
  type MetastoreProxyContainer,
} from "../metastore/metastore-proxy";

/** The init containers this project declares: truststore, package copy, metastore proxy (a native sidecar). */
export type SparkInitContainer = TruststoreInitContainer | PackageCopyInitContainer | MetastoreProxyContainer;

/** The subset of the Spark Operator v1beta2 SparkApplication this project emits. */
export interface SparkEnvVar {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

export interface SparkToleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface ContainerSecurityContext {
  readonly runAsNonRoot: boolean;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly allowPrivilegeEscalation: boolean;
  readonly capabilities: { readonly drop: readonly string[] };
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
}

export interface PodSecurityContext {
  readonly runAsNonRoot: boolean;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
}

export interface SparkVolumeMount {
  readonly name: string;
  readonly mountPath: string;
  /** One file of the volume only. @default the whole volume */
  readonly subPath?: string;
  readonly readOnly: boolean;
}

export interface SparkPodTemplate {
  readonly cores: number;
  readonly coreRequest: string;
  readonly coreLimit: string;
  readonly memory: string;
  readonly memoryOverhead: string;
  readonly serviceAccount: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly env: readonly SparkEnvVar[];
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations?: readonly SparkToleration[];
  readonly securityContext: ContainerSecurityContext;
  readonly podSecurityContext: PodSecurityContext;
  readonly volumeMounts: readonly SparkVolumeMount[];
  /** Started before the Spark container, in order; the operator's webhook adds them to the pod. */
  readonly initContainers?: readonly SparkInitContainer[];
  /** `spark.{driver,executor}.extraJavaOptions` (public settings only). */
  readonly javaOptions?: string;
}

/**
 * The pod volumes this project declares: the job files, the CA bundle, the truststore's emptyDir and
 * the metastore proxy's certificate.
 */
export type SparkVolume =
  | { readonly name: string; readonly configMap: { readonly name: string } }
  | { readonly name: string; readonly secret: { readonly secretName: string } }
  | { readonly name: string; readonly emptyDir: { readonly sizeLimit: string } };

export interface SparkApplicationObject {
  readonly apiVersion: "sparkoperator.k8s.io/v1beta2";
  readonly kind: "SparkApplication";
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly type: "Python";
    readonly pythonVersion: "3";
    readonly mode: "cluster";
    readonly image: string;
    readonly imagePullPolicy: "IfNotPresent";
    readonly mainApplicationFile: string;
    readonly arguments: readonly string[];
    readonly sparkVersion: string;
    readonly sparkConf: Readonly<Record<string, string>>;
    /** Absent when the image carries every jar (`packagesInImage`, no GCS connector). */
    readonly deps?: {
      readonly packages?: readonly string[];
      readonly jars?: readonly string[];
      readonly pyFiles?: readonly string[];
    };
    readonly restartPolicy: SparkRestartPolicy;
    readonly timeToLiveSeconds: number;
    readonly volumes: readonly SparkVolume[];
    readonly dynamicAllocation?: {
      readonly enabled: true;
      readonly shuffleTrackingEnabled: true;
      readonly minExecutors: number;
      readonly maxExecutors: number;
    };
    readonly driver: SparkPodTemplate;
    readonly executor: SparkPodTemplate & { readonly instances: number };
  };
}

const JOB_FILES_VOLUME = "job-files";
/** Keys that carry credentials; they belong in Secrets, never in sparkConf (which is plain text in the CR). */
const CREDENTIAL_CONF = /(access\.key|secret\.key|session\.token|password|credentials\.json|keyfile)/i;

/**
 * The sparkConf the storage needs: S3A endpoint/region/path-style/SSL for MinIO, the GCS connector
 * otherwise. `credentialsProvider` is the jobs' (AWS SDK v2); a Spark on Hadoop 3.3 passes the v1 class.
 */
export function storageSparkConf(
  storage: SparkStorage,
  credentialsProvider: string = S3A_ENV_CREDENTIALS_PROVIDER,
): Record<string, string> {
  if (storage.kind === "gcs") {
    return {
      "spark.hadoop.fs.gs.impl": "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem",
      "spark.hadoop.fs.AbstractFileSystem.gs.impl": "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFS",
      "spark.hadoop.fs.gs.project.id": storage.projectId,
    };
  }
  return {
    "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
    "spark.hadoop.fs.s3a.endpoint": storage.endpoint,
    "spark.hadoop.fs.s3a.endpoint.region": storage.region ?? "us-east-1",
    "spark.hadoop.fs.s3a.path.style.access": String(storage.pathStyleAccess ?? true),
    "spark.hadoop.fs.s3a.connection.ssl.enabled": String(storage.sslEnabled),
    // Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, set from the Secret below.
    "spark.hadoop.fs.s3a.aws.credentials.provider": credentialsProvider,
  };
}

function storageSecretEnv(storage: SparkStorage): SecretEnvVar[] {
  if (storage.kind === "gcs") return [];
  const { name, accessKeyKey, secretKeyKey } = storage.credentialsSecret;
  return [
    { name: "AWS_ACCESS_KEY_ID", secretName: name, key: accessKeyKey },
    { name: "AWS_SECRET_ACCESS_KEY", secretName: name, key: secretKeyKey },
  ];
}

/** The JVM options of each role; the operator passes `javaOptions` after sparkConf, replacing its value. */
const JAVA_OPTIONS_CONF = {
  driver: "spark.driver.extraJavaOptions",
  executor: "spark.executor.extraJavaOptions",
} as const;
/** Class paths the package mirror sets and a job may extend. */
const CLASS_PATH_CONF = ["spark.driver.extraClassPath", "spark.executor.extraClassPath"] as const;
/** JVM options that would replace the platform's truststore, which S3A and the JDBC sink verify servers with. */
const TRUSTSTORE_OPTION = /-Djavax\.net\.ssl\.trustStore(Type|Password)?=/;

function sparkConfOf(
  spec: SparkJobSpec,
  packageConf: Readonly<Record<string, string>>,
  platformJavaOptions: string | undefined,
): Record<string, string> {
  for (const key of Object.keys(spec.sparkConf ?? {})) {
    if (CREDENTIAL_CONF.test(key)) {
      throw new Error(
        `SparkJob ${spec.name}: sparkConf.${key}: credentials must come from a Secret (secretEnv), not sparkConf`,
      );
    }
  }
  const conf: Record<string, string> = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    // The spark user's home is not writable in the image; Ivy resolves --packages here instead.
    ...(spec.packagesInImage || spec.packageSource ? {} : { "spark.jars.ivy": "/tmp/.ivy2" }),
    ...packageConf,
    ...storageSparkConf(spec.storage),
  };
  if (spec.hiveMetastoreUri !== undefined) {
    conf["spark.sql.catalogImplementation"] = "hive";
    // Through the proxy, plain Thrift on loopback: the proxy holds the TLS (and the client certificate).
    conf["spark.hadoop.hive.metastore.uris"] = spec.metastoreProxy ? METASTORE_PROXY_LOCAL_URI : spec.hiveMetastoreUri;
  }
  const merged: Record<string, string> = { ...conf, ...spec.sparkConf };
  // A job's class path extends the mirror's instead of replacing it (the mirror's jars first).
  for (const key of CLASS_PATH_CONF) {
    const own = spec.sparkConf?.[key];
    if (conf[key] !== undefined && own !== undefined) merged[key] = `${conf[key]}:${own}`;
  }
  // A job's JVM options go into `javaOptions` with the truststore's (javaOptionsOf), not beside them.
  if (platformJavaOptions !== undefined) {
    for (const key of Object.values(JAVA_OPTIONS_CONF)) delete merged[key];
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => compareText(a, b)));
}

/**
 * One role's `javaOptions`: the platform's (the truststore) followed by the job's own
 * `extraJavaOptions` from sparkConf, which the operator's `javaOptions` would otherwise replace.
 */
function javaOptionsOf(
  spec: SparkJobSpec,
  role: keyof typeof JAVA_OPTIONS_CONF,
  platform: string | undefined,
): Pick<SparkPodTemplate, "javaOptions"> {
  if (platform === undefined) return {};
  const key = JAVA_OPTIONS_CONF[role];
  const own = spec.sparkConf?.[key]?.trim();
  if (own !== undefined && TRUSTSTORE_OPTION.test(own)) {
    throw new Error(
      `SparkJob ${spec.name}: sparkConf.${key}: sets the JVM truststore, which the platform provides ` +
        `(its CA signs the lake's certificate); leave javax.net.ssl.trustStore* out`,
    );
  }
  return { javaOptions: own ? `${platform} ${own}` : platform };
}

const containerSecurityContext: ContainerSecurityContext = {
  runAsNonRoot: true,
  runAsUser: SPARK_UID,
  runAsGroup: SPARK_UID,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

const podSecurityContext: PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: SPARK_UID,
  runAsGroup: SPARK_UID,
  fsGroup: SPARK_UID,
  seccompProfile: { type: "RuntimeDefault" },
};

function podTemplate(
  size: SparkPodSize,
  serviceAccount: string,
  labels: Readonly<Record<string, string>>,
  env: readonly SparkEnvVar[],
  mountPath: string,
): Omit<SparkPodTemplate, "nodeSelector" | "tolerations"> {
  return {
    cores: size.cores,
    coreRequest: String(size.cores),
    coreLimit: size.coreLimit ?? String(size.cores),
    memory: size.memory,
    memoryOverhead: size.memoryOverhead,
    serviceAccount,
    labels,
    env,
    securityContext: containerSecurityContext,
    podSecurityContext,
    volumeMounts: [{ name: JOB_FILES_VOLUME, mountPath, readOnly: true }],
  };
}

/** A pod template with more volume mounts after the job files'. */
function withMounts<T extends Pick<SparkPodTemplate, "volumeMounts">>(
  pod: T,
  mounts: SparkPodTemplate["volumeMounts"],
): T {
  return { ...pod, volumeMounts: [...pod.volumeMounts, ...mounts] };
}

/** The truststore's init container, mounts and JVM options of one pod; nothing when it needs none. */
interface TruststorePod {
  readonly initContainers: readonly TruststoreInitContainer[];
  readonly javaOptions?: string;
  readonly mounts: SparkPodTemplate["volumeMounts"];
}

/**
 * S3A on driver and executors and the JDBC sink are the JVM clients of the platform CA (the
 * metastore's TLS is the proxy's).
 */
function truststorePod(spec: SparkJobSpec): TruststorePod {
  if (!needsJvmTruststore(spec.platformCa)) return { initContainers: [], mounts: [] };
  return {
    initContainers: [truststoreInitContainer(spec.image ?? SPARK_IMAGE, SPARK_UID)],
    javaOptions: truststoreJavaOptions().join(" "),
    mounts: truststoreMounts(),
  };
}

/** The file of the proxy's certificate Secret the Spark container mounts (public), never the key. */
const PROXY_CA_FILE = "ca.crt";

/**
 * The driver's mounts of the proxy volume. The operator's webhook adds a pod volume only if the
 * Spark container mounts it, so the driver mounts the Secret too — only its CA file (`subPath`),
 * which keeps the client's private key out of the container that runs the job's code.
 */
function proxyMounts(proxy: MetastoreProxy | undefined): SparkPodTemplate["volumeMounts"] {
  if (!proxy) return [];
  const mountPath = `${METASTORE_PROXY_CERT_DIR}/${PROXY_CA_FILE}`;
  return [{ name: proxy.volume.name, mountPath, subPath: PROXY_CA_FILE, readOnly: true }];
}

/** `deps` of the application: the packages Ivy resolves, the jar URLs and Python files, each only if there are any. */
function depsOf(
  packages: readonly string[],
  jars: readonly string[],
  pyFiles: readonly string[],
): Pick<SparkApplicationObject["spec"], "deps"> {
  const deps = {
    ...(packages.length > 0 ? { packages: [...new Set(packages)] } : {}),
    ...(jars.length > 0 ? { jars: [...jars] } : {}),
    ...(pyFiles.length > 0 ? { pyFiles: [...pyFiles] } : {}),
  };
  return Object.keys(deps).length > 0 ? { deps } : {};
}

/** Init containers in start order (the truststore before the proxy); none: the field is left out. */
function initContainersOf(containers: readonly SparkInitContainer[]): Pick<SparkPodTemplate, "initContainers"> {
  return containers.length > 0 ? { initContainers: containers } : {};
}

/**
 * Renders a Spark job as a SparkApplication (`sparkoperator.k8s.io/v1beta2`, Spark Operator 2.x):
 * Delta + Hive Metastore settings, storage access through Secrets, drivers on `system`/`stateful`,
 * executors on the tainted spot `batch` pool, non-root pods, the job files mounted from a ConfigMap,
 * the driver's mutual-TLS metastore proxy where the job has one. Volumes, init containers, env, node
 * selectors, tolerations and security contexts are applied by the operator's mutating webhook, which
 * must stay enabled (the chart's default).
 */
export function renderSparkApplication(spec: SparkJobSpec): SparkApplicationObject {
  const labels = { "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/name": spec.name, ...spec.labels };
  const env: SparkEnvVar[] = [...storageSecretEnv(spec.storage), ...(spec.secretEnv ?? [])].map((v) => ({
    name: v.name,
    valueFrom: { secretKeyRef: { name: v.secretName, key: v.key } },
  }));
  // An image with the jars baked in, or the mirror's copy in every pod, resolves nothing: no egress to Maven Central.
  const copy = spec.packageSource ? sparkPackagePod(spec, spec.packageSource) : undefined;
  const packages = spec.packagesInImage || copy ? [] : jobPackages(spec);
  const jars = [...(spec.storage.kind === "gcs" ? [GCS_CONNECTOR_JAR] : []), ...(spec.jars ?? [])];
  const mountPath = spec.jobFiles.mountPath;
  const executorAccount = spec.executor.serviceAccount ?? spec.driver.serviceAccount;
  const trust = truststorePod(spec);
  const caVolumes = needsJvmTruststore(spec.platformCa) ? truststoreVolumes(spec.platformCa.secretName) : [];
  // Only the driver talks to the metastore: executors get no proxy.
  const proxy = spec.metastoreProxy;
  // A proxy without a metastore is a wiring mistake, not a plain-Thrift job.
  if (proxy && spec.hiveMetastoreUri === undefined) {
    throw new Error(`SparkJob ${spec.name}: metastoreProxy: set without hiveMetastoreUri; expected both or neither`);
  }
  return {
    apiVersion: "sparkoperator.k8s.io/v1beta2",
    kind: "SparkApplication",
    metadata: { name: spec.name, namespace: spec.namespace, labels },
    spec: {
      type: "Python",
      pythonVersion: spec.pythonVersion ?? "3",
      mode: "cluster",
      image: spec.image ?? SPARK_IMAGE,
      imagePullPolicy: "IfNotPresent",
      mainApplicationFile: spec.mainApplicationFile,
      arguments: [...spec.arguments],
      sparkVersion: spec.sparkVersion ?? SPARK_VERSION,
      sparkConf: sparkConfOf(spec, copy?.sparkConf ?? {}, trust.javaOptions),
      ...depsOf(packages, jars, copy?.pyFiles ?? []),
      restartPolicy: spec.restartPolicy ?? { type: "Never" },
      timeToLiveSeconds: spec.timeToLiveSeconds ?? 86_400,
      volumes: [
        { name: JOB_FILES_VOLUME, configMap: { name: spec.jobFiles.configMapName } },
        ...caVolumes,
        ...(copy ? [copy.volume] : []),
        ...(proxy ? [proxy.volume] : []),
      ],
      ...(spec.dynamicAllocation
        ? {
            dynamicAllocation: {
              enabled: true,
              shuffleTrackingEnabled: true,
              minExecutors: spec.dynamicAllocation.minExecutors,
              maxExecutors: spec.dynamicAllocation.maxExecutors,
            },
          }
        : {}),
      driver: {
        ...withMounts(podTemplate(spec.driver, spec.driver.serviceAccount, labels, env, mountPath), [
          ...trust.mounts,
          ...(copy ? [copy.mount] : []),
          ...proxyMounts(proxy),
        ]),
        ...initContainersOf([
          ...trust.initContainers,
          ...(copy ? [copy.initContainer] : []),
          ...(proxy ? [proxy.container] : []),
        ]),
        ...javaOptionsOf(spec, "driver", trust.javaOptions),
        nodeSelector: { [POOL_LABEL]: spec.driver.pool ?? "system" },
      },
      executor: {
        // The executors' own service account (no API access), else the driver's.
        ...withMounts(podTemplate(spec.executor, executorAccount, labels, env, mountPath), [
          ...trust.mounts,
          ...(copy ? [copy.mount] : []),
        ]),
        ...initContainersOf([...trust.initContainers, ...(copy ? [copy.initContainer] : [])]),
        ...javaOptionsOf(spec, "executor", trust.javaOptions),
        instances: spec.executor.instances,
        nodeSelector: { [POOL_LABEL]: "batch" },
        tolerations: [{ key: SPOT_TAINT_KEY, operator: "Equal", value: "true", effect: "NoSchedule" }],
      },
    },
  };
}
