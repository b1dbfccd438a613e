import { z } from "zod";
import { mapRoles, NAMESPACE_ROLES, type NamespaceRole } from "../../components/k8s/namespace-roles";
import { POOL_LABEL, SPOT_TAINT_KEY } from "../../components/engine/spark-job-spec";
import { byteQuantitySchema, cpuQuantitySchema } from "../../components/k8s/quantities";
import {
  booleanValue,
  cidrBlock,
  dnsLabel,
  integerValue,
  labelKey,
  labelValue,
  pinnedImage,
  sparkMemory,
  storageClassName,
  thriftUri,
} from "../config/values";

/**
 * `batch-platform:oss` — settings only the all-OSS variant reads (placement, network, namespace
 * budgets, Airflow, Spark, YugabyteDB). Every field has a default so a
 * stack sets only what differs; the defaults are sized for a small dev cluster.
 */

const cpu = cpuQuantitySchema;
const memory = byteQuantitySchema;
const storage = byteQuantitySchema;
const count = integerValue(0, 100_000);
const size = z.strictObject({ cpu, memory });
/** The chart derives a memory flag from whole gibibytes. */
const wholeGibibytes = byteQuantitySchema.refine((value) => /^[1-9][0-9]*Gi$/.test(value), {
  error: "whole gibibytes like 4Gi (the YugabyteDB chart derives a memory flag from it)",
});
/** The YugabyteDB chart takes volume sizes in binary units only. */
const binaryVolumeSize = byteQuantitySchema.refine((value) => /^[1-9][0-9]*(Mi|Gi|Ti)$/.test(value), {
  error: "a size in whole Mi, Gi or Ti like 50Gi",
});

/** Namespaces the cluster owns: labelling, default-denying or adopting one would break the cluster. */
export const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

const namespaceName = dnsLabel.refine(
  (name) => !name.startsWith("kube-") && !(RESERVED_NAMESPACES as readonly string[]).includes(name),
  {
    error: `a namespace of the platform's own, not ${RESERVED_NAMESPACES.join(", ")} or another kube-* namespace`,
  },
);

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
  name: namespaceName.optional(),
  /** Enforced Pod Security level; defaults per role (restricted where the workloads allow). */
  podSecurity: z.enum(["restricted", "baseline"]).optional(),
  budget: budgetSchema.default({}),
});

const sparkPod = z.strictObject({ cores: integerValue(1, 64), memory: sparkMemory, memoryOverhead: sparkMemory });

