import { z } from "zod";
import { mapRoles, NAMESPACE_ROLES, type NamespaceRole } from "../../components/k8s/namespace-roles";
import { POOL_LABEL, SPOT_TAINT_KEY } from "../../components/engine/spark-job-spec";

/**
 * `batch-platform:oss` — settings only the all-OSS variant reads (placement, network, namespace
 * budgets, Airflow, Spark, YugabyteDB). Every field has a default so a
 * stack sets only what differs; the defaults are sized for a small dev cluster.
 */

const cpu = z.string().regex(/^[0-9]+(\.[0-9]+)?m?$/, { error: "a CPU quantity like 500m or 2" });
const memory = z.string().regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti)$/, { error: "a memory quantity like 512Mi or 4Gi" });
const storage = z.string().regex(/^[1-9][0-9]*(Mi|Gi|Ti)$/, { error: "a size like 50Gi or 2Ti" });
const sparkMemory = z.string().regex(/^[1-9][0-9]*[mg]$/, { error: "a Spark size like 512m or 4g" });
const count = z.number().int().min(0).max(100_000);
const size = z.strictObject({ cpu, memory });
const label = z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/, { error: "a label key like batch-platform.io/pool" });
const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, { error: "an IPv4 CIDR like 10.0.0.1/32" });

const budgetSchema = z.strictObject({
  requests: size.optional(),
  limits: size.optional(),
  pods: count.optional(),
  persistentVolumeClaims: count.optional(),
  storage: storage.optional(),
  containerDefaults: z.strictObject({ request: size, limit: size }).optional(),
});

const namespaceSchema = z.strictObject({
  /** Namespace name; defaults to the role. */
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/).optional(),
  /** Enforced Pod Security level; defaults per role (restricted where the workloads allow). */
  podSecurity: z.enum(["restricted", "baseline"]).optional(),
  budget: budgetSchema.default({}),
});

const sparkPod = z.strictObject({ cores: z.number().int().min(1).max(64), memory: sparkMemory, memoryOverhead: sparkMemory });

