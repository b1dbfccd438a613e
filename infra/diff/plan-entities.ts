/**
 * A resource as the things a deployment creates, updates or deletes: the resource itself and, for
 * a ConfigGroup, every Kubernetes object in its `objs` (the provider expands those only at deploy
 * time, so under mocks they are inputs of one resource — but each is deployed, and lost, on its
 * own). Run-time manifests inside ConfigMaps are not entities (see runtime-templates.ts).
 */
import type { PlanResource, PlanResourceOptions, PlanValue } from "../plan/document";
import { kubernetesTypeToken } from "../plan/kubernetes-objects";
import { isPlanRecord } from "./value-diff";

export interface PlanEntity {
  /** URN, or `<ConfigGroup URN>#<Kind>/<namespace>/<name>`. */
  readonly id: string;
  readonly type: string;
  /** Logical name, or the object's label. */
  readonly name: string;
  /** The URN of the resource that declares it (the ConfigGroup for its objects). */
  readonly urn: string;
  /** The declaring resource's parent (the ConfigGroup itself for its objects). */
  readonly parent: string | null;
  /** Entities with the same key that disappear and appear together are taken for a rename. */
  readonly renameKey: string;
  /** Inputs to compare (a ConfigGroup's without `objs`, which become entities of their own). */
  readonly inputs: { readonly [key: string]: PlanValue };
  /**
   * False for a local component (not custom, no provider, no inputs): it deploys nothing itself,
   * so its `dependsOn` orders nothing. Provider-side components (ConfigGroup, Chart) do deploy.
   */
  readonly deploys: boolean;
  /** Options of a resource; undefined for ConfigGroup objects. */
  readonly options: PlanResourceOptions | undefined;
  /** The explicit provider (a ConfigGroup object's is its group's). */
  readonly provider: string | null;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
}

const CONFIG_GROUP_TYPES = new Set(["kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml:ConfigGroup"]);

export function isConfigGroup(type: string): boolean {
  return CONFIG_GROUP_TYPES.has(type);
}

function objectLocator(object: { readonly [key: string]: PlanValue }): string {
  const metadata = isPlanRecord(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
  return `${String(object.kind)}/${namespace}${String(metadata.name ?? "?")}`;
}

/** The entities of one resource: itself first, then its ConfigGroup objects in id order. */
export function resourceEntities(resource: PlanResource): PlanEntity[] {
  const group = isConfigGroup(resource.type);
  const inputs = group
    ? Object.fromEntries(Object.entries(resource.inputs).filter(([key]) => key !== "objs"))
    : resource.inputs;
  const entities: PlanEntity[] = [
    {
      id: resource.urn,
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      parent: resource.parent,
      renameKey: `${resource.type}\u0000${resource.parent ?? ""}`,
      inputs,
      deploys: resource.custom || resource.options.provider !== null || Object.keys(resource.inputs).length > 0,
      options: resource.options,
      provider: resource.options.provider,
      protect: resource.options.protect,
      retainOnDelete: resource.options.retainOnDelete,
    },
  ];
  if (!group) return entities;
  const objects: PlanEntity[] = [];
  const seen = new Set<string>();
  const objs = resource.inputs.objs;
  for (const object of Array.isArray(objs) ? objs : []) {
    if (!isPlanRecord(object) || typeof object.apiVersion !== "string" || typeof object.kind !== "string") continue;
    const type = kubernetesTypeToken(object.apiVersion, object.kind);
    let id = `${resource.urn}#${objectLocator(object)}`;
    // Duplicates are invalid anyway; keep ids unique and deterministic.
    for (let n = 2; seen.has(id); n++) id = `${resource.urn}#${objectLocator(object)}~${n}`;
    seen.add(id);
    objects.push({
      id,
      type,
      name: `${objectLocator(object)} in ${resource.name}`,
      urn: resource.urn,
      parent: resource.urn,
      renameKey: `${type}\u0000${resource.urn}`,
      inputs: object,
      deploys: true,
      options: undefined,
      provider: resource.options.provider,
      // Children inherit `protect` from their parent in Pulumi; retainOnDelete is not assumed.
      protect: resource.options.protect,
      retainOnDelete: false,
    });
  }
  objects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...entities, ...objects];
}
