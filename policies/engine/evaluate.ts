import { compareFindings, type CostEstimate, type FindingSeverity, type PlanFinding } from "../../infra/plan/document";
import type { EnvironmentPolicyConfig } from "./policy-config";
import { asPreviewProps, isUnknownValueError } from "./unknowns";
import { ALL_RULES } from "../rules/packs";
import type { AnyRule, RuleResource } from "../rules/rule";

/** A resource to evaluate, with a locator for objects declared inside another resource (a ConfigGroup's `objs`). */
export interface EvaluationTarget {
  readonly resource: RuleResource;
  /** Prefixed to messages, e.g. `Deployment/airflow/scheduler in dags`. */
  readonly label?: string;
}

export interface EvaluationInput {
  readonly targets: readonly EvaluationTarget[];
  /** URN stack-wide findings are reported against. */
  readonly stackUrn: string;
  readonly config: EnvironmentPolicyConfig;
  /** Required when a rule with `needsEstimate` is enabled. */
  readonly estimate?: CostEstimate;
  readonly rules?: readonly AnyRule[];
}

/**
 * Runs resource rules over every target and stack rules over all of them, as CrossGuard would in a
 * preview: props behind the unknown-checking proxy, a rule that reads an unknown skipped with an
 * advisory finding (the preview's "can't run policy … during preview"), disabled rules not run.
 * Findings are sorted by source, URN, message.
 */
export function evaluateRules(input: EvaluationInput): PlanFinding[] {
  const findings: PlanFinding[] = [];
  const previewed = input.targets.map((target) => ({ ...target, resource: { ...target.resource, props: asPreviewProps(target.resource.props), provider: target.resource.provider && { ...target.resource.provider, props: asPreviewProps(target.resource.provider.props) } } }));
  for (const rule of input.rules ?? ALL_RULES) {
    const settings = input.config.settings.get(rule.name);
    const enforcement = settings?.enforcement ?? rule.enforcementLevel;
    if (enforcement === "disabled") continue;
    const config = settings?.config ?? rule.defaults;
    const source = `${rule.pack}/${rule.name}`;
    const finding = (urn: string, message: string, severity: FindingSeverity = rule.severity): PlanFinding => ({ source, severity, enforcement, urn, message });
    const cannotRun = (urn: string, error: Error): PlanFinding => ({ source, severity: "low", enforcement: "advisory", urn, message: `can't run policy '${rule.name}' during preview: ${error.message}` });
    const run = (urn: string, action: () => void): void => {
      try {
        action();
      } catch (error) {
        if (isUnknownValueError(error)) findings.push(cannotRun(urn, error));
        else throw new Error(`policy ${source} failed on ${urn}: ${(error as Error).message}`, { cause: error });
      }
    };
    if (rule.kind === "resource") {
      for (const target of previewed) {
        const prefix = target.label ? `${target.label}: ` : "";
        run(target.resource.urn, () => rule.validate(target.resource, config, (message) => findings.push(finding(target.resource.urn, prefix + message))));
      }
    } else {
      if (rule.needsEstimate && !input.estimate) throw new Error(`policy ${source} needs the cost estimate; pass it to evaluatePolicies`);
      const stack = { resources: previewed.map((t) => t.resource), estimate: input.estimate };
      run(input.stackUrn, () => rule.validate(stack, config, (message, urn) => findings.push(finding(urn ?? input.stackUrn, message))));
    }
  }
  return findings.sort(compareFindings);
}
