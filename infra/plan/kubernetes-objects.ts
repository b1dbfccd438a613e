import { MANIFEST_TEMPLATES_LABEL } from "../../components/k8s/manifest-templates";
import { manifestObjects } from "../../components/k8s/manifest-yaml";
import type { PlanDocument, PlanResource, PlanValue } from "./document";
import { compareText } from "../../components/common/compare-text";

/** A Kubernetes object found in a plan: a Pulumi Kubernetes resource or an entry of a ConfigGroup's `objs`. */
export interface PlannedKubernetesObject {
  /** The URN of the Pulumi resource that declares it (the ConfigGroup for its `objs`). */
  readonly urn: string;
  /** The Pulumi type token the object gets when deployed, e.g. `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** `apiVersion` of the object, e.g. `apps/v1`. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The whole object (apiVersion, kind, metadata, spec, …). */
  readonly object: { readonly [key: string]: PlanValue };
  /** A readable locator: `<kind>/<namespace>/<name>` plus the declaring URN for objs. */
  readonly label: string;
}

const CONFIG_GROUP_TYPES = new Set(["kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml:ConfigGroup"]);

/** Pulumi's type token for a Kubernetes apiVersion/kind (`v1` is the `core` group). */
export function kubernetesTypeToken(apiVersion: string, kind: string): string {
  const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
  return `kubernetes:${groupVersion}:${kind}`;
}

function isRecord(value: PlanValue | undefined): value is { [key: string]: PlanValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(object: { [key: string]: PlanValue }): string {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
  return `${String(object.kind)}/${namespace}${String(metadata.name ?? "?")}`;
}

/**
 * The manifests a ConfigMap labelled {@link MANIFEST_TEMPLATES_LABEL} carries in its `*.yaml`
 * entries (e.g. the SparkApplications a DAG submits), as objects of their own.
 */
function manifestTemplates(configMap: PlannedKubernetesObject): PlannedKubernetesObject[] {
  const metadata = isRecord(configMap.object.metadata) ? configMap.object.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  const data = configMap.object.data;
  if (configMap.kind !== "ConfigMap" || labels[MANIFEST_TEMPLATES_LABEL] !== "true" || !isRecord(data)) return [];
  const templates: PlannedKubernetesObject[] = [];
  for (const [file, text] of Object.entries(data).sort(([a], [b]) => compareText(a, b))) {
    if (!/\.ya?ml$/.test(file) || typeof text !== "string") continue;
    for (const parsed of manifestObjects(text)) {
      const obj = parsed as PlanValue;
      if (!isRecord(obj) || typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") continue;
      templates.push({
        urn: configMap.urn,
        type: kubernetesTypeToken(obj.apiVersion, obj.kind),
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        object: obj,
        label: `${describe(obj)} (template ${file} in ConfigMap ${String(metadata.name)})`,
      });
    }
  }
  return templates;
}

/**
 * Every Kubernetes object a plan declares: the SDK's own Kubernetes resources (their inputs are the
 * object), each entry of a ConfigGroup's `objs`, which the provider expands only at deploy time, and
 * the manifest templates ConfigMaps carry for workloads to apply later.
 */
export function plannedKubernetesObjects(document: Pick<PlanDocument, "resources">): PlannedKubernetesObject[] {
  let objects = found.get(document.resources);
  if (objects === undefined) {
    const declared = declaredKubernetesObjects(document);
    objects = [...declared, ...declared.flatMap(manifestTemplates)];
    found.set(document.resources, objects);
  }
  return [...objects];
}

/**
 * The objects of each plan's (read-only) resource list: validation, cost and policies all read
 * them, and parsing every template's YAML once per plan instead of once per reader saves seconds.
 */
const found = new WeakMap<readonly PlanResource[], readonly PlannedKubernetesObject[]>();

function declaredKubernetesObjects(document: Pick<PlanDocument, "resources">): PlannedKubernetesObject[] {
  const found: PlannedKubernetesObject[] = [];
  for (const resource of document.resources) {
    if (CONFIG_GROUP_TYPES.has(resource.type)) {
      const objs = resource.inputs.objs;
      for (const obj of Array.isArray(objs) ? objs : []) {
        if (!isRecord(obj) || typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") continue;
        found.push({
          urn: resource.urn,
          type: kubernetesTypeToken(obj.apiVersion, obj.kind),
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          object: obj,
          label: `${describe(obj)} in ${resource.name}`,
        });
      }
      continue;
    }
    const apiVersion = resource.inputs.apiVersion;
    const kind = resource.inputs.kind;
    if (!resource.custom || !resource.type.startsWith("kubernetes:")) continue;
    if (typeof apiVersion !== "string" || typeof kind !== "string") continue;
    found.push({ urn: resource.urn, type: resource.type, apiVersion, kind, object: resource.inputs, label: describe(resource.inputs) });
  }
  return found;
}
