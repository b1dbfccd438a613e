import type { CostEstimate, PlanDocument } from "./document";
import { loadPolicyConfig } from "../../policies/engine/policy-config";
import { planTargets, stackUrnOf } from "../../policies/engine/plan-targets";
import { estimateResources } from "../../policies/pricing/estimate";

/**
 * The monthly cost estimate of a plan: catalog prices (`policies/pricing/catalog.ts`) times what the
 * plan declares, plus the environment's usage assumptions (`policies/config/<environment>.json`,
 * under `monthly-budget.usage`). 730 h/month; every line rounded to cents and the total their exact
 * sum; deterministic. Call it before `evaluatePolicies`, which needs the estimate for the budget.
 */
export function estimateCost(document: PlanDocument, environment: string): CostEstimate {
  const { usage } = loadPolicyConfig(environment);
  return estimateResources({
    variant: document.variant,
    stackUrn: stackUrnOf(document),
    resources: planTargets(document).map(({ resource, label }) => ({ type: resource.type, props: resource.props, urn: resource.urn, name: resource.name, label })),
    usage,
  });
}
