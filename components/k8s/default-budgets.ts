import type { NamespaceRole } from "./namespace-roles";
import type { NamespaceBudget } from "./resource-budget";

const defaults = { request: { cpu: "100m", memory: "128Mi" }, limit: { cpu: "500m", memory: "512Mi" } };

/**
 * Dev-sized budgets per role: enough for the platform's own workloads on a small cluster, with a
 * quota on everything, so a composition that names no budget is still bounded.
 */
export const DEFAULT_BUDGETS: { readonly [role in NamespaceRole]: NamespaceBudget } = {
  lake: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" }, pods: 10, persistentVolumeClaims: 8, storage: "50Gi", containerDefaults: defaults },
  orchestration: { requests: { cpu: "3", memory: "6Gi" }, limits: { cpu: "6", memory: "12Gi" }, pods: 40, persistentVolumeClaims: 4, storage: "20Gi", containerDefaults: defaults },
  processing: { requests: { cpu: "8", memory: "24Gi" }, limits: { cpu: "12", memory: "32Gi" }, pods: 40, persistentVolumeClaims: 4, storage: "20Gi", containerDefaults: defaults },
  serving: { requests: { cpu: "3", memory: "6Gi" }, limits: { cpu: "4", memory: "8Gi" }, pods: 15, persistentVolumeClaims: 6, storage: "100Gi", containerDefaults: defaults },
  query: { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "4", memory: "12Gi" }, pods: 10, persistentVolumeClaims: 2, storage: "10Gi", containerDefaults: defaults },
  explore: { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "8Gi" }, pods: 10, persistentVolumeClaims: 2, storage: "10Gi", containerDefaults: defaults },
};
