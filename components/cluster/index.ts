// Re-exports of the cluster/ building blocks.
export * from "./gke-cluster";
export * from "./gke-kubeconfig";
export * from "./gke-namespace";
export * from "./gke-node-pool";
export * from "./network";
export * from "./network-cidr";
