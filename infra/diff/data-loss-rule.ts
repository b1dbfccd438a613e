/** `data-loss`: a delete or replace of a resource that holds data, or of a protected one. */
import { dataBearingReason } from "./data-bearing";
import { foundHazard, type FoundHazard } from "./found-hazard";
import type { PlanEntity } from "./plan-entities";
import type { ResourceChange } from "./types";

export function dataLossHazards(change: ResourceChange, before: PlanEntity): FoundHazard[] {
  if (change.action !== "delete" && change.action !== "replace") return [];
  const reasons = [dataBearingReason(before.type, before.inputs)];
  if (before.protect) reasons.push("protected (`protect`): the deployment fails until it is unprotected");
  const why = reasons.filter((reason): reason is string => reason !== undefined).join("; ");
  if (why === "") return [];
  // retainOnDelete keeps the old resource but orphans its data: still a loss to review.
  const details = before.retainOnDelete
    ? ["`retainOnDelete` keeps the old resource, but orphaned: nothing will use its data"]
    : [];
  return [foundHazard("data-loss", before, `${change.action === "replace" ? "replaces" : "deletes"} ${why}`, details)];
}
