// Re-exports of the metastore/ building blocks.
export * from "./hadoop-site-xml";
export * from "./hive-metastore";
export * from "./hive-metastore-manifests";
export * from "./metastore-postgres-manifests";
