import type { ResourceRule } from "./rule";
import { SECRET_MARKER, isRecord } from "../model/values";
import { kubernetesKind, objectName } from "../model/workloads";

export interface NoSecretsInPlainInputsConfig {
  /** `<type> <input path>` of inputs that are secret by design (a provider's kubeconfig, a schema-secret field). */
  readonly allowedInputs: readonly string[];
}

/** Kinds whose payload is meant to be secret. */
const SECRET_KINDS = new Set(["Secret"]);

/** Paths of every secret-marked value inside `value`. */
function secretPaths(value: unknown, path: string, out: string[]): void {
  if (value === SECRET_MARKER) out.push(path || "(root)");
  else if (Array.isArray(value)) value.forEach((item, i) => secretPaths(item, `${path}[${i}]`, out));
  else if (isRecord(value))
    for (const key of Object.keys(value)) secretPaths(value[key], path ? `${path}.${key}` : key, out);
}

/**
 * A value that came from a `secure:` key (or any Pulumi secret) stays in inputs meant for secrets:
 * in a label, an annotation, a ConfigMap, an env `value` or chart values it is stored and shown in
 * clear by the cluster and the cloud, whatever Pulumi masks in its own state.
 */
export const noSecretsInPlainInputs: ResourceRule<NoSecretsInPlainInputsConfig> = {
  kind: "resource",
  pack: "security",
  name: "no-secrets-in-plain-inputs",
  description:
    "Secret values (secure: config, generated passwords) appear only in Secrets and inputs that are secret by design.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allowedInputs: { type: "array", items: { type: "string" } } } },
  defaults: {
    allowedInputs: ["pulumi:providers:kubernetes kubeconfig", "gcp:storage/bucketObject:BucketObject content"],
  },
  validate(resource, config, report) {
    // A ConfigGroup's objects are evaluated one by one (as the resources a real preview registers).
    if (resource.type.startsWith("kubernetes:yaml/")) return;
    if (resource.type.startsWith("random:")) return;
    const kind = kubernetesKind(resource.type);
    if (kind && SECRET_KINDS.has(kind)) return;
    const paths: string[] = [];
    secretPaths(resource.props, "", paths);
    const name = kind ? objectName(kind, resource.props) : `${resource.type} ${resource.name}`;
    for (const path of paths) {
      if (config.allowedInputs.includes(`${resource.type} ${path}`)) continue;
      report(
        `${name} input ${path} holds a secret value in a plain field; ` +
          "to comply, put it in a Secret and reference the Secret by name.",
      );
    }
  },
};
