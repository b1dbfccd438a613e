import type { CostEstimate, PlanDocument, PlanValue } from "./document";
import { loadPolicyConfig } from "../../policies/engine/policy-config";
import { planTargets, stackUrnOf } from "../../policies/engine/plan-targets";
import { estimateResources } from "../../policies/pricing/estimate";
import type { OssNodePool, UsageAssumptions } from "../../policies/pricing/usage";

/**
 * An OSS cluster's node pools are not Pulumi resources; the oss stack exports them (`nodePools`,
 * from `batch-platform:cluster.nodePools`) so the estimate prices the pools the stack declares —
 * each at its minimum, or `usage.averageNodesByPool` — instead of a copy kept in the usage file.
 */
export function ossNodePoolsFromOutputs(outputs: PlanDocument["outputs"], usage: UsageAssumptions): OssNodePool[] | undefined {
  const pools = outputs.nodePools;
  if (pools === null || typeof pools !== "object" || Array.isArray(pools)) return undefined;
  return Object.entries(pools).flatMap(([pool, value]: [string, PlanValue]) => {
    if (value === null || typeof value !== "object" || Array.isArray(value) || typeof value.minNodes !== "number") return [];
    return [{
      pool,
      nodes: usage.averageNodesByPool?.[pool] ?? value.minNodes,
      ...(typeof value.machineType === "string" ? { machineType: value.machineType } : {}),
      ...(typeof value.hourlyUsd === "number" ? { hourlyUsd: value.hourlyUsd } : {}),
      spot: value.spot === true,
    }];
  });
}

/**
 * The monthly cost estimate of a plan: catalog prices (`policies/pricing/catalog.ts`) times what the
 * plan declares, plus the environment's usage assumptions (`policies/config/<environment>.json`,
 * under `monthly-budget.usage`). 730 h/month; every line rounded to cents and the total their exact
 * sum; deterministic. Call it before `evaluatePolicies`, which needs the estimate for the budget.
 */
export function estimateCost(document: PlanDocument, environment: string): CostEstimate {
  const { usage } = loadPolicyConfig(environment);
  const ossNodePools = document.variant === "oss" ? ossNodePoolsFromOutputs(document.outputs, usage) : undefined;
  return estimateResources({
    variant: document.variant,
    stackUrn: stackUrnOf(document),
    resources: planTargets(document).map(({ resource, label }) => ({ type: resource.type, props: resource.props, urn: resource.urn, name: resource.name, label })),
    usage: ossNodePools ? { ...usage, ossNodePools } : usage,
  });
}
