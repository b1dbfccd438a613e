import type * as pulumi from "@pulumi/pulumi";
import type { LakeZones } from "./lake-zone";

/**
 * The cloud-neutral lake contract: three zones with their URIs. Pipelines, engines and variants
 * speak only to this, so a new object store is one new implementation.
 */
export interface DataLake {
  /** Which object store implements the lake. */
  readonly kind: "minio" | "gcs" | "adls";
  readonly zones: LakeZones;
  /** `{landing, processing, curated}` → URI, the shape every stack exports as `lakeZones`. */
  readonly zoneUris: pulumi.Output<{ landing: string; processing: string; curated: string }>;
}
