import type * as pulumi from "@pulumi/pulumi";
import {
  BIGQUERY_JOB_USER_ROLE,
  nodeSelectorFor,
  SPARK_OPERATOR_WEBHOOK_LABELS,
  SPARK_OPERATOR_WEBHOOK_PORT,
  SparkEngine,
  SparkOperator,
  type DataLake,
  type GkeNamespace,
  type WorkloadIdentityProvider,
} from "../../components";
import type { PlatformConfig } from "../config";

export interface GkeSparkArgs {
  /** The jobs' namespace (it also runs the operator and its webhook). */
  readonly jobs: GkeNamespace;
  readonly lake: DataLake;
  readonly workloadIdentity: WorkloadIdentityProvider;
  readonly spark: PlatformConfig["gcp"]["spark"];
  readonly labels: Readonly<Record<string, string>>;
  readonly k8s: pulumi.ComponentResourceOptions;
}

/**
 * `batch-platform:gcp.engine: spark`: the Spark Operator in the jobs' namespace and a SparkEngine
 * whose service account acts as its own Google account (GCS connector, BigQuery export of gold).
 */
export function gkeSparkEngine({ jobs, lake, workloadIdentity, spark, labels, k8s }: GkeSparkArgs): SparkEngine {
  const opts = { ...k8s, dependsOn: [jobs] };
  const nodeSelector = nodeSelectorFor("system");
  const operator = { namespace: jobs.name, jobNamespaces: [jobs.name], nodeSelector, labels };
  new SparkOperator("spark-operator", operator, opts);
  const { minExecutors, maxExecutors } = spark;
  return new SparkEngine(
    "spark",
    {
      namespace: jobs.name,
      lake,
      workloadIdentity,
      // The BigQuery connector runs load jobs, which exist only per project.
      cloudRoles: [BIGQUERY_JOB_USER_ROLE],
      driver: { cores: 1, memory: "2g", memoryOverhead: "512m" },
      executor: { instances: Math.max(minExecutors, 1), cores: 2, memory: "4g", memoryOverhead: "1g" },
      dynamicAllocation: { minExecutors, maxExecutors },
      labels,
    },
    opts,
  );
}

/** The webhook the operator serves from the jobs' namespace (its NetworkPolicy admits the API server). */
export const SPARK_WEBHOOK = { ports: [SPARK_OPERATOR_WEBHOOK_PORT], podLabels: SPARK_OPERATOR_WEBHOOK_LABELS };
