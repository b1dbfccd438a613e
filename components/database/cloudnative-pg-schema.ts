import { z } from "zod";
import { crdSchemaProblems } from "../k8s/crd-schema-problems";

/**
 * A strict schema of the CloudNativePG `Cluster` and `ScheduledBackup` fields this project uses — a
 * subset of the postgresql.cnpg.io/v1 CRDs of operator 1.30.0 (a test compares it with the upstream
 * CRD when that is at hand). Unknown fields fail: the API server would prune them silently.
 */

const name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .max(63);
const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$/);
const secretKey = z.strictObject({ name, key: z.string().min(1) });
const metadata = z.strictObject({
  name,
  namespace: name,
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const barmanObjectStore = z.strictObject({
  destinationPath: z.string().regex(/^(s3|gs|https):\/\/[^\s]+$/),
  endpointURL: z.string().url().optional(),
  /** The CA bundle Barman verifies a self-signed or private-CA endpoint with. */
  endpointCA: secretKey.optional(),
  s3Credentials: z.strictObject({ accessKeyId: secretKey, secretAccessKey: secretKey }).optional(),
  googleCredentials: z.strictObject({ gkeEnvironment: z.boolean() }).optional(),
  azureCredentials: z.strictObject({ inheritFromAzureAD: z.boolean() }).optional(),
  wal: z.strictObject({ compression: z.enum(["gzip", "bzip2", "snappy", "lz4", "xz", "zstd"]) }).optional(),
  // The CRD (operator 1.30.0) allows xz and zstd for WAL only.
  data: z.strictObject({ compression: z.enum(["gzip", "bzip2", "snappy", "lz4"]) }).optional(),
});

export const cnpgClusterSchema = z.strictObject({
  apiVersion: z.literal("postgresql.cnpg.io/v1"),
  kind: z.literal("Cluster"),
  metadata,
  spec: z.strictObject({
    instances: z.number().int().min(1),
    enableSuperuserAccess: z.boolean().optional(),
    primaryUpdateStrategy: z.enum(["unsupervised", "supervised"]).optional(),
    bootstrap: z.strictObject({
      initdb: z.strictObject({
        database: z.string().min(1),
        owner: z.string().min(1),
        secret: z.strictObject({ name }),
      }),
    }),
    /** Pinned by tag (and optionally digest), never the operator's moving default. */
    imageName: z
      .string()
      .regex(/^[^\s:]+(:[0-9][^\s:@]*)(@sha256:[0-9a-f]{64})?$/)
      .optional(),
    storage: z.strictObject({ size: quantity, storageClass: z.string().min(1).optional() }),
    resources: z.strictObject({
      requests: z.strictObject({ cpu: quantity, memory: quantity }),
      limits: z.strictObject({ cpu: quantity, memory: quantity }),
    }),
    affinity: z.strictObject({
      nodeSelector: z.record(z.string(), z.string()).optional(),
      enablePodAntiAffinity: z.boolean().optional(),
      topologyKey: z.string().optional(),
      podAntiAffinityType: z.enum(["preferred", "required"]).optional(),
    }),
    inheritedMetadata: z.strictObject({ labels: z.record(z.string(), z.string()).optional() }).optional(),
    seccompProfile: z.strictObject({ type: z.literal("RuntimeDefault") }).optional(),
    /** Overrides the operator's container context field by field (unset fields keep its defaults). */
    securityContext: z
      .strictObject({
        runAsNonRoot: z.literal(true),
        allowPrivilegeEscalation: z.literal(false),
        privileged: z.literal(false),
        readOnlyRootFilesystem: z.boolean(),
        capabilities: z.strictObject({ drop: z.tuple([z.literal("ALL")]) }),
        seccompProfile: z.strictObject({ type: z.literal("RuntimeDefault") }),
      })
      .optional(),
    backup: z
      .strictObject({
        barmanObjectStore,
        retentionPolicy: z
          .string()
          .regex(/^[1-9][0-9]*[dwm]$/)
          .optional(),
      })
      .optional(),
  }),
});

export const cnpgScheduledBackupSchema = z.strictObject({
  apiVersion: z.literal("postgresql.cnpg.io/v1"),
  kind: z.literal("ScheduledBackup"),
  metadata,
  spec: z.strictObject({
    /** Six fields: the operator's cron has seconds. */
    schedule: z
      .string()
      .refine((s) => s.trim().split(/\s+/).length === 6, { error: "a six-field cron (seconds first)" }),
    cluster: z.strictObject({ name }),
    backupOwnerReference: z.enum(["none", "self", "cluster"]).optional(),
    method: z.enum(["barmanObjectStore", "volumeSnapshot", "plugin"]).optional(),
    immediate: z.boolean().optional(),
  }),
});

export type CnpgCluster = z.infer<typeof cnpgClusterSchema>;
export type CnpgScheduledBackup = z.infer<typeof cnpgScheduledBackupSchema>;

/** The validators by `apiVersion/kind`, for the offline plan's Kubernetes validation. */
export const CLOUDNATIVE_PG_VALIDATORS: Readonly<Record<string, (obj: unknown) => string[]>> = {
  "postgresql.cnpg.io/v1/Cluster": (obj) => crdSchemaProblems(cnpgClusterSchema, "Cluster postgresql.cnpg.io/v1", obj),
  "postgresql.cnpg.io/v1/ScheduledBackup": (obj) =>
    crdSchemaProblems(cnpgScheduledBackupSchema, "ScheduledBackup postgresql.cnpg.io/v1", obj),
};
