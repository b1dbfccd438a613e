import type { PodSecurityContext, PodSpec, SecurityContext } from "cdk8s-plus-34/lib/imports/k8s";

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
function restrictedJobPod(uid: number): PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } };
}

/** What every raw Job pod of the platform shares: runs once, no API token, placed, restricted as `uid`. */
export function restrictedJobPodSpec(
  uid: number,
  nodeSelector: Readonly<Record<string, string>>,
): Pick<PodSpec, "restartPolicy" | "automountServiceAccountToken" | "nodeSelector" | "securityContext"> {
  return {
    restartPolicy: "Never",
    automountServiceAccountToken: false,
    nodeSelector: { ...nodeSelector },
    securityContext: restrictedJobPod(uid),
  };
}
