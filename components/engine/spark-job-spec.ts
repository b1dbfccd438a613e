import type { MetastoreProxy } from "../metastore/metastore-proxy";
import type { PlatformCaTrust } from "../tls/jvm-truststore";
import type { SparkPackageCopy } from "./spark-package-mirror";

/**
 * A Spark job as the platform describes it, before it becomes a Spark Operator SparkApplication.
 * Placement, security context and Delta/metastore settings are not options: the renderer always
 * applies them, so a job cannot land a driver on spot nodes or run as root.
 */

/**
 * Pinned upstream versions of the jobs; the image's Spark, Scala and Hadoop versions fix the
 * others. Spark 4.1 is maintained until about 2027-06 (3.5 ended on 2026-04-12); Zeppelin, which
 * no release runs on Spark 4.1 yet, keeps its own Spark 3.5 (`components/notebook/zeppelin-spark-versions.ts`).
 */
export const SPARK_IMAGE = "apache/spark:4.1.3-scala2.13-java17-python3-ubuntu";
export const SPARK_VERSION = "4.1.3";
/** UID of the `spark` user in the apache/spark images. */
export const SPARK_UID = 185;
/** Delta 4.4 is built for Spark 4.0, 4.1 and 4.2; the artifact names the Spark line it is for. */
export const DELTA_PACKAGE = "io.delta:delta-spark_4.1_2.13:4.4.0";
/** Must match the Hadoop the image ships (3.4.2 for Spark 4.1); it brings the AWS SDK v2 bundle. */
export const HADOOP_AWS_PACKAGE = "org.apache.hadoop:hadoop-aws:3.4.2";
/** 42.7.12 and later: fixes of CVE-2025-49146, CVE-2026-42198 and CVE-2026-54291. */
export const POSTGRES_JDBC_PACKAGE = "org.postgresql:postgresql:42.7.14";
/** The connector built for Spark 4.1 (Java 17), with its dependencies shaded. */
export const SPARK_BIGQUERY_PACKAGE = "com.google.cloud.spark:spark-4.1-bigquery:0.45.0";
/** The shaded GCS connector (Hadoop 3.4.2, Java 17): a classifier, which `--packages` cannot express. */
export const GCS_CONNECTOR_JAR =
  "https://repo1.maven.org/maven2/com/google/cloud/bigdataoss/gcs-connector/4.0.4/gcs-connector-4.0.4-shaded.jar";
/** S3A's provider reading `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, in the AWS SDK v2 that hadoop-aws 3.4 uses. */
export const S3A_ENV_CREDENTIALS_PROVIDER =
  "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider";

/** Node pool label and spot taint every pool carries (see DESIGN: node placement). */
export const POOL_LABEL = "batch-platform.io/pool";
export const SPOT_TAINT_KEY = "batch-platform.io/spot";

/** An environment variable read from a Kubernetes Secret key. */
export interface SecretEnvVar {
  /** Variable name in the container, e.g. `AWS_ACCESS_KEY_ID`. */
  readonly name: string;
  readonly secretName: string;
  readonly key: string;
}

/** MinIO (or any S3 API) through Hadoop S3A; keys come from a Secret, never from sparkConf. */
export interface S3aStorage {
  readonly kind: "s3a";
  /** e.g. `http://minio.minio.svc.cluster.local:9000`. */
  readonly endpoint: string;
  /** MinIO needs path-style access. @default true */
  readonly pathStyleAccess?: boolean;
  readonly sslEnabled: boolean;
  /** The region requests are signed for: the AWS SDK v2 needs one, MinIO accepts any. @default "us-east-1" */
  readonly region?: string;
  /** Secret with the access key id and secret key. */
  readonly credentialsSecret: { readonly name: string; readonly accessKeyKey: string; readonly secretKeyKey: string };
}

/** Cloud Storage through the GCS connector, authenticated by workload identity (no keys). */
export interface GcsStorage {
  readonly kind: "gcs";
  readonly projectId: string;
}

export type SparkStorage = S3aStorage | GcsStorage;

export interface SparkPodSize {
  /** Whole cores → `cores` and `coreRequest`. */
  readonly cores: number;
  /** CPU limit. @default the same as cores */
  readonly coreLimit?: string;
  /** JVM heap, Spark notation, e.g. `2g`. */
  readonly memory: string;
  /** Off-heap / Python overhead added to the pod's memory, e.g. `512m`. */
  readonly memoryOverhead: string;
}

