import type { PolicyConfigSchema } from "@pulumi/policy";
import type { CostEstimate } from "../../infra/plan/document";
import type { Props } from "../model/values";

/** The three packs; a finding's `source` is `<pack>/<policy-name>`. */
export type PackName = "cost" | "placement" | "security";

/** CrossGuard's enforcement levels this project uses (`remediate` is not used: rules only report). */
export type Enforcement = "advisory" | "mandatory" | "disabled";

export type Severity = "low" | "medium" | "high" | "critical";

/** What a resource rule sees: the same fields CrossGuard's `ResourceValidationArgs` carries. */
export interface RuleResource {
  /** Pulumi type token, e.g. `gcp:storage/bucket:Bucket` or `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** The resource's inputs (in a real preview: behind the unknown-checking proxy). */
  readonly props: Props;
  readonly urn: string;
  readonly name: string;
  readonly opts?: {
    readonly protect?: boolean;
    /** Offline plans only: CrossGuard's resource options do not carry it. */
    readonly retainOnDelete?: boolean;
    readonly parent?: string;
  };
  /** The explicit provider, when there is one (its type and inputs), like CrossGuard's `args.provider`. */
  readonly provider?: { readonly type: string; readonly props: Props };
}

/** Reports one violation; `urn` only for stack rules, to point at the resource concerned. */
export type Report = (message: string, urn?: string) => void;

/** What a stack rule sees. */
export interface RuleStack {
  readonly resources: readonly RuleResource[];
  /** The stack's monthly cost estimate, for rules that declare `needsEstimate`. */
  readonly estimate?: CostEstimate;
}

interface RuleBase<C extends object> {
  readonly pack: PackName;
  /** Kebab-case policy name, unique across both packs. */
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  /** Used when the config file does not name this policy. */
  readonly enforcementLevel: Enforcement;
  /** JSON schema of the rule's config properties, registered with CrossGuard as is. */
  readonly configSchema: PolicyConfigSchema;
  /** Config used for properties the config file leaves out (CrossGuard fills schema defaults the same way). */
  readonly defaults: C;
}

export interface ResourceRule<C extends object> extends RuleBase<C> {
  readonly kind: "resource";
  validate(resource: RuleResource, config: C, report: Report): void;
}

export interface StackRule<C extends object> extends RuleBase<C> {
  readonly kind: "stack";
  /** The rule reads `stack.estimate`; the runner must provide it. */
  readonly needsEstimate?: boolean;
  validate(stack: RuleStack, config: C, report: Report): void;
}

/** A rule with its config type erased, for lists of rules. */
export type AnyRule = ResourceRule<object> | StackRule<object>;

/** Erases a rule's config type (the config is validated against `configSchema` before use). */
export function eraseRule<C extends object>(rule: ResourceRule<C> | StackRule<C>): AnyRule {
  return rule as unknown as AnyRule;
}
