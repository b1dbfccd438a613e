import type { ResourceRule } from "./rule";
import { at, isRecord, str, stringMap } from "../model/values";
import { kubernetesKind } from "../model/workloads";

export interface CostAllocationLabelsConfig {
  /** Label/tag keys every labelled resource carries; `cost-center`, `costCenter` and `cost_center` are the same key. */
  readonly requiredKeys: readonly string[];
  /** Kubernetes kinds whose `metadata.labels` must carry them (namespaces are what cost reports group by). */
  readonly kubernetesKinds: readonly string[];
}

/**
 * Where each type keeps its labels/tags. Types not listed here are checked too when they carry a
 * `labels` (GCP) or `tags` (Azure) property; these are the ones that must, because they take them.
 */
const LABEL_PATHS: Readonly<Record<string, readonly string[]>> = {
  "gcp:storage/bucket:Bucket": ["labels"],
  "gcp:bigquery/dataset:Dataset": ["labels"],
  "gcp:bigquery/table:Table": ["labels"],
  "gcp:container/cluster:Cluster": ["resourceLabels"],
  "gcp:dataflow/flexTemplateJob:FlexTemplateJob": ["labels"],
  "azure-native:resources:ResourceGroup": ["tags"],
  "azure-native:storage:StorageAccount": ["tags"],
  "azure-native:containerservice:ManagedCluster": ["tags"],
  "azure-native:containerservice:AgentPool": ["tags"],
  "azure-native:databricks:Workspace": ["tags"],
  "azure-native:synapse:Workspace": ["tags"],
  "azure-native:synapse:SqlPool": ["tags"],
};

/** `Cost-Center`, `costCenter`, `cost_center` → `costcenter`. */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, "");
}

/** Where labels live for this resource, if it takes any. GCP's provider-computed maps count too. */
function labelPaths(type: string, props: Readonly<Record<string, unknown>>): readonly string[] | undefined {
  if (LABEL_PATHS[type]) return [...LABEL_PATHS[type], "effectiveLabels", "terraformLabels"];
  if (type.startsWith("gcp:") && isRecord(props.labels)) return ["labels", "effectiveLabels", "terraformLabels"];
  if (type.startsWith("azure-native:") && isRecord(props.tags)) return ["tags"];
  return undefined;
}

/** Costs can only be charged back when resources say whose they are. */
export const costAllocationLabels: ResourceRule<CostAllocationLabelsConfig> = {
  kind: "resource",
  pack: "cost",
  name: "cost-allocation-labels",
  description: "Every resource that takes labels/tags carries the cost-allocation keys (cost-center, owner).",
  severity: "low",
  enforcementLevel: "advisory",
  configSchema: {
    properties: { requiredKeys: { type: "array", items: { type: "string" }, minItems: 1 }, kubernetesKinds: { type: "array", items: { type: "string" } } },
  },
  defaults: { requiredKeys: ["cost-center", "owner"], kubernetesKinds: ["Namespace"] },
  validate(resource, config, report) {
    const kind = kubernetesKind(resource.type);
    let labels: Record<string, string> = {};
    let where: string;
    if (kind !== undefined) {
      if (!config.kubernetesKinds.includes(kind)) return;
      labels = { ...stringMap(at(resource.props, "metadata.labels")) };
      where = "metadata.labels";
    } else {
      const paths = labelPaths(resource.type, resource.props);
      if (!paths) return;
      for (const path of paths) labels = { ...labels, ...stringMap(resource.props[path]) };
      where = paths[0];
    }
    const present = new Map(Object.entries(labels).map(([key, value]) => [normalizeKey(key), value]));
    const missing = config.requiredKeys.filter((key) => (str(present.get(normalizeKey(key))) ?? "").trim() === "");
    if (missing.length === 0) return;
    const found = Object.keys(labels).length > 0 ? `has ${Object.keys(labels).sort().join(", ")}` : "has none";
    report(`${where} ${found}, missing ${missing.join(", ")}; to comply, set ${config.requiredKeys.map((key) => `"${key}"`).join(" and ")} (camelCase or snake_case keys are accepted).`);
  },
};
