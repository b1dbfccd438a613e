// The Hive Metastore engines and query engines share tables through.
export { HiveMetastore, type HiveMetastoreArgs, type MetastoreDatabase } from "./hive-metastore";
