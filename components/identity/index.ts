// Re-exports of the identity/ building blocks.
export * from "./gke-workload-identity";
export * from "./workload-identity";
export * from "./workload-identity-account";
