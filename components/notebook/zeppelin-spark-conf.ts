import { stringify } from "yaml";
import { storageSparkConf } from "../engine/spark-application";
import { SPARK_UID } from "../engine/spark-job-spec";
import { nodeSelectorFor, spotToleration, type NodePlacement } from "../k8s/placement";
import { LAKE_ACCESS_KEY_KEY, LAKE_SECRET_KEY_KEY } from "../lake/lake-credentials";
import { compareText } from "../common/compare-text";
import {
  truststoreInitContainer,
  truststoreJavaOptions,
  truststoreMounts,
  truststoreVolumes,
  type PlatformCaTrust,
} from "../tls/jvm-truststore";
import {
  ZEPPELIN_S3A_CREDENTIALS_PROVIDER,
  ZEPPELIN_SPARK_IMAGE,
  ZEPPELIN_SPARK_PACKAGES,
} from "./zeppelin-spark-versions";

/**
 * Spark for Zeppelin's Spark interpreter: the interpreter's driver runs inside the Zeppelin pod
 * (client mode) and asks Kubernetes for executor pods in the notebook's namespace. Executors run on
 * the batch (spot) pool with its toleration; credentials reach them only as `secretKeyRef`s.
 */

/** Where the ConfigMap with `spark-defaults.conf` and the executor pod template is mounted (SPARK_CONF_DIR). */
export const SPARK_CONF_DIR = "/opt/zeppelin/spark-conf";
export const EXECUTOR_TEMPLATE_FILE = "executor-pod-template.yaml";
export const EXECUTOR_CONTAINER = "spark-executor";
/** Fixed driver ports, so a NetworkPolicy can let executors connect back to the Zeppelin pod. */
export const DRIVER_PORT = 7078;
export const BLOCK_MANAGER_PORT = 7079;
export const KUBERNETES_MASTER = "k8s://https://kubernetes.default.svc";

/** Executors of a notebook session; dynamic allocation scales them between 0 and `maxExecutors`. */
export interface ZeppelinExecutors {
  /** Cores per executor (its CPU request). @default 1 */
  readonly cores?: number;
  /** Heap per executor, Spark notation. @default "2g" */
  readonly memory?: string;
  /** Off-heap per executor, Spark notation. @default "512m" */
  readonly memoryOverhead?: string;
  /** Upper bound of dynamic allocation. @default 4 */
  readonly maxExecutors?: number;
}

/** Plain inputs of the Spark configuration. */
export interface ZeppelinSparkInput {
  readonly namespace: string;
  readonly lakeEndpoint: string;
  /** Secret in the namespace with the lake's `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`. */
  readonly lakeCredentialsSecret: string;
  /** `thrift://…:9083`; with it, Spark's catalog is the Hive Metastore and Delta tables are shared with Trino. */
  readonly metastoreUri?: string;
  readonly executors: ZeppelinExecutors;
  readonly placement: NodePlacement;
  /** Trust in the platform CA (S3A on driver and executors). @default the JDK's roots only */
  readonly platformCa?: PlatformCaTrust;
  /** The Spark image of the executors and of the interpreter's Spark distribution. @default ZEPPELIN_SPARK_IMAGE */
  readonly sparkImage?: string;
  /** That image has the Delta and hadoop-aws jars: nothing is resolved from Maven Central. @default false */
  readonly packagesInImage?: boolean;
  /**
   * A directory in the pod with the jars of a `SparkPackageMirror` (copied there at start):
   * they are `spark.jars`, nothing is resolved from Maven Central. @default resolve `spark.jars.packages`
   */
  readonly packageDir?: string;
}

