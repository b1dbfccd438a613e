// Re-exports of the identity/ building blocks.
export * from "./workload-identity-account";
