// Re-exports of the pipeline/ building blocks.
export * from "./batch-pipeline";
export * from "./batch-pipeline-spec";
export * from "./dag-config-map";
export * from "./flex-template";
export * from "./gold-columns";
export * from "./job-files";
export * from "./medallion-spark-job";
export * from "./spec-issues";
