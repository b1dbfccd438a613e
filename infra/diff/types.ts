/**
 * The result of comparing two plans of one stack: what a PR review is rendered from. Plain data,
 * deterministic (every list sorted), every value already masked — a renderer never sees a secret.
 */
import type { CostLine, PlanFinding, PlanValue } from "../plan/document";

/** What the deployment would do to one resource (or one Kubernetes object inside a ConfigGroup). */
export type ChangeAction = "create" | "update" | "replace" | "delete";

/** One changed value. `undefined` on a side means the property is absent there. */
export interface PropertyChange {
  /** Readable path, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly before: PlanValue | undefined;
  readonly after: PlanValue | undefined;
  /** True when this property is in the replace-on-change table for the resource's type. */
  readonly forcesReplacement: boolean;
}

export interface ResourceChange {
  /**
   * Stable identity: the URN, or `<ConfigGroup URN>#<Kind>/<namespace>/<name>` for an object inside
   * a ConfigGroup's `objs` (the provider expands those only at deploy time). Overrides refer to it.
   */
  readonly id: string;
  /** Pulumi type token (for ConfigGroup objects the token the object gets when deployed). */
  readonly type: string;
  /** Logical name, or `<Kind>/<namespace>/<name> in <group>` for ConfigGroup objects. */
  readonly name: string;
  readonly action: ChangeAction;
  /** Why a replace happens: `URN changed (renamed from …)`, `provider changed`, or property paths. */
  readonly replaceReasons: readonly string[];
  /** For a rename (a delete and a create of the same type paired up): the old id. */
  readonly renamedFrom?: string;
  /** Input changes (masked), sorted by path; empty for create and delete. */
  readonly properties: readonly PropertyChange[];
  /** Resource option changes (`protect`, `retainOnDelete`, `dependsOn`, `provider`). */
  readonly options: readonly PropertyChange[];
}

/** A delete or replace that destroys stored data (or a protected resource). */
export interface DataLossFinding {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly action: "delete" | "replace";
  /** Why the resource counts as data-bearing. */
  readonly why: string;
  /** BLOCKING unless an override allows this id. */
  readonly blocking: boolean;
  /** The override's reason when one allows this id. */
  readonly allowedBy?: string;
  /** `retainOnDelete` was set: the old cloud resource (and its data) stays, orphaned — still reported. */
  readonly retained: boolean;
}

export interface FindingsDiff {
  /** In the new plan, not in the old one (compared by source + urn + message). */
  readonly introduced: readonly PlanFinding[];
  readonly resolved: readonly PlanFinding[];
}

export interface CostLineChange {
  readonly urn: string;
  readonly item: string;
  readonly before: CostLine | undefined;
  readonly after: CostLine | undefined;
  readonly deltaUsd: number;
}

export interface CostDiff {
  /** Monthly USD; undefined when that side has no estimate. */
  readonly beforeUsd: number | undefined;
  readonly afterUsd: number | undefined;
  /** Only when both sides have an estimate. */
  readonly deltaUsd: number | undefined;
  /** Lines whose monthly cost moved, largest absolute move first. */
  readonly lines: readonly CostLineChange[];
  /** URNs newly without a price (cost unknown, so the delta may understate). */
  readonly newlyNotPriced: readonly string[];
}

export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
}

/** `added`/`removed`: the stack exists only in the new/old plan set. */
export type StackStatus = "added" | "removed" | "changed" | "unchanged";

export interface StackDiff {
  readonly stack: string;
  readonly status: StackStatus;
  readonly counts: ChangeCounts;
  /** Sorted by id. For a removed stack empty (removing a stack's config destroys nothing). */
  readonly changes: readonly ResourceChange[];
  /** Resources the old plan had (used to describe a removed stack). */
  readonly resourcesBefore: number;
  readonly dataLoss: readonly DataLossFinding[];
  readonly findings: FindingsDiff;
  readonly cost: CostDiff | undefined;
  /** Stack output changes (masked). */
  readonly outputs: readonly PropertyChange[];
  /** Override ids this stack used (to report overrides nothing needs any more). */
  readonly overridesUsed: readonly string[];
  /** A blocking data-loss finding or a newly introduced mandatory policy finding. */
  readonly blocking: boolean;
}
