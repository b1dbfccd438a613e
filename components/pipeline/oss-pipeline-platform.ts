import type { SparkApplicationObject } from "../engine/spark-application";
import type { SparkJobSpec } from "../engine/spark-job-spec";
import type { YugabyteServer } from "../warehouse/yugabyte-server";
import type { DagDefaults } from "./dag/dag-target";
import type { MedallionSparkSettings } from "./medallion-spark-job";

/**
 * The contracts a {@link BatchPipeline} compiles against on the all-OSS variant: plain values (they
 * are written into generated DAGs and manifests), taken from the components' outputs.
 */

/** Airflow's side: where DAG files go and the connections generated DAGs use. */
export interface OssOrchestratorTarget {
  /** Namespace of Airflow; DAG ConfigMaps are created there. */
  readonly namespace: string;
  /** Connection to the lake's S3 API (sensor, file moves). */
  readonly s3ConnId: string;
  /** Connection to the cluster that runs SparkApplications. @default "kubernetes_default" */
  readonly kubernetesConnId?: string;
  /** Owner, retries, start date, sensor timing, tags of the generated DAGs. @default the renderer's */
  readonly dagDefaults?: DagDefaults;
}

/** The engine's side (implemented by SparkEngine). */
export interface OssPipelineEngine {
  /** Namespace of the SparkApplications (and of the job files and sink credentials). */
  readonly namespace: string;
  /** Shared Spark settings for a pipeline whose job files are in `jobConfigMapName`. */
  medallionSettings(jobConfigMapName: string): MedallionSparkSettings;
  /** A job as a validated SparkApplication. */
  application(job: SparkJobSpec): SparkApplicationObject;
}

/** The lake's side: the landing bucket and the roots of the processing and curated zones. */
export interface OssLakeTarget {
  readonly landingBucket: string;
  /** `s3a://processing` */
  readonly processing: string;
  /** `s3a://curated` */
  readonly curated: string;
}

/** The serving side: YugabyteDB and the shared database sink tables are loaded into. */
export interface OssWarehouseTarget {
  readonly server: YugabyteServer;
  /** YSQL database of all sink tables; each pipeline gets its own schema in it. */
  readonly database: string;
  /** Group role that may read every pipeline's tables (Trino's login joins it). */
  readonly readerRole: string;
}
