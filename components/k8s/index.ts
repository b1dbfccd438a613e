// Re-exports of the k8s/ building blocks.
// Re-exports of the k8s/ building blocks.
export * from "./cdk8s-manifests";
export * from "./cluster-layout";
export * from "./data-flows";
export * from "./helm-values";
export * from "./manifest-templates";
export * from "./namespace-roles";
export * from "./network-policies";
export * from "./node-pool-setup";
export * from "./placement";
export * from "./pod-schemas";
export * from "./quantities";
export * from "./resource-budget";
export * from "./workload-defaults";
export * from "./value-types";
