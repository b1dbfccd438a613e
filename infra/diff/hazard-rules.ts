/**
 * The review's blocking rules. Each names one kind of change that can destroy data or cannot be
 * applied; a hazard found by a rule blocks the review unless `review-overrides.json` allows that
 * rule for that one id, with a reason.
 */
export const HAZARD_RULES = {
  "data-loss": "deletes or replaces a resource that holds data (or a protected one)",
  "cluster-replacement": "replaces or deletes a Kubernetes cluster: everything on it goes with it",
  "provider-target": "points a Kubernetes provider at another cluster or namespace: its objects move",
  "protection-downgrade":
    "lowers protection (protect, retainOnDelete, deletion protection, versioning, soft delete, " +
    "public-access prevention, TLS minimum)",
  "volume-change":
    "changes volumes in a way the cluster cannot apply or that loses data (volume claim templates, " +
    "claim shrink or storage class)",
  "storage-topology":
    "reshapes storage that cannot be reshaped in place (MinIO servers × drives, fewer Kafka partitions)",
  "replication-decrease": "keeps fewer copies of the data (replication factor, database instances, topic replicas)",
  "immutable-field": "changes a field the target refuses to change after creation",
  "plan-failed": "the stack does not plan at the head, so the review cannot tell what it would do",
} as const;

export type HazardRule = keyof typeof HAZARD_RULES;

export const HAZARD_RULE_IDS = Object.keys(HAZARD_RULES).sort() as HazardRule[];

/** Rules an override may allow (a failed plan cannot be allowed: fix the stack). */
export function isOverridable(rule: HazardRule): boolean {
  return rule !== "plan-failed";
}

export function isHazardRule(value: unknown): value is HazardRule {
  return typeof value === "string" && Object.hasOwn(HAZARD_RULES, value);
}
