import type { ResourceRule } from "./rule";
import { isHelmChart } from "../model/helm";
import { at, str } from "../model/values";
import { CLUSTER_SCOPED_KINDS, kubernetesKind, objectName } from "../model/workloads";

const NOT_OBJECTS = new Set(["ConfigGroup", "ConfigFile", "Directory", "Kustomize"]);

/** `default` has no quotas, NetworkPolicies or owner: everything goes into a namespace of its own. */
export const noDefaultNamespace: ResourceRule<Record<string, never>> = {
  kind: "resource",
  pack: "placement",
  name: "no-default-namespace",
  description: "No namespaced Kubernetes object or Helm release lands in the `default` namespace.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: {} },
  defaults: {},
  validate(resource, _config, report) {
    // Without an explicit namespace, objects go to the provider's namespace, else `default`.
    const providerNamespace = resource.provider?.type === "pulumi:providers:kubernetes" ? str(resource.provider.props.namespace) : undefined;
    if (isHelmChart(resource.type)) {
      const namespace = str(resource.props.namespace) ?? providerNamespace;
      if (namespace === undefined || namespace === "default") {
        report(`chart ${str(resource.props.chart) ?? resource.name} is installed into ${namespace === undefined ? "no namespace (so default)" : "default"}; to comply, set namespace to the component's own namespace.`);
      }
      return;
    }
    const kind = kubernetesKind(resource.type);
    if (kind === undefined || resource.type.includes("helm.sh") || NOT_OBJECTS.has(kind) || CLUSTER_SCOPED_KINDS.has(kind)) return;
    const namespace = str(at(resource.props, "metadata.namespace")) ?? providerNamespace;
    if (namespace === undefined || namespace === "default") {
      report(`${objectName(kind, resource.props)} is in ${namespace === undefined ? "no namespace (so default)" : "default"}; to comply, set metadata.namespace to the component's own namespace.`);
    }
  },
};
