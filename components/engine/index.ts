// Re-exports of the engine/ building blocks.
export * from "./dataflow";
export * from "./spark-application";
export * from "./spark-application-schema";
export * from "./spark-engine";
export * from "./spark-job-spec";
export * from "./spark-operator";
export * from "./spark-operator-chart-values";
