// Clusters and their networks.
export { DEFAULT_GKE_NODE_POOLS, GkeCluster, type AuthorizedNetwork, type GkeClusterArgs } from "./gke-cluster";
export { GkeNamespace, type GkeNamespaceArgs } from "./gke-namespace";
export { VpcNetwork, type VpcNetworkArgs } from "./network";
