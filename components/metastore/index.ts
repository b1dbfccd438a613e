export * from "./hadoop-site-xml";
export * from "./hive-metastore-manifests";
export * from "./metastore-postgres-manifests";
export * from "./hive-metastore";
