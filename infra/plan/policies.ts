import type { CostEstimate, PlanDocument, PlanFinding } from "./document";
import { estimateCost } from "./cost";
import { evaluateRules } from "../../policies/engine/evaluate";
import { loadPolicyConfig, type EnvironmentPolicyConfig } from "../../policies/engine/policy-config";
import { planTargets, stackUrnOf } from "../../policies/engine/plan-targets";

/**
 * The findings of the `cost` and `placement` policy packs on a plan, with the same rule code and the
 * same `policies/config/<environment>.json` a real `pulumi preview --policy-pack …` uses. Resource
 * rules run over every resource and every Kubernetes object of a ConfigGroup; stack rules over all.
 * `source` is `<pack>/<policy-name>`, enforcement comes from the config file, a rule that reads a
 * preview unknown is skipped with an advisory finding (as in a real preview). Sorted by source, URN, message.
 *
 * Call order: `const cost = estimateCost(doc, env); const findings = evaluatePolicies(doc, env, cost);`
 * — the budget policy reads `cost` (else `doc.cost`, else it is estimated here). `config` defaults to
 * the environment's file; tests pass an edited one.
 */
export function evaluatePolicies(document: PlanDocument, environment: string, cost?: CostEstimate, config: EnvironmentPolicyConfig = loadPolicyConfig(environment)): PlanFinding[] {
  return evaluateRules({
    targets: planTargets(document),
    stackUrn: stackUrnOf(document),
    config,
    estimate: cost ?? document.cost ?? estimateCost(document, environment),
  });
}
