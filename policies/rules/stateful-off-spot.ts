import type { ResourceRule } from "./rule";
import { chartName, isHelmChart, valueNodes, valuesVisible } from "../model/helm";
import { describePool, nodePoolsOf } from "../model/node-pools";
import { anyToleratesSpot, requiredNodeLabels, selectsSpot, SPOT_TAINT, toleratesSpot } from "../model/placement";
import { isRecord, stringMap } from "../model/values";
import { kubernetesKind, objectName, podTemplates, SPARK_APPLICATION_KINDS } from "../model/workloads";

export interface StatefulOffSpotConfig {
  /** Charts of stateful systems whose values must not place pods on spot nodes. */
  readonly statefulCharts: readonly string[];
}

const SPOT_TAINT_KEYS = new Set([SPOT_TAINT.key, "cloud.google.com/gke-spot", "kubernetes.azure.com/scalesetpriority"]);

/**
 * A spot eviction kills the Spark driver (and the whole job with it) or a database replica, so
 * drivers and stateful sets stay off spot; and spot pools carry a taint so nothing lands there by accident.
 */
export const statefulOffSpot: ResourceRule<StatefulOffSpotConfig> = {
  kind: "resource",
  pack: "placement",
  name: "stateful-off-spot",
  description: "Spark drivers and stateful workloads neither select nor tolerate spot nodes; spot pools are tainted.",
  severity: "high",
  enforcementLevel: "advisory",
  configSchema: { properties: { statefulCharts: { type: "array", items: { type: "string" } } } },
  defaults: { statefulCharts: ["minio", "yugabyte", "postgresql", "redis", "strimzi-kafka-operator", "kafka"] },
  validate(resource, config, report) {
    const comply = "remove the spot toleration/selector and select the stateful pool (nodeSelector {\"batch-platform.io/pool\": \"stateful\"})";
    for (const pool of nodePoolsOf(resource.type, resource.props, resource.name)) {
      // AKS taints spot pools itself (kubernetes.azure.com/scalesetpriority=spot:NoSchedule); GKE does not.
      if (!pool.spot || pool.cloud === "aks") continue;
      const tainted = pool.taints.some((t) => t.key !== undefined && SPOT_TAINT_KEYS.has(t.key) && /^no_?schedule$/i.test(t.effect ?? ""));
      if (!tainted) report(`${describePool(pool)} is spot but has no NoSchedule taint; to comply, add nodeConfig.taints [{key: "${SPOT_TAINT.key}", value: "true", effect: "NO_SCHEDULE"}].`);
    }
    if (isHelmChart(resource.type)) {
      const chart = chartName(resource.props);
      const values = resource.props.values;
      if (chart === undefined || !config.statefulCharts.includes(chart) || !valuesVisible(values)) return;
      for (const node of valueNodes(values)) {
        if (node.key === "tolerations" && Array.isArray(node.value) && node.value.some((t) => isRecord(t) && toleratesSpot(t))) {
          report(`chart ${chart} (stateful) values ${node.path} tolerate spot nodes; to comply, ${comply}.`);
        }
        if (node.key === "nodeSelector" && selectsSpot(stringMap(node.value))) {
          report(`chart ${chart} (stateful) values ${node.path} select spot nodes; to comply, ${comply}.`);
        }
      }
      return;
    }
    const kind = kubernetesKind(resource.type);
    if (kind === undefined) return;
    const isSpark = SPARK_APPLICATION_KINDS.has(kind);
    if (!isSpark && kind !== "StatefulSet") return;
    for (const template of podTemplates(kind, resource.props)) {
      if (isSpark && !template.path.endsWith("driver")) continue;
      const found: string[] = [];
      if (anyToleratesSpot(template.spec.tolerations)) found.push("tolerates the spot taint");
      if (selectsSpot(requiredNodeLabels(template.spec))) found.push("selects spot nodes");
      if (found.length > 0) report(`${objectName(kind, resource.props)} ${template.path} ${found.join(" and ")}; to comply, ${comply}.`);
    }
  },
};
