/**
 * A plan flattened into the things a deployment creates, updates or deletes: every resource, and
 * every Kubernetes object inside a ConfigGroup's `objs` (the provider expands those only at deploy
 * time, so under mocks they are inputs of one resource — but each is deployed, and lost, on its own).
 */
import type { PlanDocument, PlanResourceOptions, PlanValue } from "../plan/document";
import { plannedKubernetesObjects } from "../plan/kubernetes-objects";
import { isPlanRecord } from "./value-diff";

export interface PlanEntity {
  /** URN, or `<ConfigGroup URN>#<Kind>/<namespace>/<name>`. */
  readonly id: string;
  readonly type: string;
  /** Logical name, or the object's label. */
  readonly name: string;
  /** Entities with the same key that disappear and appear together are taken for a rename. */
  readonly renameKey: string;
  /** Inputs to compare (a ConfigGroup's without `objs`, which become entities of their own). */
  readonly inputs: { readonly [key: string]: PlanValue };
  /** Options of a resource; undefined for ConfigGroup objects. */
  readonly options: PlanResourceOptions | undefined;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
}

const CONFIG_GROUP_TYPES = new Set(["kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml:ConfigGroup"]);

function objectLocator(object: { readonly [key: string]: PlanValue }): string {
  const metadata = isPlanRecord(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
  return `${String(object.kind)}/${namespace}${String(metadata.name ?? "?")}`;
}

export function planEntities(document: PlanDocument): PlanEntity[] {
  const entities: PlanEntity[] = [];
  const byUrn = new Map(document.resources.map((resource) => [resource.urn, resource]));
  for (const resource of document.resources) {
    const inputs = CONFIG_GROUP_TYPES.has(resource.type)
      ? Object.fromEntries(Object.entries(resource.inputs).filter(([key]) => key !== "objs"))
      : resource.inputs;
    entities.push({
      id: resource.urn,
      type: resource.type,
      name: resource.name,
      renameKey: `${resource.type}\u0000${resource.parent ?? ""}`,
      inputs,
      options: resource.options,
      protect: resource.options.protect,
      retainOnDelete: resource.options.retainOnDelete,
    });
  }
  const seen = new Set<string>();
  for (const object of plannedKubernetesObjects(document)) {
    const group = byUrn.get(object.urn);
    if (!group || !CONFIG_GROUP_TYPES.has(group.type)) continue;
    let id = `${object.urn}#${objectLocator(object.object)}`;
    // Duplicates are invalid anyway; keep ids unique and deterministic.
    for (let n = 2; seen.has(id); n++) id = `${object.urn}#${objectLocator(object.object)}~${n}`;
    seen.add(id);
    entities.push({
      id,
      type: object.type,
      name: object.label,
      renameKey: `${object.type}\u0000${object.urn}`,
      inputs: object.object,
      options: undefined,
      // Children inherit `protect` from their parent in Pulumi; retainOnDelete is not assumed.
      protect: group.options.protect,
      retainOnDelete: false,
    });
  }
  return entities.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
