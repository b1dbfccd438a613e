/**
 * Node placement is part of the platform's contract: three pools — `system`, `stateful`
 * (on-demand, spread over zones) and `batch` (spot/preemptible, tainted). Spark drivers and
 * stateful sets never land on spot; executors always tolerate it.
 */
export type NodePoolName = "system" | "stateful" | "batch";

/** How pools are told apart on a cluster: the node label key and the taint of the spot pool. */
export interface NodePlacement {
  /** Node label whose value is the pool name. @default "batch-platform.io/pool" */
  readonly poolLabelKey: string;
  /** The taint on batch (spot) nodes that only batch work tolerates. */
  readonly spotTaint: { readonly key: string; readonly value: string; readonly effect: "NoSchedule" | "NoExecute" };
}

export const DEFAULT_PLACEMENT: NodePlacement = {
  poolLabelKey: "batch-platform.io/pool",
  spotTaint: { key: "batch-platform.io/spot", value: "true", effect: "NoSchedule" },
};

/** The nodeSelector that pins a pod to a pool. */
export function nodeSelectorFor(pool: NodePoolName, placement: NodePlacement = DEFAULT_PLACEMENT): Record<string, string> {
  return { [placement.poolLabelKey]: pool };
}

/** The toleration batch work (Spark executors, batch jobs) needs to run on the spot pool. */
export function spotToleration(placement: NodePlacement = DEFAULT_PLACEMENT): { key: string; operator: "Equal"; value: string; effect: "NoSchedule" | "NoExecute" } {
  return { key: placement.spotTaint.key, operator: "Equal", value: placement.spotTaint.value, effect: placement.spotTaint.effect };
}

/** The label and taint AKS itself puts on Spot pools: declared on the pool (else they drift) and used as the spot placement. */
export const AKS_SPOT_LABEL = { key: "kubernetes.azure.com/scalesetpriority", value: "spot" } as const;

/** AKS: the pool label of the platform, and the spot taint AKS adds to Spot pools. */
export const AKS_PLACEMENT: NodePlacement = {
  poolLabelKey: DEFAULT_PLACEMENT.poolLabelKey,
  spotTaint: { key: AKS_SPOT_LABEL.key, value: AKS_SPOT_LABEL.value, effect: "NoSchedule" },
};
