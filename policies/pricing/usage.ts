import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/**
 * What the code cannot know and the estimate therefore assumes, per environment. Kept under the
 * `monthly-budget` policy's config in `policies/config/<env>.json`, because CrossGuard hands each
 * policy only its own config and the budget policy is the one that needs the estimate in a real preview.
 * A priced resource whose usage is missing is listed as not priced rather than counted as zero.
 */
export interface UsageAssumptions {
  /** GB stored per lake zone (`landing`, `processing`, `curated`; `other` for buckets without a zone). */
  readonly storageGbPerZone?: Readonly<Record<string, number>>;
  /** Average running nodes per pool role (`system`/`stateful`/`batch`), instead of the autoscaling minimum. */
  readonly averageNodesByPool?: Readonly<Record<string, number>>;
  /**
   * OSS only: the node pools of the given cluster (not Pulumi resources). When present, workload
   * CPU/memory is covered by these nodes; when absent, workload requests are priced per vCPU-/GB-hour
   * (a share of a shared cluster).
   */
  readonly ossNodePools?: readonly OssNodePool[];
  /** Hours one SparkApplication runs per month (driver and executors). */
  readonly sparkJobHoursPerMonth?: number;
  /** Hours one Kubernetes Job/CronJob runs per month (priced only with shared-cluster pricing). */
  readonly kubernetesJobHoursPerMonth?: number;
  /** BigQuery in the whole stack (all datasets): booked on the first dataset. */
  readonly bigquery?: {
    readonly activeGb?: number;
    readonly longTermGb?: number;
    readonly tibScannedPerMonth?: number;
  };
  /** Dataflow batch jobs launched by Airflow (not Pulumi resources). */
  readonly dataflow?: { readonly vcpuHoursPerMonth?: number; readonly memoryGbHoursPerMonth?: number };
  readonly databricks?: {
    readonly jobsDbuPerMonth?: number;
    readonly allPurposeDbuPerMonth?: number;
    /** VM size of cluster nodes and their node-hours per month (billed by Azure besides DBUs). */
    readonly vmSize?: string;
    readonly vmNodeHoursPerMonth?: number;
    readonly spotVms?: boolean;
  };
  /** Dedicated SQL pool hours online, serverless TB processed, and the pool's data (billed while paused too). */
  readonly synapse?: { readonly sqlPoolHoursPerMonth?: number; readonly serverlessTbPerMonth?: number; readonly sqlPoolStorageTb?: number };
}

export interface OssNodePool {
  /** Pool role: `system`, `stateful` or `batch`. */
  readonly pool: string;
  /** Average running nodes. */
  readonly nodes: number;
  /** A machine type from the catalog (GKE or AKS names), or… */
  readonly machineType?: string;
  /** …an hourly price per node for hardware the catalog does not know. */
  readonly hourlyUsd?: number;
  readonly spot?: boolean;
}

const count: PolicyConfigJSONSchema = { type: "number", minimum: 0 };
const numberMap: PolicyConfigJSONSchema = { type: "object", additionalProperties: count };

/** JSON schema of the usage assumptions (CrossGuard validates the config file against it). */
export const usageSchema: PolicyConfigJSONSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    storageGbPerZone: numberMap,
    averageNodesByPool: numberMap,
    ossNodePools: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["pool", "nodes"],
        properties: { pool: { type: "string" }, nodes: count, machineType: { type: "string" }, hourlyUsd: count, spot: { type: "boolean" } },
      },
    },
    sparkJobHoursPerMonth: count,
    kubernetesJobHoursPerMonth: count,
    bigquery: { type: "object", additionalProperties: false, properties: { activeGb: count, longTermGb: count, tibScannedPerMonth: count } },
    dataflow: { type: "object", additionalProperties: false, properties: { vcpuHoursPerMonth: count, memoryGbHoursPerMonth: count } },
    databricks: {
      type: "object",
      additionalProperties: false,
      properties: { jobsDbuPerMonth: count, allPurposeDbuPerMonth: count, vmSize: { type: "string" }, vmNodeHoursPerMonth: count, spotVms: { type: "boolean" } },
    },
    synapse: { type: "object", additionalProperties: false, properties: { sqlPoolHoursPerMonth: count, serverlessTbPerMonth: count, sqlPoolStorageTb: count } },
  },
};
