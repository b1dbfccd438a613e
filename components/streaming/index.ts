export * from "./strimzi-resources";
export * from "./strimzi-schema";
export * from "./strimzi-chart-values";
export * from "./kafka-topics";
export * from "./kafka-manifests";
export * from "./kafka-cluster";
