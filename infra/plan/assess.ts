import { estimateCost } from "./cost";
import { compareFindings, type PlanDocument } from "./document";
import { evaluatePolicies } from "./policies";

/**
 * Adds what is judged on the captured plan: the monthly cost estimate first (the budget policy
 * reads it), then the findings of the cost and placement packs beside the schema findings.
 */
export async function assessPlan(document: PlanDocument): Promise<PlanDocument> {
  const cost = estimateCost(document, document.environment);
  const findings = [...document.findings, ...evaluatePolicies(document, document.environment, cost)].sort(compareFindings);
  return { ...document, cost, findings };
}
