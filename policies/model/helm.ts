import { isRecord, str, SECRET_MARKER, UNKNOWN_MARKER, type Props } from "./values";

/** Helm charts as Pulumi resources; offline only their inputs (chart, version, values) are visible. */
export const HELM_CHART_TYPES = new Set(["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v3:Release"]);

export function isHelmChart(type: string): boolean {
  return HELM_CHART_TYPES.has(type);
}

/** `minio`, also from `oci://registry/charts/minio` or `bitnami/postgresql`. */
export function chartName(props: Props): string | undefined {
  const chart = str(props.chart);
  if (!chart) return undefined;
  const parts = chart.split("/");
  return parts[parts.length - 1].toLowerCase();
}

/** One object node inside chart values: its path (`workers.resources`), the node and its parent. */
export interface ValuesNode {
  readonly path: string;
  readonly key: string;
  readonly value: unknown;
  readonly parent: Props;
}

/** Whether the values can be inspected at all (masked or unknown values cannot). */
export function valuesVisible(values: unknown): values is Props {
  return isRecord(values);
}

/** Every keyed node in chart values, depth first, in key order. */
export function valueNodes(values: unknown): ValuesNode[] {
  const out: ValuesNode[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (!isRecord(node)) return;
    for (const key of Object.keys(node)) {
      const value = node[key];
      const childPath = path ? `${path}.${key}` : key;
      out.push({ path: childPath, key, value, parent: node });
      visit(value, childPath);
    }
  };
  visit(values, "");
  return out;
}

/** Replica count next to a values node (`replicas`, `replicaCount`), 1 when absent. */
export function siblingReplicas(parent: Props): number {
  for (const key of ["replicas", "replicaCount"]) {
    const value = parent[key];
    if (typeof value === "number" && Number.isFinite(value)) return value;
  }
  return 1;
}

/** A values string that is a real value. */
export function isMaskedOrUnknown(value: unknown): boolean {
  return value === SECRET_MARKER || value === UNKNOWN_MARKER;
}
