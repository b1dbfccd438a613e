import type { ResourceRule } from "./rule";
import { at, bool, isRecord, list, str, type Props } from "../model/values";
import { containersOf, kubernetesKind, objectName, podTemplates } from "../model/workloads";

export interface RestrictedSecurityContextConfig {
  /** Also require `readOnlyRootFilesystem: true`. */
  readonly readOnlyRootFilesystem: boolean;
}

/** A field from the container's securityContext, else the pod's (where Kubernetes inherits it). */
function effective(container: Props, pod: Props, path: string): unknown {
  const own = at(container, `securityContext.${path}`);
  return own !== undefined ? own : at(pod, `securityContext.${path}`);
}

/**
 * Every container the platform authors meets the `restricted` Pod Security Standard on its own —
 * non-root, no privilege escalation, every capability dropped, a seccomp profile — whatever the
 * namespace enforces, so a namespace relaxed to `baseline` for a chart does not relax these.
 */
export const restrictedSecurityContext: ResourceRule<RestrictedSecurityContextConfig> = {
  kind: "resource",
  pack: "security",
  name: "restricted-security-context",
  description:
    "Containers run non-root, without privilege escalation, " +
    "with ALL capabilities dropped and a RuntimeDefault seccomp profile.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: { readOnlyRootFilesystem: { type: "boolean" } } },
  defaults: { readOnlyRootFilesystem: false },
  validate(resource, config, report) {
    const kind = kubernetesKind(resource.type);
    if (!kind) return;
    for (const template of podTemplates(kind, resource.props)) {
      for (const { path, container } of containersOf(template)) {
        const where = `${objectName(kind, resource.props)} ${path} (${str(container.name) ?? "?"})`;
        const missing: string[] = [];
        if (bool(effective(container, template.spec, "runAsNonRoot")) !== true) missing.push("runAsNonRoot: true");
        if (bool(at(container, "securityContext.allowPrivilegeEscalation")) !== false)
          missing.push("allowPrivilegeEscalation: false");
        const drop = list(at(container, "securityContext.capabilities.drop"));
        if (!drop.includes("ALL")) missing.push("capabilities.drop: [ALL]");
        const seccomp = effective(container, template.spec, "seccompProfile");
        if (!isRecord(seccomp) || !["RuntimeDefault", "Localhost"].includes(str(seccomp.type) ?? ""))
          missing.push("seccompProfile.type: RuntimeDefault");
        if (config.readOnlyRootFilesystem && bool(at(container, "securityContext.readOnlyRootFilesystem")) !== true) {
          missing.push("readOnlyRootFilesystem: true");
        }
        if (missing.length > 0)
          report(`${where} lacks ${missing.join(", ")}; to comply, set them in its securityContext.`);
      }
    }
  },
};
