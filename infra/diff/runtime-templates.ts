/**
 * Manifests a ConfigMap carries for a workload to apply at run time (the SparkApplications a DAG
 * submits; the ConfigMap is labelled {@link MANIFEST_TEMPLATES_LABEL}). Pulumi creates the
 * ConfigMap, not them, so the review lists them under it instead of counting them as creates.
 */
import { parseAllDocuments } from "yaml";
import { MANIFEST_TEMPLATES_LABEL } from "../../components/k8s/manifest-templates";
import type { PlanValue } from "../plan/document";
import type { RuntimeTemplateChange } from "./types";
import { isPlanRecord, valuesEqual } from "./value-diff";

type Inputs = { readonly [key: string]: PlanValue };

interface Template {
  readonly file: string;
  readonly object: string;
  readonly manifest: PlanValue;
}

function locator(manifest: Inputs): string {
  const metadata = isPlanRecord(manifest.metadata) ? manifest.metadata : {};
  const namespace = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
  return `${String(manifest.kind)}/${namespace}${String(metadata.name ?? "?")}`;
}

/** True for a ConfigMap object whose `*.yaml` entries are run-time manifests. */
export function carriesTemplates(object: Inputs | undefined): boolean {
  if (!object || object.kind !== "ConfigMap") return false;
  const metadata = isPlanRecord(object.metadata) ? object.metadata : {};
  const labels = isPlanRecord(metadata.labels) ? metadata.labels : {};
  return labels[MANIFEST_TEMPLATES_LABEL] === "true";
}

function templatesOf(object: Inputs | undefined): Map<string, Template> {
  const found = new Map<string, Template>();
  if (!object || !carriesTemplates(object) || !isPlanRecord(object.data)) return found;
  for (const file of Object.keys(object.data).sort()) {
    const text = object.data[file];
    if (!/\.ya?ml$/.test(file) || typeof text !== "string") continue;
    for (const document of parseAllDocuments(text)) {
      const manifest = document.toJS() as PlanValue;
      if (!isPlanRecord(manifest) || typeof manifest.kind !== "string") continue;
      const object = locator(manifest);
      found.set(`${file}\u0000${object}`, { file, object, manifest });
    }
  }
  return found;
}

/** The run-time manifests created, changed or removed between two versions of one ConfigMap. */
export function runtimeTemplateChanges(before: Inputs | undefined, after: Inputs | undefined): RuntimeTemplateChange[] {
  const old = templatesOf(before);
  const current = templatesOf(after);
  const changes: RuntimeTemplateChange[] = [];
  for (const key of [...new Set([...old.keys(), ...current.keys()])].sort()) {
    const a = old.get(key);
    const b = current.get(key);
    if (a && b && valuesEqual(a.manifest, b.manifest)) continue;
    const template = (b ?? a) as Template;
    const action = a && b ? "update" : b ? "create" : "delete";
    changes.push({ action, file: template.file, object: template.object });
  }
  return changes;
}
