/**
 * The plan document: what `npm run plan` captures for one stack. It is the unit that tests
 * snapshot, policies read, cost is estimated from and PR reviews compare, so its shape is a
 * contract. Every value is plain JSON; secrets are masked, unknowns marked.
 */

/** The string that replaces every secret value in a plan. */
export const SECRET_MASK = "[secret]";
/** The string that stands for a value only known after deployment (a preview unknown). */
export const UNKNOWN_VALUE = "[unknown]";

/** A JSON value as it appears in a plan. */
export type PlanValue = string | number | boolean | null | PlanValue[] | { [key: string]: PlanValue };

export interface PlanResourceOptions {
  /** `protect`: Pulumi refuses to delete the resource. */
  readonly protect: boolean;
  /** `retainOnDelete`: deleting from the program leaves the cloud resource in place. */
  readonly retainOnDelete: boolean;
  /** URNs this resource explicitly depends on (beyond its input dependencies), sorted. */
  readonly dependsOn: readonly string[];
  /** The URN of the explicit provider, if any. */
  readonly provider: string | null;
  /**
   * The URNs this resource was known by before (its own `aliases`, resolved; present only when
   * there are any). Children inherit their parent's aliases by name, as the engine computes them.
   */
  readonly aliases?: readonly string[];
  /**
   * The names of the transforms the resource declares, in order (present only when there are any).
   * The engine runs them on the resource and every child, a packaged component's too (Chart v4's
   * rendered objects); the plan does not render charts, so it names them only.
   */
  readonly transforms?: readonly string[];
}

export interface PlanResource {
  readonly urn: string;
  /** Pulumi type token, e.g. `gcp:storage/bucket:Bucket`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** URN of the parent (the stack for top-level resources). */
  readonly parent: string | null;
  /** True for custom (provider-managed) resources, false for components. */
  readonly custom: boolean;
  /** Inputs as registered, secrets masked as {@link SECRET_MASK}. */
  readonly inputs: { readonly [key: string]: PlanValue };
  readonly options: PlanResourceOptions;
}

export type FindingSeverity = "low" | "medium" | "high" | "critical";
/** Mirrors CrossGuard: `mandatory` blocks, `advisory` informs. */
export type FindingEnforcement = "advisory" | "mandatory" | "disabled";

export interface PlanFinding {
  /** Who found it: `kubernetes-schema`, `<pack>/<policy-name>`, … */
  readonly source: string;
  readonly severity: FindingSeverity;
  readonly enforcement: FindingEnforcement;
  /** The resource concerned (the stack URN for stack-wide findings). */
  readonly urn: string;
  readonly message: string;
}

export interface CostLine {
  readonly urn: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitUsd: number;
  readonly monthlyUsd: number;
}

export interface CostEstimate {
  readonly monthlyUsd: number;
  readonly lines: readonly CostLine[];
  /** URNs of resources that cost money but have no price in the catalog. */
  readonly notPriced: readonly string[];
  /** Usage assumptions the estimate rests on (what code cannot know), printed as such. */
  readonly assumptions: { readonly [key: string]: PlanValue };
}

export interface PlanDocument {
  readonly stack: string;
  readonly variant: string;
  readonly environment: string;
  /** The stack's exports, secrets masked. */
  readonly outputs: { readonly [key: string]: PlanValue };
  /** Sorted by URN. */
  readonly resources: readonly PlanResource[];
  /** Sorted by source, URN, message. */
  readonly findings: readonly PlanFinding[];
  /** Monthly cost estimate (added by the cost estimator). */
  readonly cost?: CostEstimate;
}

/** A finding blocks when it is mandatory. */
export function isBlocking(finding: PlanFinding): boolean {
  return finding.enforcement === "mandatory";
}

/**
 * The findings order of every plan: by source, URN, message, in code-unit order (not
 * `localeCompare`, whose result depends on the machine's locale — plans must be byte-identical).
 */
export function compareFindings(a: PlanFinding, b: PlanFinding): number {
  for (const key of ["source", "urn", "message"] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}
