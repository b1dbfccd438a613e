import { z } from "zod";
import { byteQuantitySchema, cpuQuantitySchema } from "../../components/k8s/quantities";
import { azureSettingsSchema } from "../settings/azure";
import { gcpSettingsSchema } from "../settings/gcp";
import { ossSettingsSchema } from "../settings/oss";
import { DEFAULT_MC_IMAGE, DEFAULT_MINIO_IMAGE, type ImageReference } from "../../components/lake/minio-images";
import { ENVIRONMENTS, VARIANTS } from "./keys";
import {
  booleanValue,
  contextName,
  days,
  integerValue,
  labelValue,
  machineTypeName,
  numberValue,
  secretName,
  storageClassName,
  textValue,
} from "./values";

/** GCS storage classes and Azure access tiers; which apply is checked with the variant. */
export const GCP_STORAGE_CLASSES = ["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"] as const;
export const AZURE_ACCESS_TIERS = ["Hot", "Cool", "Cold"] as const;

const lakeZoneSchema = z.strictObject({
  /** Objects older than this are deleted; omit to keep data forever. */
  retentionDays: days.optional(),
  /** Objects older than this move to the cold class/tier; omit to never tier. */
  coldAfterDays: days.optional(),
  /** Keep previous object versions (GCS/MinIO versioning; soft delete on ADLS with HNS). */
  versioning: booleanValue.default(false),
  /** GCS storage class or Azure access tier of new objects; MinIO has only one class. */
  storageClass: z.enum([...GCP_STORAGE_CLASSES, ...AZURE_ACCESS_TIERS]).optional(),
});

/** An image reference in parts; each part left out keeps the default's (checked by imageReferenceProblems). */
function imageSchema(fallback: ImageReference) {
  const part = () => textValue(z.string().min(1));
  return z
    .strictObject({
      registry: part().default(fallback.registry),
      repository: part().default(fallback.repository),
      tag: part().default(fallback.tag),
      /** `sha256:…` of the build you pushed; pins it exactly. */
      digest: part().optional(),
    })
    .default({ ...fallback });
}

const minioSchema = z.strictObject({
  /** MinIO server pods; 1 runs standalone, 4+ runs distributed with erasure coding. */
  servers: integerValue(1, 32).default(1),
  drivesPerServer: integerValue(1, 16).default(1),
  /** PVC size per drive, a Kubernetes quantity. */
  volumeSize: byteQuantitySchema.default("10Gi"),
  storageClassName: storageClassName.optional(),
  /** A Secret with `public.crt`/`private.key` (e.g. issued by cert-manager); turns TLS on. */
  tlsSecretName: secretName.optional(),
  cpu: cpuQuantitySchema.default("250m"),
  memory: byteQuantitySchema.default("1Gi"),
  /** The server image: MinIO publishes none for its last release, build it (docs/oss.md, "MinIO image"). */
  image: imageSchema(DEFAULT_MINIO_IMAGE),
  /** The `mc` image of the chart's bucket and lifecycle jobs. */
  mcImage: imageSchema(DEFAULT_MC_IMAGE),
});

const lakeSchema = z.strictObject({
  zones: z.strictObject({
    landing: lakeZoneSchema,
    processing: lakeZoneSchema,
    curated: lakeZoneSchema,
  }),
  /** Storage account redundancy on Azure (ZRS/GZRS are zone-redundant). */
  redundancy: z.enum(["LRS", "ZRS", "GRS", "GZRS"]).optional(),
  minio: minioSchema.optional(),
});

const nodePoolSchema = z.strictObject({
  /** VM type (GKE/AKS, from the price catalog); for an existing OSS cluster it documents what the pool is made of. */
  machineType: machineTypeName,
  minNodes: integerValue(0, 1000),
  maxNodes: integerValue(1, 1000),
  /** Spot / preemptible capacity; only the batch pool may be spot. */
  spot: booleanValue.default(false),
  /** Hourly price of one node (oss), for clusters whose nodes the cloud catalog cannot price. */
  hourlyUsd: numberValue(z.number().min(0).max(1000)).optional(),
});

/** A zone name as Kubernetes labels nodes with it (`topology.kubernetes.io/zone`); the variant checks its form. */
const zoneName = labelValue;

const clusterSchema = z.strictObject({
  /** kubeconfig context of an existing cluster (oss); ambient context when omitted. */
  context: contextName.optional(),
  /** Zones to spread stateful workloads and node pools over. */
  zones: z.array(zoneName).min(1).max(5).optional(),
  nodePools: z
    .strictObject({
      system: nodePoolSchema,
      stateful: nodePoolSchema,
      batch: nodePoolSchema,
    })
    .optional(),
});

const labelsSchema = z.strictObject({
  costCenter: labelValue,
  /** Team or person accountable; a label value on every cloud, so lowercase letters, digits, `-`, `_`. */
  owner: labelValue,
});

/** The schema of every `batch-platform:*` key. Unknown keys are errors. */
export const configSchema = z.strictObject({
  variant: z.enum(VARIANTS),
  environment: z.enum(ENVIRONMENTS),
  /** Checked against the variant's cloud (infra/regions.ts). */
  region: textValue(z.string().min(1).max(63)),
  /** Prefix of globally unique names (buckets, storage accounts): lowercase letters and digits. */
  namePrefix: textValue(
    z.string().regex(/^[a-z][a-z0-9]{2,11}$/, { error: "3-12 lowercase letters and digits, starting with a letter" }),
  ),
  labels: labelsSchema,
  /** Secret kubeconfig of an existing cluster (oss); ambient kubeconfig when omitted. */
  kubeconfig: z.string().min(1).max(1_000_000).optional(),
  cluster: clusterSchema.default({}),
  lake: lakeSchema,
  /** `protect` + `retainOnDelete` on data-bearing resources; defaults to true in prod. */
  protectData: booleanValue.optional(),
  /** Names of the declared pipelines (pipelines/<name>.yaml) this stack runs; all of them when omitted. */
  pipelines: z
    .array(textValue(z.string().min(1).max(30)))
    .max(100)
    .optional(),
  /** Settings of the all-OSS variant (see infra/settings/oss.ts). */
  oss: ossSettingsSchema.default(() => ossSettingsSchema.parse({})),
  /** Settings of the Azure hybrid variant (see infra/settings/azure.ts). */
  azure: azureSettingsSchema.default(() => azureSettingsSchema.parse({})),
  /** Settings of the GCP hybrid variant (see infra/settings/gcp.ts). */
  gcp: gcpSettingsSchema.default(() => gcpSettingsSchema.parse({})),
});

export type ParsedConfig = z.infer<typeof configSchema>;

/** The object shape at a path of the schema, to list the keys allowed there. */
export function allowedKeysAt(path: readonly PropertyKey[]): readonly string[] {
  let schema: z.core.$ZodType | undefined = configSchema;
  for (const key of path) {
    const object = unwrap(schema);
    schema = object instanceof z.ZodObject ? (object.shape as Record<string, z.core.$ZodType>)[String(key)] : undefined;
    if (schema === undefined) return [];
  }
  const object = unwrap(schema);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
      current = current.unwrap() as z.core.$ZodType;
    else if (current instanceof z.ZodPipe)
      current = (current.in instanceof z.ZodTransform ? current.out : current.in) as z.core.$ZodType;
    else return current;
  }
}
