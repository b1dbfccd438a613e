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

/**
 * Old URNs this resource answers to: its own aliases and those inherited from its parent's, as the
 * engine derives them — a child keeps its type under each of its parent's old URNs (a URN's type
 * chain holds the immediate parent's type only), and a child named `<parent>-x` follows a renamed
 * parent to `<old parent name>-x`.
 */
export function aliasCandidates(resource: PlanResource, table: ResourceTable): readonly string[] {
  return [...new Set(resourceAliases(resource, table, 0))].filter((urn) => urn !== resource.urn).sort();
}

function resourceAliases(resource: PlanResource, table: ResourceTable, depth: number): string[] {
  const own = [...declaredAliases(resource)];
  const parent = resource.parent ? table.get(resource.parent) : undefined;
  if (parent === undefined || depth > 64) return own;
  for (const parentAlias of resourceAliases(parent, table, depth + 1)) {
    const old = parseUrn(parentAlias);
    if (old === undefined) continue;
    const name = resource.name.startsWith(parent.name) ? old.name + resource.name.slice(parent.name.length) : resource.name;
    const parentType = old.qualifiedType.split("$").pop();
    own.push(`${old.prefix}::${parentType}$${resource.type}::${name}`);
  }
  return own;
}
