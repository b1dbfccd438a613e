// Clusters and their networks.
export { DEFAULT_GKE_NODE_POOLS, GkeCluster, type AuthorizedNetwork, type GkeClusterArgs } from "./gke-cluster";
export { GkeNamespace, type GkeNamespaceArgs } from "./gke-namespace";
export { VpcNetwork, type VpcNetworkArgs } from "./network";
export { AksCluster, DEFAULT_AKS_NODE_POOLS, type AksApiServerAccess, type AksClusterArgs } from "./aks-cluster";
export type { KubeloginMode } from "./aks-kubeconfig";
export { AksNamespace, type AksNamespaceArgs } from "./aks-namespace";
export type { AksNodePoolSettings } from "./aks-node-pool";
export { AzureNetwork, type AzureNetworkArgs } from "./azure-network";
export type { ClusterNamespaceArgs } from "./cluster-namespace";
