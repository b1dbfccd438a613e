import type { PlanDocument } from "./document";

/**
 * Adds what is judged on the captured plan: the cost estimate and the policy findings.
 * (Policies and cost are wired in by the policy issue; until then the plan carries schema findings only.)
 */
export async function assessPlan(document: PlanDocument): Promise<PlanDocument> {
  return document;
}
