/**
 * The platform's namespaces, one per role in the data flow. Workloads of a role live in its
 * namespace; NetworkPolicies, quotas and Pod Security levels are set per namespace.
 */
export const NAMESPACE_ROLES = ["lake", "orchestration", "processing", "serving", "query", "explore"] as const;
export type NamespaceRole = (typeof NAMESPACE_ROLES)[number];

/** Pod Security Standards levels the platform uses (`privileged` is never needed). */
export type PodSecurityLevel = "restricted" | "baseline";

/** A role's namespace name and enforced Pod Security level. */
export interface NamespaceSecurity {
  readonly level: PodSecurityLevel;
  /** Why the level is not `restricted`; shown in the docs and as a namespace annotation. */
  readonly reason?: string;
}

/**
 * Enforced levels. Every namespace also warns and audits at `restricted`, so a workload that could
 * be tightened shows up in `kubectl` warnings and the audit log.
 */
export const DEFAULT_POD_SECURITY: { readonly [role in NamespaceRole]: NamespaceSecurity } = {
  lake: { level: "baseline", reason: "the MinIO chart's bucket/policy Jobs set no seccomp profile or capability drop" },
  orchestration: {
    level: "baseline",
    reason: "the Airflow chart's sidecars/init containers and the bundled PostgreSQL are not all configurable to restricted",
  },
  processing: { level: "restricted" },
  serving: {
    level: "baseline",
    reason:
      "the YugabyteDB chart's containers get restricted contexts only from a transform of its " +
      "rendered objects, not yet seen admitted",
  },
  query: { level: "baseline", reason: "until the Trino chart's containers are verified against restricted" },
  explore: { level: "baseline", reason: "until Zeppelin's interpreter pods are verified against restricted" },
};

/** The Pod Security admission labels of a namespace. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/warn-version": "latest",
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/audit-version": "latest",
  };
}

/** Builds a per-role record from a function of the role. */
export function mapRoles<T>(fn: (role: NamespaceRole) => T): { [role in NamespaceRole]: T } {
  return Object.fromEntries(NAMESPACE_ROLES.map((role) => [role, fn(role)])) as { [role in NamespaceRole]: T };
}