/** `spark-defaults.conf` entries, sorted. Credentials are Secret references (`secret:key`), never values. */
export function zeppelinSparkConf(input: ZeppelinSparkInput): Record<string, string> {
  const executors = input.executors;
  const cores = executors.cores ?? 1;
  const conf: Record<string, string> = {
    "spark.master": KUBERNETES_MASTER,
    "spark.submit.deployMode": "client",
    "spark.kubernetes.namespace": input.namespace,
    "spark.kubernetes.container.image": input.sparkImage ?? ZEPPELIN_SPARK_IMAGE,
    "spark.kubernetes.container.image.pullPolicy": "IfNotPresent",
    "spark.kubernetes.executor.podTemplateFile": `${SPARK_CONF_DIR}/${EXECUTOR_TEMPLATE_FILE}`,
    "spark.kubernetes.executor.podTemplateContainerName": EXECUTOR_CONTAINER,
    "spark.kubernetes.executor.request.cores": String(cores),
    "spark.kubernetes.executor.limit.cores": String(cores),
    "spark.kubernetes.executor.deleteOnTermination": "true",
    "spark.kubernetes.executor.label.app.kubernetes.io/part-of": "batch-platform",
    "spark.kubernetes.executor.label.app.kubernetes.io/component": "notebook-executor",
    [`spark.kubernetes.executor.secretKeyRef.${LAKE_ACCESS_KEY_KEY}`]: `${input.lakeCredentialsSecret}:${LAKE_ACCESS_KEY_KEY}`,
    [`spark.kubernetes.executor.secretKeyRef.${LAKE_SECRET_KEY_KEY}`]: `${input.lakeCredentialsSecret}:${LAKE_SECRET_KEY_KEY}`,
    "spark.executor.cores": String(cores),
    "spark.executor.memory": executors.memory ?? "2g",
    "spark.executor.memoryOverhead": executors.memoryOverhead ?? "512m",
    "spark.dynamicAllocation.enabled": "true",
    "spark.dynamicAllocation.shuffleTracking.enabled": "true",
    "spark.dynamicAllocation.minExecutors": "0",
    "spark.dynamicAllocation.maxExecutors": String(executors.maxExecutors ?? 4),
    "spark.dynamicAllocation.executorIdleTimeout": "120s",
    "spark.driver.bindAddress": "0.0.0.0",
    "spark.driver.port": String(DRIVER_PORT),
    "spark.driver.blockManager.port": String(BLOCK_MANAGER_PORT),
    // An image with the jars baked in, or the mirror's copy in the pod, resolves nothing: no egress to Maven Central.
    ...packageConf(input),
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    ...storageSparkConf(
      {
        kind: "s3a",
        endpoint: input.lakeEndpoint,
        sslEnabled: input.lakeEndpoint.startsWith("https://"),
        credentialsSecret: { name: input.lakeCredentialsSecret, accessKeyKey: LAKE_ACCESS_KEY_KEY, secretKeyKey: LAKE_SECRET_KEY_KEY },
      },
      ZEPPELIN_S3A_CREDENTIALS_PROVIDER,
    ),
  };
  if (input.metastoreUri !== undefined) {
    conf["spark.sql.catalogImplementation"] = "hive";
    conf["spark.hadoop.hive.metastore.uris"] = input.metastoreUri;
  }
  // Executors only: Zeppelin's interpreter.sh passes --driver-java-options, which replaces the
  // driver's setting here; the driver gets the truststore through ZEPPELIN_INTP_JAVA_OPTS instead.
  if (input.platformCa?.lake) conf["spark.executor.extraJavaOptions"] = truststoreJavaOptions().join(" ");
  return Object.fromEntries(Object.entries(conf).sort(([a], [b]) => compareText(a, b)));
}

/** Where the jars come from: the image, the mirror's copy (spark-submit expands the glob, executors fetch them from the driver) or Maven Central. */
function packageConf(input: ZeppelinSparkInput): Record<string, string> {
  if (input.packagesInImage) return {};
  if (input.packageDir !== undefined) return { "spark.jars": `file://${input.packageDir}/*.jar` };
  return { "spark.jars.packages": ZEPPELIN_SPARK_PACKAGES.join(","), "spark.jars.ivy": "/tmp/.ivy2" };
}

/** The conf as `spark-defaults.conf` text. */
export function sparkDefaultsFile(conf: Readonly<Record<string, string>>): string {
  return `${Object.entries(conf)
    .map(([key, value]) => `${key} ${value}`)
    .join("\n")}\n`;
}

/**
 * The executor pod template: batch pool, the spot toleration, non-root as Spark's user; where the
 * platform CA signed the lake's certificate, an init container builds the truststore S3A uses.
 */
export function executorPodTemplate(
  placement: NodePlacement,
  platformCa?: PlatformCaTrust,
  image: string = ZEPPELIN_SPARK_IMAGE,
): Record<string, unknown> {
  const trust = platformCa?.lake ? platformCa : undefined;
  const init = trust ? [truststoreInitContainer(image, SPARK_UID)] : [];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { labels: { "app.kubernetes.io/part-of": "batch-platform" } },
    spec: {
      nodeSelector: nodeSelectorFor("batch", placement),
      tolerations: [spotToleration(placement)],
      securityContext: { runAsNonRoot: true, runAsUser: SPARK_UID, runAsGroup: SPARK_UID, fsGroup: SPARK_UID, seccompProfile: { type: "RuntimeDefault" } },
      ...(trust ? { initContainers: init, volumes: truststoreVolumes(trust.secretName) } : {}),
      containers: [
        {
          name: EXECUTOR_CONTAINER,
          securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
          ...(trust ? { volumeMounts: truststoreMounts() } : {}),
        },
      ],
    },
  };
}

/** The executor pod template as the YAML file Spark reads. */
export function executorPodTemplateFile(
  placement: NodePlacement,
  platformCa?: PlatformCaTrust,
  image: string = ZEPPELIN_SPARK_IMAGE,
): string {
  return stringify(executorPodTemplate(placement, platformCa, image));
}
