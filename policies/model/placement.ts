import { isRecord, list, records, str, stringMap, type Props } from "./values";

/**
 * The node placement contract (DESIGN.md): three pools labelled `batch-platform.io/pool`
 * (`system`, `stateful`, `batch`); the batch pool is spot and tainted `batch-platform.io/spot=true:NoSchedule`.
 * GKE's and AKS's own spot markers are accepted too.
 */
export const POOL_LABEL = "batch-platform.io/pool";
export const SPOT_TAINT = { key: "batch-platform.io/spot", value: "true", effect: "NoSchedule" } as const;
export const POOLS = ["system", "stateful", "batch"] as const;

/** Node labels that mean "spot capacity": ours, GKE's and AKS's. */
const SPOT_NODE_LABELS: ReadonlyArray<readonly [string, string]> = [
  [POOL_LABEL, "batch"],
  ["cloud.google.com/gke-spot", "true"],
  ["cloud.google.com/gke-preemptible", "true"],
  ["kubernetes.azure.com/scalesetpriority", "spot"],
];

/** Taints that mark spot nodes: key → the value a toleration must match (`Equal`). */
const SPOT_TAINTS: Readonly<Record<string, string>> = {
  [SPOT_TAINT.key]: SPOT_TAINT.value,
  "cloud.google.com/gke-spot": "true",
  "cloud.google.com/gke-preemptible": "true",
  "kubernetes.azure.com/scalesetpriority": "spot",
};

export const SPOT_TOLERATION_HINT = `a toleration {key: "${SPOT_TAINT.key}", operator: "Equal", value: "true", effect: "NoSchedule"}`;
export const BATCH_SELECTOR_HINT = `nodeSelector {"${POOL_LABEL}": "batch"}`;

/** Whether one toleration lets a pod onto spot nodes (a key-less `Exists` tolerates everything). */
export function toleratesSpot(toleration: Props): boolean {
  const key = str(toleration.key);
  const operator = str(toleration.operator) ?? "Equal";
  const effect = str(toleration.effect);
  if (effect !== undefined && effect !== "NoSchedule" && effect !== "NO_SCHEDULE") return false;
  if (key === undefined) return operator === "Exists";
  const value = SPOT_TAINTS[key];
  if (value === undefined) return false;
  return operator === "Exists" || String(toleration.value).toLowerCase() === value;
}

export function anyToleratesSpot(tolerations: unknown): boolean {
  return records(tolerations).some(toleratesSpot);
}

/** Whether a node label set (a nodeSelector or a required node-affinity term) pins pods to spot nodes. */
export function selectsSpot(selector: Readonly<Record<string, string>>): boolean {
  return SPOT_NODE_LABELS.some(([key, value]) => selector[key]?.toLowerCase() === value);
}

/**
 * Node labels a pod requires: its nodeSelector plus `In` expressions with a single value in every
 * required node-affinity term (a term with several values does not pin a pool).
 */
export function requiredNodeLabels(podSpec: Props): Readonly<Record<string, string>> {
  const labels: Record<string, string> = { ...stringMap(podSpec.nodeSelector) };
  const terms = records(
    (isRecord(podSpec.affinity) && isRecord(podSpec.affinity.nodeAffinity) && isRecord(podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)
      ? podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
      : {}
    ).nodeSelectorTerms,
  );
  // Node affinity terms are ORed: a label counts only when every term requires it.
  const perTerm = terms.map((term) => {
    const required: Record<string, string> = {};
    for (const expression of records(term.matchExpressions)) {
      const key = str(expression.key);
      const values = list(expression.values);
      if (key && str(expression.operator) === "In" && values.length === 1 && typeof values[0] === "string") required[key] = values[0];
    }
    return required;
  });
  if (perTerm.length > 0) {
    for (const [key, value] of Object.entries(perTerm[0])) {
      if (perTerm.every((term) => term[key] === value)) labels[key] = value;
    }
  }
  return labels;
}

/** Whether a pod spec may be scheduled on spot nodes (it tolerates their taint). */
export function mayRunOnSpot(podSpec: Props): boolean {
  return anyToleratesSpot(podSpec.tolerations) || selectsSpot(requiredNodeLabels(podSpec));
}
