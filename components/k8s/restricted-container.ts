import type { SecurityContext } from "cdk8s-plus-34/lib/imports/k8s";

/** Restricted container settings for raw Kubernetes objects: non-root, read-only root file system, nothing added. */
export const RESTRICTED_CONTAINER: SecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};
