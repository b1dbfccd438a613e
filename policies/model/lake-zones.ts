import { at, str, type Props } from "./values";

export const LAKE_ZONES = ["landing", "processing", "curated"] as const;

export const GCS_BUCKET = "gcp:storage/bucket:Bucket";
export const BLOB_CONTAINER = "azure-native:storage:BlobContainer";
export const STORAGE_ACCOUNT = "azure-native:storage:StorageAccount";
export const MANAGEMENT_POLICY = "azure-native:storage:ManagementPolicy";

/**
 * The lake zone of a bucket or container: its `zone` label/tag/metadata, else a zone word in its
 * physical or logical name (`acme-prod-landing`, container `landing`).
 */
export function lakeZoneOf(type: string, props: Props, name: string): string | undefined {
  const explicit = str(at(props, "labels.zone")) ?? str(at(props, "tags.zone")) ?? str(at(props, "metadata.zone"));
  if (explicit) return explicit.toLowerCase();
  const names = [str(props.name), str(props.containerName), str(props.bucketName), name].filter((n): n is string => n !== undefined);
  if (type !== GCS_BUCKET && type !== BLOB_CONTAINER) return undefined;
  for (const candidate of names) {
    const words = candidate.toLowerCase().split(/[^a-z0-9]+/);
    const zone = LAKE_ZONES.find((z) => words.includes(z));
    if (zone) return zone;
  }
  return undefined;
}
