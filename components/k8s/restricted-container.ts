import type { PodSecurityContext, SecurityContext } from "cdk8s-plus-34/lib/imports/k8s";

/** Restricted container settings for raw Kubernetes objects: non-root, read-only root file system, nothing added. */
export const RESTRICTED_CONTAINER: SecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** The pod context of a raw Job or CronJob: non-root as `uid`, its volumes group-owned by it. */
export function restrictedJobPod(uid: number): PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } };
}
