// The lake role: its contract and the object stores that implement it.
export { AdlsLake, type AdlsLakeArgs, type AdlsRedundancy, type TrustedResource } from "./adls-lake";
export { zoneUri, type DataLake, type LakeDagOperations, type LakeHadoopAccess, type LakeZoneRoot } from "./data-lake";
export { GcsLake, type GcsLakeArgs } from "./gcs-lake";
export { LAKE_ZONE_NAMES, type LakeAccess, type LakeZone, type LakeZoneName, type LakeZones, type LakeZoneSettings } from "./lake-zone";
export { DEFAULT_MC_IMAGE, DEFAULT_MINIO_IMAGE, type ImageReference } from "./minio-images";
export { MinioLake, type MinioLakeArgs } from "./minio-lake";
