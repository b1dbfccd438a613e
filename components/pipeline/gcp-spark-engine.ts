import type { GkeSparkEngine, KubernetesAccess } from "./dag/dag-target";

/** Where and how large the medallion Spark jobs run when the GCP variant's engine is `spark`. */
export interface GkeSparkEngineArgs {
  /** Project of the lake buckets (the GCS connector's project). */
  readonly projectId: string;
  /** Plain bucket names of the processing and curated zones. */
  readonly processingBucket: string;
  readonly curatedBucket: string;
  /** Namespace of the SparkApplications. @default "spark-jobs" */
  readonly namespace?: string;
  /** Kubernetes service account of drivers and executors, bound to a Google account by workload identity. @default "spark-driver" */
  readonly serviceAccount?: string;
  /** ConfigMap with the job files (`sparkJobConfigMapData`). @default "medallion-jobs" */
  readonly jobConfigMapName?: string;
  /** Dynamic allocation bounds. */
  readonly minExecutors: number;
  readonly maxExecutors: number;
  /** How Airflow reaches the cluster. @default in-cluster */
  readonly kubernetes?: KubernetesAccess;
}

/**
 * The gcp DAG target's engine when Spark on the GKE cluster replaces Dataflow: the oss medallion
 * stages reading and writing `gs://` through the GCS connector with workload identity (no keys).
 */
export function gkeSparkEngine(args: GkeSparkEngineArgs): GkeSparkEngine {
  return {
    kind: "spark",
    spark: {
      namespace: args.namespace ?? "spark-jobs",
      driver: { cores: 1, memory: "2g", memoryOverhead: "512m", serviceAccount: args.serviceAccount ?? "spark-driver" },
      executor: { instances: Math.max(args.minExecutors, 1), cores: 2, memory: "4g", memoryOverhead: "1g" },
      dynamicAllocation: { minExecutors: args.minExecutors, maxExecutors: args.maxExecutors },
      storage: { kind: "gcs", projectId: args.projectId },
      jobConfigMapName: args.jobConfigMapName ?? "medallion-jobs",
    },
    zones: { processing: `gs://${args.processingBucket}/`, curated: `gs://${args.curatedBucket}/` },
    ...(args.kubernetes !== undefined ? { kubernetes: args.kubernetes } : {}),
  };
}
