// Re-exports of the streaming/ building blocks.
export * from "./kafka-cluster";
export * from "./kafka-manifests";
export * from "./kafka-topics";
export * from "./strimzi-chart-values";
export * from "./strimzi-resources";
export * from "./strimzi-schema";
