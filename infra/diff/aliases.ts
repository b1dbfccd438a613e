/**
 * `aliases`: a renamed or re-parented resource that names its old URN is the same resource to
 * Pulumi (updated, not deleted and recreated). Children inherit a parent's alias: when a component's
 * type or parent changes, Pulumi also finds each child under the old parent's type chain.
 */
import type { PlanResource } from "../plan/document";
import type { ResourceTable } from "./resource-table";

interface UrnParts {
  readonly prefix: string;
  /** `parentType$…$type`. */
  readonly qualifiedType: string;
  readonly name: string;
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
function parseUrn(urn: string): UrnParts | undefined {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]?.startsWith("urn:pulumi:")) return undefined;
  return { prefix: `${parts[0]}::${parts[1]}`, qualifiedType: parts[2] ?? "", name: parts.slice(3).join("::") };
}

/** The URNs a resource declares as aliases (`options.aliases`, resolved by the plan's capture). */
export function declaredAliases(resource: PlanResource): readonly string[] {
  return [...(resource.options.aliases ?? [])].sort();
}

/** Old URNs this resource answers to: its own aliases and those inherited through its ancestors. */
export function aliasCandidates(resource: PlanResource, table: ResourceTable): readonly string[] {
  const candidates = new Set(declaredAliases(resource));
  const own = parseUrn(resource.urn);
  let parentUrn = resource.parent;
  // Walk up: each ancestor alias that changes the type chain maps this URN too.
  for (let depth = 0; own && parentUrn && depth < 64; depth++) {
    const parent = table.get(parentUrn);
    if (!parent) break;
    const parentParts = parseUrn(parent.urn);
    for (const alias of parentParts ? declaredAliases(parent) : []) {
      const old = parseUrn(alias);
      if (!old || !parentParts || !own.qualifiedType.startsWith(`${parentParts.qualifiedType}$`)) continue;
      const suffix = own.qualifiedType.slice(parentParts.qualifiedType.length);
      candidates.add(`${old.prefix}::${old.qualifiedType}${suffix}::${own.name}`);
    }
    parentUrn = parent.parent;
  }
  candidates.delete(resource.urn);
  return [...candidates].sort();
}
