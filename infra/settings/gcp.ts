import { z } from "zod";
import { booleanValue, cidrBlock, days, displayName, imageTag, integerValue, machineTypeName } from "../config/values";

const cidr = cidrBlock();

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
    .array(z.strictObject({ name: displayName, cidr }))
    .max(50)
    .default([]),
  /** /28 the control plane's private endpoint uses; must not overlap the VPC ranges. */
  masterCidr: cidr.default("172.16.0.0/28"),
  /** The control plane on its private endpoint only: `pulumi up` and operators reach it from the VPC. */
  privateEndpoint: booleanValue.default(false),
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
  /** A Compute Engine type the price catalog lists (checked with the stack's cloud). */
  machineType: machineTypeName.default("n2-standard-4"),
  /** Upper bound of autoscaling per job. */
  maxWorkers: integerValue(1, 1000).default(10),
  /** Tag of the Flex Template image in Artifact Registry (built and pushed by CI, not by Pulumi). */
  imageTag: imageTag.default("0.1.0"),
});

const sparkSchema = z
  .strictObject({
    /** Executors per job when the engine is `spark`; dynamic allocation scales between these. */
    minExecutors: integerValue(0, 100).default(1),
    maxExecutors: integerValue(1, 200).default(6),
  })
  .refine((spark) => spark.minExecutors <= spark.maxExecutors, { path: ["minExecutors"], error: "expected at most maxExecutors" });

const bigquerySchema = z.strictObject({
  /** Partitions older than this are dropped, per layer (silver: the dataset default, as the job creates it). */
  partitionExpirationDays: perLayer(days).default({}),
  /** Queries must filter on the partition column; only bronze may (the job and the MERGE read the others whole). */
  requirePartitionFilter: perLayer(booleanValue).default({ bronze: true }),
  /** Expected table size in whole GB, set as the `expected-size-gb` label the cost policy reads. */
  expectedSizeGb: perLayer(integerValue(0, 1_000_000)).default({}),
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
