// Re-exports of the warehouse/ building blocks.
export * from "./bigquery-layers";
export * from "./bigquery-table-specs";
export * from "./bigquery-tables";
export * from "./bigquery-warehouse";
export * from "./yugabyte-chart-values";
export * from "./yugabyte-database";
export * from "./yugabyte-db";
export * from "./yugabyte-scripts";
export * from "./yugabyte-server";
export * from "./yugabyte-setup-job";
