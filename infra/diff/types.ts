/**
 * The result of comparing two plans of one stack: what a PR review is rendered from and what
 * `npm run diff -- --json` prints. Plain data, deterministic (every list sorted), every value
 * already masked — a renderer never sees a secret.
 */
import type { CostLine, PlanFinding, PlanValue } from "../plan/document";
import type { HazardRule } from "./hazard-rules";

/** What the deployment would do to one resource (or one Kubernetes object inside a ConfigGroup). */
export type ChangeAction = "create" | "update" | "replace" | "delete";

/** A multi-line text value compared line by line (unified diff hunks, context included). */
export interface TextChange {
  readonly linesBefore: number;
  readonly linesAfter: number;
  readonly added: number;
  readonly removed: number;
  /** `@@ -a,b +c,d @@` headers and lines prefixed with ` `, `+` or `-`. */
  readonly hunks: readonly string[];
}

/** One changed value. `undefined` on a side means the property is absent there. */
export interface PropertyChange {
  /** Readable path, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly before: PlanValue | undefined;
  readonly after: PlanValue | undefined;
  /** True when this property is in the replace-on-change table for the resource's type. */
  readonly forcesReplacement: boolean;
  /** For multi-line strings on both sides: the line diff (values stay in before/after, masked). */
  readonly text?: TextChange;
}

/** `dependsOn` compared as a set: only resources it gains or loses. */
export interface DependsOnChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/**
 * A manifest a workload applies at run time (a SparkApplication a DAG submits), carried in a
 * ConfigMap: not a Pulumi resource, so listed under the ConfigMap instead of counted as a create.
 */
export interface RuntimeTemplateChange {
  readonly action: "create" | "update" | "delete";
  /** The ConfigMap key that holds it, e.g. `orders_process.yaml`. */
  readonly file: string;
  /** `<Kind>/<namespace>/<name>`. */
  readonly object: string;
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
  /** For a rename without an alias (a delete and a create paired up): the old id. */
  readonly renamedFrom?: string;
  /** The old URN an `aliases` option maps this resource to (the same resource, not a replace). */
  readonly aliasOf?: string;
  /** Input changes (masked), sorted by path; empty for create and delete. */
  readonly properties: readonly PropertyChange[];
  /** Resource option changes (`protect`, `retainOnDelete`, `provider`). */
  readonly options: readonly PropertyChange[];
  /** Only when the set of explicit dependencies changed. */
  readonly dependsOn?: DependsOnChange;
  /** Manifests in this ConfigMap that a workload submits later (created, changed or removed). */
  readonly runtimeTemplates: readonly RuntimeTemplateChange[];
}

/**
 * A change a reviewer must not wave through: data destroyed, a change the target cannot apply,
 * everything on a cluster moved, or protection lowered. BLOCKING unless an override allows it.
 */
export interface Hazard {
  readonly rule: HazardRule;
  /** The id the review prints for it (what an override names). */
  readonly id: string;
  readonly type: string;
  readonly name: string;
  /** One sentence: what happens and why it is dangerous. */
  readonly why: string;
  /** Supporting facts, e.g. the data-bearing objects a cluster replacement takes with it. */
  readonly details: readonly string[];
  readonly blocking: boolean;
  /** The override's reason when one allows it. */
  readonly allowedBy?: string;
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
  /** The quantity comes from the environment's usage assumptions (GB stored, TB scanned, job hours). */
  readonly usageBased: boolean;
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
  /** True when the total or any line moved by at least half a cent, or a resource lost its price. */
  readonly moved: boolean;
}

export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
}

/**
 * `added`/`removed`: the stack exists only in the new/old plan set; `failed`: it does not plan at
 * the head (the review cannot say what it would do, so it blocks).
 */
export type StackStatus = "added" | "removed" | "changed" | "unchanged" | "failed";

export interface StackDiff {
  readonly stack: string;
  /** `dev` | `staging` | `prod`, from the plan (empty when no side planned). */
  readonly environment: string;
  readonly status: StackStatus;
  readonly counts: ChangeCounts;
  /** Sorted by id. For a removed or failed stack empty. */
  readonly changes: readonly ResourceChange[];
  /** Resources the old plan had (used to describe a removed stack). */
  readonly resourcesBefore: number;
  /** Sorted by rule, then id. */
  readonly hazards: readonly Hazard[];
  readonly findings: FindingsDiff;
  readonly cost: CostDiff | undefined;
  /** Stack output changes (masked). */
  readonly outputs: readonly PropertyChange[];
  /** Resources found under a new URN through `aliases` (the same resources, not replaced), by old URN. */
  readonly aliased: readonly { readonly from: string; readonly to: string }[];
  /** `<rule> <id>` of the overrides this stack used (to report overrides nothing needs any more). */
  readonly overridesUsed: readonly string[];
  /** Why the stack did not plan, at the head (`failed`) or at the base. */
  readonly planErrors: { readonly head?: string; readonly base?: string };
  /** A blocking hazard, a newly introduced mandatory policy finding, or a failed plan at the head. */
  readonly blocking: boolean;
}
