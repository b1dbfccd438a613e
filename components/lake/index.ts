// Re-exports of the lake/ building blocks.
export * from "./adls-lake";
export * from "./data-lake";
export * from "./gcs-lake";
export * from "./lake-credentials";
export * from "./lake-zone";
export * from "./minio-chart-values";
export * from "./minio-drives";
export * from "./minio-images";
export * from "./minio-lake";
export * from "./zone-settings";
export * from "./zone-uris";
