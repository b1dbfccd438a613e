// PostgreSQL for the platform's own state (Airflow's metadata): CloudNativePG on any cluster, Cloud SQL on GCP.
export {
  CLOUDNATIVE_PG_POD_LABELS,
  CLOUDNATIVE_PG_WEBHOOK_PORT,
  CloudNativePgOperator,
  type CloudNativePgOperatorArgs,
} from "./cloudnative-pg-operator";
export { CLOUD_SQL_CLIENT_ROLES, CloudSqlPostgres, type CloudSqlPostgresArgs } from "./cloud-sql-postgres";
export {
  backupRetentionDays,
  PostgresCluster,
  type PostgresBackup,
  type PostgresClusterArgs,
} from "./postgres-cluster";
