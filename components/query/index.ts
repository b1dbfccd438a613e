export * from "./lake-credentials";
export * from "./trino-versions";
export * from "./trino-catalogs";
export * from "./trino-chart-values";
export * from "./trino";