export const ossSettingsSchema = z.strictObject({
  /** How pools are told apart on the cluster's nodes. */
  placement: z
    .strictObject({
      poolLabelKey: labelKey.default("batch-platform.io/pool"),
      spotTaint: z
        .strictObject({ key: labelKey, value: labelValue, effect: z.enum(["NoSchedule", "NoExecute"]) })
        .default({ key: "batch-platform.io/spot", value: "true", effect: "NoSchedule" }),
    })
    .default({
      poolLabelKey: "batch-platform.io/pool",
      spotTaint: { key: "batch-platform.io/spot", value: "true", effect: "NoSchedule" },
    }),
  network: z
    .strictObject({
      /** The API server's endpoint addresses as pods see them; narrow to /32s in real clusters. */
      apiServerCidrs: z
        .array(cidrBlock({ ipv6: true }))
        .min(1)
        .max(50)
        .default(["0.0.0.0/0"]),
      apiServerPorts: z.array(integerValue(1, 65535)).min(1).max(10).default([443, 6443]),
      /**
       * Spark's packages from Maven Central through the Spark package mirror, whose pods alone get
       * HTTPS out of the cluster; false: the jars are in oss.spark.image.
       */
      packageDownloads: booleanValue.default(true),
    })
    .default({ apiServerCidrs: ["0.0.0.0/0"], apiServerPorts: [443, 6443], packageDownloads: true }),
  /** TLS on every listener (cert-manager certificates); only dev may turn it off. */
  tls: z
    .strictObject({
      enabled: booleanValue.default(true),
      /** An issuer cert-manager already runs on the cluster; @default install cert-manager with a platform CA */
      issuer: z.strictObject({ kind: z.enum(["ClusterIssuer", "Issuer"]), name: dnsLabel }).optional(),
    })
    .default({ enabled: true }),
  namespaces: z
    .strictObject(
      Object.fromEntries(NAMESPACE_ROLES.map((role) => [role, namespaceSchema.default({ budget: {} })])) as {
        [role in NamespaceRole]: z.ZodDefault<typeof namespaceSchema>;
      },
    )
    .default(() => mapRoles(() => ({ budget: {} }))),
  airflow: z
    .strictObject({
      scheduler: size
        .extend({ replicas: integerValue(1, 4).default(1) })
        .default({ cpu: "250m", memory: "512Mi", replicas: 1 }),
      /** Airflow 3's API server (UI and REST API; it replaced the webserver). */
      apiServer: size
        .extend({ replicas: integerValue(1, 4).default(1) })
        .default({ cpu: "250m", memory: "1Gi", replicas: 1 }),
      triggerer: size.default({ cpu: "100m", memory: "256Mi" }),
      worker: size.default({ cpu: "250m", memory: "512Mi" }),
      /** The CloudNativePG cluster holding Airflow's metadata (PostgreSQL; YugabyteDB is not supported by Airflow). */
      database: z
        .strictObject({
          volumeSize: storage.default("8Gi"),
          storageClassName: storageClassName.optional(),
          cpu: cpu.default("250m"),
          memory: memory.default("512Mi"),
        })
        .default({ volumeSize: "8Gi", cpu: "250m", memory: "512Mi" }),
    })
    .default(() => ({
      scheduler: { cpu: "250m", memory: "512Mi", replicas: 1 },
      apiServer: { cpu: "250m", memory: "1Gi", replicas: 1 },
      triggerer: { cpu: "100m", memory: "256Mi" },
      worker: { cpu: "250m", memory: "512Mi" },
      database: { volumeSize: "8Gi", cpu: "250m", memory: "512Mi" },
    })),
  spark: z
    .strictObject({
      driver: sparkPod.default({ cores: 1, memory: "1g", memoryOverhead: "384m" }),
      executor: sparkPod
        .extend({ instances: integerValue(1, 1000) })
        .default({ cores: 1, memory: "2g", memoryOverhead: "512m", instances: 1 }),
      dynamicAllocation: z
        .strictObject({ minExecutors: integerValue(0, 1000), maxExecutors: integerValue(1, 1000) })
        .default({ minExecutors: 1, maxExecutors: 2 }),
      timeToLiveSeconds: integerValue(60, 31_536_000).default(86_400),
      /**
       * An image FROM the jobs' pinned apache/spark (4.1) with Delta, hadoop-aws (and its AWS SDK
       * bundle) and the PostgreSQL driver in `$SPARK_HOME/jars`. @default the pinned apache/spark
       */
      image: pinnedImage.optional(),
      /**
       * The same for Zeppelin, FROM its pinned apache/spark (3.5) with its Delta and hadoop-aws.
       * @default the pinned apache/spark of the notebooks
       */
      notebookImage: pinnedImage.optional(),
      /** Where the Hive Metastore listens (the metastore component's Service). */
      hiveMetastoreUri: thriftUri.default("thrift://hive-metastore.processing.svc.cluster.local:9083"),
      operatorReplicas: integerValue(1, 3).default(1),
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
      replicationFactor: integerValue(1, 5)
        .refine((rf) => rf % 2 === 1, { error: "1, 3 or 5 (an odd number of copies keeps a majority)" })
        .default(1),
      tservers: integerValue(1, 32).optional(),
      master: z.strictObject({ cpu, memory: wholeGibibytes }).default({ cpu: "500m", memory: "1Gi" }),
      tserver: z.strictObject({ cpu, memory: wholeGibibytes }).default({ cpu: "1", memory: "2Gi" }),
      masterVolumeSize: binaryVolumeSize.default("10Gi"),
      tserverVolumeSize: binaryVolumeSize.default("20Gi"),
      storageClassName: storageClassName.optional(),
    })
    .default(() => ({
      replicationFactor: 1,
      master: { cpu: "500m", memory: "1Gi" },
      tserver: { cpu: "1", memory: "2Gi" },
      masterVolumeSize: "10Gi",
      tserverVolumeSize: "20Gi",
    })),
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
