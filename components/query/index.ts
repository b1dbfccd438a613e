// Re-exports of the query/ building blocks.
export * from "./trino";
export * from "./trino-catalogs";
export * from "./trino-chart-values";
export * from "./trino-versions";
