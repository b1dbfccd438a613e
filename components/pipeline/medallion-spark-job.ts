import type { SparkJobSpec, SparkDriverSpec, SparkExecutorSpec, SparkStorage } from "../engine/spark-job-spec";
import type { SparkPackageCopy } from "../engine/spark-package-mirror";
import type { MetastoreProxy } from "../metastore/metastore-proxy";
import type { PlatformCaTrust } from "../tls/jvm-truststore";
import type { BatchPipelineSpec } from "./batch-pipeline-spec";
import { JOB_ASSETS, JOBS_MOUNT_PATH, specFilePath } from "./job-files";
import { POSTGRES_JDBC_PACKAGE, SPARK_BIGQUERY_PACKAGE } from "../engine/spark-job-spec";

/** How the platform runs medallion Spark jobs on a cluster (shared by every pipeline). */
export interface MedallionSparkSettings {
  /** Namespace of the SparkApplications. */
  readonly namespace: string;
  /** Pinned Spark image. @default SPARK_IMAGE */
  readonly image?: string;
  /** The image has the jars of every package: none is resolved at start. @default false */
  readonly packagesInImage?: boolean;
  /** The packages from a mirror's copy in the lake, copied into every pod. @default resolve them */
  readonly packageSource?: SparkPackageCopy;
  readonly driver: SparkDriverSpec;
  readonly executor: SparkExecutorSpec;
  /** @default off */
  readonly dynamicAllocation?: { readonly minExecutors: number; readonly maxExecutors: number };
  readonly storage: SparkStorage;
  /** @default none */
  readonly hiveMetastoreUri?: string;
  /** The driver's mutual-TLS proxy to the metastore (a native sidecar). @default none (plain Thrift) */
  readonly metastoreProxy?: MetastoreProxy;
  /** Trust in the platform CA (the lake). @default the JDK's roots only */
  readonly platformCa?: PlatformCaTrust;
  /** ConfigMap built from `sparkJobConfigMapData`. */
  readonly jobConfigMapName: string;
  /** @default 86400 */
  readonly timeToLiveSeconds?: number;
}

/** Lake roots the job writes to (`s3a://…` or `gs://…`). */
export interface MedallionZones {
  readonly processing: string;
  readonly curated: string;
}

/** YugabyteDB YSQL as the serving store; credentials come from a Secret. */
export interface YsqlLoadTarget {
  readonly kind: "ysql";
  /** `jdbc:postgresql://host:5433/database`, no credentials. */
  readonly jdbcUrl: string;
  readonly schema: string;
  readonly credentialsSecret: { readonly name: string; readonly usernameKey: string; readonly passwordKey: string };
}

/** A BigQuery table (`project.dataset.table`) receiving gold, for the GKE variant. */
export interface BigQueryLoadTarget {
  readonly kind: "bigquery";
  readonly table: string;
}

export type MedallionStage =
  | { readonly stage: "process"; readonly landingUri: string }
  | { readonly stage: "load"; readonly target: YsqlLoadTarget | BigQueryLoadTarget };

/**
 * The SparkJobSpec of one medallion stage of a pipeline. `runId` is put into the arguments as is,
 * so a DAG passes a Jinja expression (`{{ run_id }}`) and the landing URI may hold one too.
 */
export function medallionSparkJob(
  pipeline: BatchPipelineSpec,
  settings: MedallionSparkSettings,
  zones: MedallionZones,
  stage: MedallionStage,
  runId: string,
): SparkJobSpec {
  const common = ["--spec-file", specFilePath(pipeline), "--processing", zones.processing, "--curated", zones.curated, "--run-id", runId];
  let args: string[];
  let packages: string[] = [];
  let secretEnv: SparkJobSpec["secretEnv"] = [];
  if (stage.stage === "process") {
    args = ["--stage", "process", ...common, "--landing", stage.landingUri];
  } else if (stage.target.kind === "ysql") {
    const { jdbcUrl, schema, credentialsSecret } = stage.target;
    args = ["--stage", "load", ...common, "--load-target", "ysql", "--jdbc-url", jdbcUrl, "--ysql-schema", schema];
    packages = [POSTGRES_JDBC_PACKAGE];
    secretEnv = [
      { name: "YSQL_USER", secretName: credentialsSecret.name, key: credentialsSecret.usernameKey },
      { name: "YSQL_PASSWORD", secretName: credentialsSecret.name, key: credentialsSecret.passwordKey },
    ];
  } else {
    args = ["--stage", "load", ...common, "--load-target", "bigquery", "--bigquery-table", stage.target.table];
    packages = [SPARK_BIGQUERY_PACKAGE];
  }
  return {
    name: `${pipeline.name}-${stage.stage}`,
    namespace: settings.namespace,
    ...(settings.image !== undefined ? { image: settings.image } : {}),
    mainApplicationFile: `local://${JOBS_MOUNT_PATH}/${JOB_ASSETS.sparkJob}`,
    arguments: args,
    driver: settings.driver,
    executor: settings.executor,
    ...(settings.dynamicAllocation !== undefined ? { dynamicAllocation: settings.dynamicAllocation } : {}),
    packages,
    // Silver's contract is SQL's non-ANSI CAST (an unparsable value becomes null, and the row is
    // dropped); Spark 4 turned ANSI mode on, which fails the whole job on the first such value.
    sparkConf: { "spark.sql.ansi.enabled": "false" },
    ...(settings.packagesInImage ? { packagesInImage: true } : {}),
    ...(settings.packageSource ? { packageSource: settings.packageSource } : {}),
    storage: settings.storage,
    ...(settings.hiveMetastoreUri !== undefined ? { hiveMetastoreUri: settings.hiveMetastoreUri } : {}),
    ...(settings.metastoreProxy !== undefined ? { metastoreProxy: settings.metastoreProxy } : {}),
    ...(settings.platformCa !== undefined ? { platformCa: settings.platformCa } : {}),
    secretEnv,
    jobFiles: { configMapName: settings.jobConfigMapName, mountPath: JOBS_MOUNT_PATH },
    ...(settings.timeToLiveSeconds !== undefined ? { timeToLiveSeconds: settings.timeToLiveSeconds } : {}),
    labels: { "batch-platform.io/pipeline": pipeline.name, "batch-platform.io/stage": stage.stage },
  };
}