export interface SparkDriverSpec extends SparkPodSize {
  readonly serviceAccount: string;
  /** Drivers never run on spot: `system` or `stateful`. @default "system" */
  readonly pool?: "system" | "stateful";
}

export interface SparkExecutorSpec extends SparkPodSize {
  readonly instances: number;
  /** The executors' own service account (no API access needed). @default the driver's */
  readonly serviceAccount?: string;
}

export type SparkRestartPolicy =
  | { readonly type: "Never" }
  | {
      readonly type: "OnFailure";
      readonly onFailureRetries: number;
      readonly onFailureRetryInterval: number;
      readonly onSubmissionFailureRetries: number;
      readonly onSubmissionFailureRetryInterval: number;
    };

export interface SparkJobSpec {
  /** SparkApplication name (a DNS label). */
  readonly name: string;
  readonly namespace: string;
  /** Pinned image tag. @default SPARK_IMAGE */
  readonly image?: string;
  /** @default "3" */
  readonly pythonVersion?: "3";
  /** e.g. `local:///opt/batch-platform/jobs/medallion_job.py`. */
  readonly mainApplicationFile: string;
  readonly arguments: readonly string[];
  /** @default SPARK_VERSION */
  readonly sparkVersion?: string;
  readonly driver: SparkDriverSpec;
  readonly executor: SparkExecutorSpec;
  /** Scale executors between bounds (shuffle tracking, no external shuffle service). @default off */
  readonly dynamicAllocation?: { readonly minExecutors: number; readonly maxExecutors: number };
  /** Extra Maven coordinates; Delta and the storage connector are always added. @default [] */
  readonly packages?: readonly string[];
  /** The image carries every package (Delta, the storage connector, `packages`): none is resolved. @default false */
  readonly packagesInImage?: boolean;
  /**
   * The packages from a `SparkPackageMirror`: an init container copies its jars into the driver and
   * every executor (with the job's lake keys), they are on both classpaths, none is resolved — the
   * operator and the pods need no internet. It must hold every package the job needs (S3 lakes only).
   * @default resolve `spark.jars.packages` from Maven Central
   */
  readonly packageSource?: SparkPackageCopy;
  /** Extra jar URLs. @default [] */
  readonly jars?: readonly string[];
  /**
   * Extra Spark settings; credentials are refused here. `extraClassPath` extends the package
   * mirror's and `extraJavaOptions` follows the truststore's options (`javaOptions`), neither
   * replacing the platform's. @default {}
   */
  readonly sparkConf?: Readonly<Record<string, string>>;
  readonly storage: SparkStorage;
  /** e.g. `thrift://hive-metastore.metastore.svc.cluster.local:9083`. @default none (no metastore) */
  readonly hiveMetastoreUri?: string;
  /**
   * The driver's mutual-TLS proxy to the metastore (`metastoreProxyClient(…, true)`, a native
   * sidecar): Spark then talks plain Thrift to it on loopback. Needs hiveMetastoreUri.
   * @default none (plain Thrift to hiveMetastoreUri)
   */
  readonly metastoreProxy?: MetastoreProxy;
  /**
   * Trust in the platform CA: a truststore of the image JDK's roots plus the CA, built by an init
   * container, for S3A on driver and executors where the CA signed the lake's certificate (`lake`).
   * @default the JDK's roots only
   */
  readonly platformCa?: PlatformCaTrust;
  /** More variables from Secrets, on driver and executors (e.g. database credentials). @default [] */
  readonly secretEnv?: readonly SecretEnvVar[];
  /** ConfigMap holding the job's Python files, mounted read-only at `mountPath`. */
  readonly jobFiles: { readonly configMapName: string; readonly mountPath: string };
  /** Garbage-collect the finished application after this long. @default 86400 */
  readonly timeToLiveSeconds?: number;
  /** @default { type: "Never" } — Airflow owns retries. */
  readonly restartPolicy?: SparkRestartPolicy;
  /** Extra labels on the application and its pods. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The packages a job's Spark needs: Delta, the S3 connector on an S3 lake, and the job's own. */
export function jobPackages(spec: Pick<SparkJobSpec, "storage" | "packages">): string[] {
  return [DELTA_PACKAGE, ...(spec.storage.kind === "s3a" ? [HADOOP_AWS_PACKAGE] : []), ...(spec.packages ?? [])];
}
