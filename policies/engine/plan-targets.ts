import type { PlanDocument, PlanResource } from "../../infra/plan/document";
import { plannedKubernetesObjects } from "../../infra/plan/kubernetes-objects";
import type { EvaluationTarget } from "./evaluate";
import type { Props } from "../model/values";
import type { RuleResource } from "../rules/rule";

/** The project name of `Pulumi.yaml`, for a stack URN when the plan has no Stack resource. */
const PROJECT = "batch-platform";

/** The URN of the plan's stack resource (stack-wide findings and cost lines are booked on it). */
export function stackUrnOf(document: Pick<PlanDocument, "stack" | "resources">): string {
  return document.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? `urn:pulumi:${document.stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${document.stack}`;
}

/**
 * What CrossGuard would see in a real preview: every registered resource, plus each object in a
 * ConfigGroup's `objs` as the resource the provider registers for it at deploy time (its Pulumi type,
 * the object as props, the ConfigGroup's URN and provider).
 */
export function planTargets(document: Pick<PlanDocument, "resources">): EvaluationTarget[] {
  let targets = targetsOf.get(document.resources);
  if (targets === undefined) {
    targets = collectTargets(document);
    targetsOf.set(document.resources, targets);
  }
  return [...targets];
}

/** The targets of each plan's (read-only) resource list: the cost estimate and the policies both read them. */
const targetsOf = new WeakMap<readonly PlanResource[], readonly EvaluationTarget[]>();

function collectTargets(document: Pick<PlanDocument, "resources">): EvaluationTarget[] {
  const byUrn = new Map(document.resources.map((r) => [r.urn, r]));
  const providerOf = (resource: PlanResource): RuleResource["provider"] => {
    const provider = resource.options.provider ? byUrn.get(resource.options.provider) : undefined;
    return provider ? { type: provider.type, props: provider.inputs } : undefined;
  };
  const targets: EvaluationTarget[] = document.resources.map((resource) => ({
    resource: {
      type: resource.type,
      props: resource.inputs,
      urn: resource.urn,
      name: resource.name,
      opts: { protect: resource.options.protect, retainOnDelete: resource.options.retainOnDelete, parent: resource.parent ?? undefined },
      provider: providerOf(resource),
    },
  }));
  for (const object of plannedKubernetesObjects(document)) {
    const declaring = byUrn.get(object.urn);
    // Kubernetes resources registered by the program are already targets; only ConfigGroup entries are added.
    if (!declaring || !declaring.type.startsWith("kubernetes:yaml")) continue;
    const metadata = object.object.metadata;
    const name = typeof metadata === "object" && metadata !== null && !Array.isArray(metadata) && typeof metadata.name === "string" ? metadata.name : object.label;
    targets.push({
      label: object.label,
      resource: { type: object.type, props: object.object as Props, urn: object.urn, name, opts: { protect: declaring.options.protect, retainOnDelete: declaring.options.retainOnDelete, parent: declaring.urn }, provider: providerOf(declaring) },
    });
  }
  return targets;
}
