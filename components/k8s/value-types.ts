/**
 * Kubernetes shapes that the charts' typed values share: every chart spells container resources
 * and topology spread the same way, so the project declares them once.
 */

/** `requests` and `limits` of a container (quantities such as `250m` and `512Mi`). */
export interface ResourceRequirements {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** A pod topology spread constraint over a label selector. */
export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
}

/**
 * The restricted Pod Security profile's container fields, as chart values and custom resources
 * spell them; `readOnlyRootFilesystem` says whether the image runs on a read-only root.
 */
export interface RestrictedContainerSecurity<ReadOnly extends boolean = boolean> {
  readonly runAsNonRoot: true;
  readonly allowPrivilegeEscalation: false;
  readonly capabilities: { readonly drop: readonly ["ALL"] };
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
  readonly readOnlyRootFilesystem: ReadOnly;
}

/** A container security context of the restricted profile. */
export function restrictedContainerSecurity<ReadOnly extends boolean>(
  readOnlyRootFilesystem: ReadOnly,
): RestrictedContainerSecurity<ReadOnly> {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
    readOnlyRootFilesystem,
  };
}
