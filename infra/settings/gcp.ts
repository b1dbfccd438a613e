import { z } from "zod";

/** An IPv4 CIDR block such as `203.0.113.0/24`. */
export const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;

const cidr = z.string().regex(IPV4_CIDR);
const days = z.number().int().min(1).max(36500);

/** One setting per BigQuery layer; each layer may be left out. */
function perLayer<T extends z.ZodType>(value: T) {
  return z.strictObject({ bronze: value.optional(), silver: value.optional(), gold: value.optional(), serving: value.optional() });
}

const gkeSchema = z.strictObject({
  /** GKE release channel the control plane and nodes follow. */
  releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).default("REGULAR"),
  /** `regional`: control plane and pools in every zone of `cluster.zones`; `zonal`: the first zone only (dev). */
  locationType: z.enum(["regional", "zonal"]).default("regional"),
  /** Networks allowed to reach the public control-plane endpoint (the `pulumi up` runner, operators). */
  masterAuthorizedNetworks: z
    .array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/), cidr }))
    .max(50)
    .default([]),
  /** /28 the control plane's private endpoint uses; must not overlap the VPC ranges. */
  masterCidr: cidr.default("172.16.0.0/28"),
});

const networkSchema = z.strictObject({
  /** Primary range of the subnet: nodes and Dataflow workers. */
  nodesCidr: cidr.default("10.10.0.0/20"),
  /** Secondary range for pods. */
  podsCidr: cidr.default("10.16.0.0/14"),
  /** Secondary range for services. */
  servicesCidr: cidr.default("10.20.0.0/20"),
});

const dataflowSchema = z.strictObject({
  /** Worker machine type of every Dataflow job. */
  machineType: z.string().regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/).default("n2-standard-4"),
  /** Upper bound of autoscaling per job. */
  maxWorkers: z.number().int().min(1).max(1000).default(10),
  /** Tag of the Flex Template image in Artifact Registry (built and pushed by CI, not by Pulumi). */
  imageTag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/).default("0.1.0"),
});

const sparkSchema = z
  .strictObject({
    /** Executors per job when the engine is `spark`; dynamic allocation scales between these. */
    minExecutors: z.number().int().min(0).max(100).default(1),
    maxExecutors: z.number().int().min(1).max(200).default(6),
  })
  .refine((spark) => spark.minExecutors <= spark.maxExecutors, { path: ["minExecutors"], error: "expected at most maxExecutors" });

const bigquerySchema = z.strictObject({
  /** Partitions older than this are dropped, per layer (silver: the dataset default, as the job creates it). */
  partitionExpirationDays: perLayer(days).default({}),
  /** Queries must filter on the partition column; only bronze may (the job and the MERGE read the others whole). */
  requirePartitionFilter: perLayer(z.boolean()).default({ bronze: true }),
  /** Expected table size in whole GB, set as the `expected-size-gb` label the cost policy reads. */
  expectedSizeGb: perLayer(z.number().int().min(0).max(1_000_000)).default({}),
});

/**
 * `batch-platform:gcp` — settings only the GCP hybrid variant reads (GKE, Dataflow, BigQuery).
 * Every field has a default so a stack sets only what differs.
 */
export const gcpSettingsSchema = z.strictObject({
  /** What runs the medallion transformation: Dataflow (Flex Template) or Spark on the GKE cluster. */
  engine: z.enum(["dataflow", "spark"]).default("dataflow"),
  gke: gkeSchema.default(() => gkeSchema.parse({})),
  network: networkSchema.default(() => networkSchema.parse({})),
  dataflow: dataflowSchema.default(() => dataflowSchema.parse({})),
  spark: sparkSchema.default(() => sparkSchema.parse({})),
  bigquery: bigquerySchema.default(() => bigquerySchema.parse({})),
});

export type GcpSettings = z.infer<typeof gcpSettingsSchema>;
