import type { MedallionSparkSettings, MedallionZones, YsqlLoadTarget } from "../medallion-spark-job";

/** Scheduling and retry settings shared by every generated DAG. */
export interface DagDefaults {
  /** @default "batch-platform" */
  readonly owner?: string;
  /** Task retries. @default 2 */
  readonly retries?: number;
  /** @default 5 */
  readonly retryDelayMinutes?: number;
  /** First logical date, `YYYY-MM-DD` (catchup is off). @default "2024-01-01" */
  readonly startDate?: string;
  /** @default 300 */
  readonly sensorPokeIntervalSeconds?: number;
  /** After this long without files the run is skipped (soft fail). @default 21600 */
  readonly sensorTimeoutSeconds?: number;
  /** Extra DAG tags. @default [] */
  readonly tags?: readonly string[];
}

/** How Airflow reaches the cluster that runs SparkApplications. */
export interface KubernetesAccess {
  /** @default "kubernetes_default" */
  readonly connId?: string;
  /** Use the worker pod's service account (Airflow runs in the same cluster). @default true */
  readonly inCluster?: boolean;
}

/** The all-OSS variant: MinIO, Spark Operator + Delta, YugabyteDB. */
export interface OssDagTarget extends DagDefaults {
  readonly kind: "oss";
  /** MinIO bucket of the landing zone. */
  readonly landingBucket: string;
  /** `s3a://` roots of the processing and curated zones. */
  readonly zones: MedallionZones;
  /** Airflow connection to MinIO, from `AIRFLOW_CONN_MINIO_S3` set from a Secret. @default "minio_s3" */
  readonly s3ConnId?: string;
  readonly kubernetes?: KubernetesAccess;
  readonly spark: MedallionSparkSettings;
  readonly ysql: Omit<YsqlLoadTarget, "kind">;
}

/** Dataflow Flex Template launch settings (GCP variant). */
export interface DataflowEngine {
  readonly kind: "dataflow";
  /** gs:// path of the template spec file (see `flexTemplateSpecFile`). */
  readonly templateGcsPath: string;
  readonly tempLocation: string;
  readonly stagingLocation: string;
  readonly network: string;
  /** Full subnetwork URL or `regions/<region>/subnetworks/<name>`. */
  readonly subnetwork: string;
  readonly machineType: string;
  readonly maxWorkers: number;
  readonly serviceAccountEmail: string;
  /** The template image, also run by the workers. */
  readonly sdkContainerImage: string;
}

/** Spark on GKE instead of Dataflow: the oss Spark stages, reading and writing gs://. */
export interface GkeSparkEngine {
  readonly kind: "spark";
  readonly spark: MedallionSparkSettings;
  /** `gs://` roots of the processing and curated zones. */
  readonly zones: MedallionZones;
  readonly kubernetes?: KubernetesAccess;
}

/** The GCP variant: GCS, Dataflow (or Spark on GKE), BigQuery. */
export interface GcpDagTarget extends DagDefaults {
  readonly kind: "gcp";
  readonly projectId: string;
  /** Dataflow region. */
  readonly region: string;
  /** Location of the BigQuery datasets (e.g. `EU`, `europe-west1`). */
  readonly bigqueryLocation: string;
  readonly landingBucket: string;
  /** @default "google_cloud_default" (workload identity, no key) */
  readonly gcpConnId?: string;
  readonly datasets: { readonly bronze: string; readonly silver: string; readonly gold: string; readonly serving: string };
  readonly engine: DataflowEngine | GkeSparkEngine;
}

export type DagTarget = OssDagTarget | GcpDagTarget;
