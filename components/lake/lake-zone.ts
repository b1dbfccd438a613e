import type * as pulumi from "@pulumi/pulumi";

/** The three zones data moves through: files land, are processed (bronze/silver), and are curated (gold). */
export const LAKE_ZONE_NAMES = ["landing", "processing", "curated"] as const;
export type LakeZoneName = (typeof LAKE_ZONE_NAMES)[number];

/** Lifecycle and protection settings of one zone. */
export interface LakeZoneSettings {
  /** Objects older than this many days are deleted. @default never */
  readonly retentionDays?: number;
  /** Objects older than this many days move to the cold class/tier (GCS, ADLS). @default never */
  readonly coldAfterDays?: number;
  /** Keep previous object versions. */
  readonly versioning: boolean;
  /** GCS: storage class of new objects. ADLS: the tier (Cool or Cold) blobs move to after `coldAfterDays`. @default hot */
  readonly storageClass?: string;
}

/** One zone as its consumers see it. */
export interface LakeZone {
  /** Bucket (MinIO, GCS) or container (ADLS) name. */
  readonly bucket: pulumi.Output<string>;
  /** The URI engines address the zone by: `s3a://…`, `gs://…` or `abfss://…`. */
  readonly uri: pulumi.Output<string>;
}

export type LakeZones = { readonly [zone in LakeZoneName]: LakeZone };

/** Access an identity can be granted on one zone. */
export type LakeAccess = "read" | "write";

/** Builds a per-zone record from a function of the zone name. */
export function mapZones<T>(fn: (zone: LakeZoneName) => T): { [zone in LakeZoneName]: T } {
  return { landing: fn("landing"), processing: fn("processing"), curated: fn("curated") };
}
