// The warehouse role: its contract and the serving stores that implement it.
export type { BigQueryLayer, BigQueryLayerSettings, BigQueryLayerSettingsMap } from "./bigquery-layers";
export { BIGQUERY_JOB_USER_ROLE, BigQueryWarehouse, type BigQueryWarehouseArgs } from "./bigquery-warehouse";
export { SynapseWarehouse, type SynapseSqlPoolSku, type SynapseWarehouseArgs } from "./synapse-warehouse";
export type { GoldHandoff, PipelineSink, PipelineSinkArgs, Warehouse } from "./warehouse";
export { YugabyteDatabase, type YcqlAccess, type YsqlAccess, type YugabyteDatabaseArgs } from "./yugabyte-database";
export type { YugabyteBackup } from "./yugabyte-backup";
export { YSQL_METRICS_PORT, YugabyteDB, type YugabyteDBArgs, type YugabyteServerSize } from "./yugabyte-db";
export type { YugabyteServingDatabase } from "./yugabyte-pipeline-sink";
export type { YugabyteServer } from "./yugabyte-server";
