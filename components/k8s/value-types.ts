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
