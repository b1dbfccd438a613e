import type { ResourceRule } from "./rule";
import { chartName, isHelmChart, valueNodes, valuesVisible } from "../model/helm";
import { isRecord, str } from "../model/values";
import { kubernetesKind, objectName } from "../model/workloads";

export interface NoLoadBalancerServicesConfig {
  /** Allow LoadBalancer Services at all in this environment. */
  readonly allowLoadBalancers: boolean;
  /** `namespace/name` of Services (or `chart:<name>` of charts) allowed one anyway. */
  readonly allowedServices: readonly string[];
}

/** Each LoadBalancer Service is a billed cloud load balancer and a public entry point; use Ingress or port-forward. */
export const noLoadBalancerServices: ResourceRule<NoLoadBalancerServicesConfig> = {
  kind: "resource",
  pack: "cost",
  name: "no-load-balancer-services",
  description: "No Kubernetes Service of type LoadBalancer unless the environment's config allows it.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { allowLoadBalancers: { type: "boolean" }, allowedServices: { type: "array", items: { type: "string" } } } },
  defaults: { allowLoadBalancers: false, allowedServices: [] },
  validate(resource, config, report) {
    if (config.allowLoadBalancers) return;
    const comply = "use type ClusterIP behind an Ingress (or allow it in no-load-balancer-services.allowedServices)";
    if (isHelmChart(resource.type)) {
      const chart = chartName(resource.props) ?? resource.name;
      const values = resource.props.values;
      if (!valuesVisible(values) || config.allowedServices.includes(`chart:${chart}`)) return;
      for (const node of valueNodes(values)) {
        if (/service/i.test(node.key) && isRecord(node.value) && node.value.type === "LoadBalancer") {
          report(`chart ${chart} values ${node.path}.type is LoadBalancer; to comply, ${comply}.`);
        }
      }
      return;
    }
    if (kubernetesKind(resource.type) !== "Service") return;
    const spec = resource.props.spec;
    if (!isRecord(spec) || spec.type !== "LoadBalancer") return;
    const metadata = isRecord(resource.props.metadata) ? resource.props.metadata : {};
    const key = `${str(metadata.namespace) ?? "default"}/${str(metadata.name) ?? resource.name}`;
    if (config.allowedServices.includes(key)) return;
    report(`${objectName("Service", resource.props)} is of type LoadBalancer; to comply, ${comply}.`);
  },
};