export const ossSettingsSchema = z.strictObject({
  /** How pools are told apart on the cluster's nodes. */
  placement: z
    .strictObject({
      poolLabelKey: label.default("batch-platform.io/pool"),
      spotTaint: z
        .strictObject({ key: label, value: z.string().min(1), effect: z.enum(["NoSchedule", "NoExecute"]) })
        .default({ key: "batch-platform.io/spot", value: "true", effect: "NoSchedule" }),
    })
    .default({ poolLabelKey: "batch-platform.io/pool", spotTaint: { key: "batch-platform.io/spot", value: "true", effect: "NoSchedule" } }),
  network: z
    .strictObject({
      /** The API server's endpoint addresses as pods see them; narrow to /32s in real clusters. */
      apiServerCidrs: z.array(cidr).min(1).default(["0.0.0.0/0"]),
      apiServerPorts: z.array(z.number().int().min(1).max(65535)).min(1).default([443, 6443]),
      /** HTTPS out of the cluster for processing and explore (Maven Central for spark.jars.packages). */
      packageDownloads: z.boolean().default(true),
    })
    .default({ apiServerCidrs: ["0.0.0.0/0"], apiServerPorts: [443, 6443], packageDownloads: true }),
  namespaces: z
    .strictObject(Object.fromEntries(NAMESPACE_ROLES.map((role) => [role, namespaceSchema.default({ budget: {} })])) as { [role in NamespaceRole]: z.ZodDefault<typeof namespaceSchema> })
    .default(() => mapRoles(() => ({ budget: {} }))),
  airflow: z
    .strictObject({
      scheduler: size.extend({ replicas: z.number().int().min(1).max(4).default(1) }).default({ cpu: "250m", memory: "512Mi", replicas: 1 }),
      webserver: size.extend({ replicas: z.number().int().min(1).max(4).default(1) }).default({ cpu: "250m", memory: "1Gi", replicas: 1 }),
      triggerer: size.default({ cpu: "100m", memory: "256Mi" }),
      worker: size.default({ cpu: "250m", memory: "512Mi" }),
      /** The chart's PostgreSQL (Airflow supports PostgreSQL, not YugabyteDB, as its metadata database). */
      database: z
        .strictObject({ volumeSize: storage.default("8Gi"), storageClassName: z.string().min(1).optional(), cpu: cpu.default("250m"), memory: memory.default("512Mi") })
        .default({ volumeSize: "8Gi", cpu: "250m", memory: "512Mi" }),
    })
    .default(() => ({
      scheduler: { cpu: "250m", memory: "512Mi", replicas: 1 },
      webserver: { cpu: "250m", memory: "1Gi", replicas: 1 },
      triggerer: { cpu: "100m", memory: "256Mi" },
      worker: { cpu: "250m", memory: "512Mi" },
      database: { volumeSize: "8Gi", cpu: "250m", memory: "512Mi" },
    })),
  spark: z
    .strictObject({
      driver: sparkPod.default({ cores: 1, memory: "1g", memoryOverhead: "384m" }),
      executor: sparkPod.extend({ instances: z.number().int().min(1).max(1000) }).default({ cores: 1, memory: "2g", memoryOverhead: "512m", instances: 1 }),
      dynamicAllocation: z.strictObject({ minExecutors: z.number().int().min(0), maxExecutors: z.number().int().min(1) }).default({ minExecutors: 1, maxExecutors: 2 }),
      timeToLiveSeconds: z.number().int().min(60).default(86_400),
      /** Where the Hive Metastore listens (the metastore component's Service). */
      hiveMetastoreUri: z.string().regex(/^thrift:\/\/[a-z0-9.-]+:[0-9]{1,5}$/).default("thrift://hive-metastore.processing.svc.cluster.local:9083"),
      operatorReplicas: z.number().int().min(1).max(3).default(1),
    })
    .default(() => ({
      driver: { cores: 1, memory: "1g", memoryOverhead: "384m" },
      executor: { cores: 1, memory: "2g", memoryOverhead: "512m", instances: 1 },
      dynamicAllocation: { minExecutors: 1, maxExecutors: 2 },
      timeToLiveSeconds: 86_400,
      hiveMetastoreUri: "thrift://hive-metastore.processing.svc.cluster.local:9083",
      operatorReplicas: 1,
    })),
  yugabyte: z
    .strictObject({
      /** 1 in dev; 3 (one copy per zone) in prod. */
      replicationFactor: z.union([z.literal(1), z.literal(3), z.literal(5)]).default(1),
      tservers: z.number().int().min(1).max(32).optional(),
      master: z.strictObject({ cpu, memory: z.string().regex(/^[1-9][0-9]*Gi$/) }).default({ cpu: "500m", memory: "1Gi" }),
      tserver: z.strictObject({ cpu, memory: z.string().regex(/^[1-9][0-9]*Gi$/) }).default({ cpu: "1", memory: "2Gi" }),
      masterVolumeSize: storage.default("10Gi"),
      tserverVolumeSize: storage.default("20Gi"),
      storageClassName: z.string().min(1).optional(),
    })
    .default(() => ({ replicationFactor: 1 as const, master: { cpu: "500m", memory: "1Gi" }, tserver: { cpu: "1", memory: "2Gi" }, masterVolumeSize: "10Gi", tserverVolumeSize: "20Gi" })),
});

export type OssSettings = z.infer<typeof ossSettingsSchema>;

/**
 * Problems between settings the schema cannot see, as `key: got …; expected …` lines: the Spark
 * renderer places drivers and executors with the fixed pool label and spot taint, so a stack that
 * renames them would leave executors unable to tolerate its spot nodes.
 */
export function ossSettingsProblems(settings: OssSettings): string[] {
  const problems: string[] = [];
  const { poolLabelKey, spotTaint } = settings.placement;
  if (poolLabelKey !== POOL_LABEL) problems.push(`batch-platform:oss.placement.poolLabelKey: got ${JSON.stringify(poolLabelKey)}; expected ${JSON.stringify(POOL_LABEL)} (Spark applications select pools by it)`);
  if (spotTaint.key !== SPOT_TAINT_KEY || spotTaint.value !== "true" || spotTaint.effect !== "NoSchedule") {
    problems.push(`batch-platform:oss.placement.spotTaint: got ${spotTaint.key}=${spotTaint.value}:${spotTaint.effect}; expected ${SPOT_TAINT_KEY}=true:NoSchedule (Spark executors tolerate exactly that)`);
  }
  return problems;
}
