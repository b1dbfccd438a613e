// Workload identities: what parts grant access to, and the providers that bind them to cloud identities.
export { AksWorkloadIdentity, type AksWorkloadIdentityArgs } from "./aks-workload-identity";
export {
  AZURE_CLIENT_ID_ANNOTATION,
  AZURE_WORKLOAD_IDENTITY_LABEL,
  AzureWorkloadIdentityAccount,
  type AzureWorkloadIdentityAccountArgs,
} from "./azure-workload-identity-account";
export { GkeWorkloadIdentity, type GkeWorkloadIdentityArgs } from "./gke-workload-identity";
export { kubernetesIdentity } from "./workload-identity";
export type {
  KubernetesServiceAccountRef,
  WorkloadIdentity,
  WorkloadIdentityBinding,
  WorkloadIdentityProvider,
  WorkloadIdentityRequest,
} from "./workload-identity";
export { WorkloadIdentityAccount, type WorkloadIdentityAccountArgs } from "./workload-identity-account";
