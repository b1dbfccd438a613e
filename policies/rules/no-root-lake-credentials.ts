import type { RuleResource, StackRule } from "./rule";
import { chartName, isHelmChart, valueNodes, valuesVisible } from "../model/helm";
import { at, record, records, str, type Props } from "../model/values";
import {
  containersOf,
  kubernetesKind,
  objectName,
  podTemplates,
  SPARK_APPLICATION_KINDS,
  type PodTemplate,
} from "../model/workloads";

export interface NoRootLakeCredentialsConfig {
  /** Charts that hold the lake's root credentials themselves (the lake's own release). */
  readonly lakeCharts: readonly string[];
  /**
   * `app.kubernetes.io/component` labels of the lake's own workloads in its release's namespace:
   * the setup Job that creates buckets, users and policies, which only the root key may do.
   */
  readonly lakeWorkloads: readonly string[];
}

/** Secret names a pod template reads (env, envFrom, volumes, projected volumes). */
function secretsReadBy(template: PodTemplate): Set<string> {
  const names = new Set<string>();
  const add = (value: unknown) => {
    const name = str(value);
    if (name) names.add(name);
  };
  for (const { container } of containersOf(template)) {
    for (const env of records(container.env)) add(at(env, "valueFrom.secretKeyRef.name"));
    for (const from of records(container.envFrom)) add(at(from, "secretRef.name"));
  }
  // A SparkApplication role's own `env` is its Spark container's.
  for (const env of records(template.spec.env)) add(at(env, "valueFrom.secretKeyRef.name"));
  for (const volume of records(template.spec.volumes)) {
    add(at(volume, "secret.secretName"));
    for (const source of records(at(volume, "projected.sources"))) add(at(source, "secret.name"));
  }
  return names;
}

/**
 * The component a workload belongs to, from its labels (for "shared" credentials). The
 * SparkApplications of one driver service account are one engine's jobs: one identity.
 */
function componentOf(kind: string, props: Props): string {
  const account = str(at(props, "spec.driver.serviceAccount"));
  if (SPARK_APPLICATION_KINDS.has(kind) && account) return `the Spark jobs of service account ${account}`;
  const labels = record(at(props, "metadata.labels"));
  return (
    str(labels["app.kubernetes.io/name"]) ??
    str(labels["app.kubernetes.io/component"]) ??
    str(at(props, "metadata.name")) ??
    "?"
  );
}

/**
 * No workload holds the lake's root credentials, and no lake credentials Secret is shared by two
 * components: each consumer has its own identity with only its grants, so a leak exposes one
 * consumer's zones, not the lake (and revoking one consumer breaks no other).
 */
export const noRootLakeCredentials: StackRule<NoRootLakeCredentialsConfig> = {
  kind: "stack",
  pack: "security",
  name: "no-root-lake-credentials",
  description:
    "No workload reads the lake's root credentials Secret, " +
    "and no lake credentials Secret is shared between components.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      lakeCharts: { type: "array", items: { type: "string" } },
      lakeWorkloads: { type: "array", items: { type: "string" } },
    },
  },
  defaults: { lakeCharts: ["minio"], lakeWorkloads: ["lake-setup"] },
  validate(stack, config, report) {
    const roots = new Set<string>();
    const lakeNamespaces = new Set<string>();
    for (const resource of stack.resources) {
      if (!isHelmChart(resource.type) || !config.lakeCharts.includes(chartName(resource.props) ?? "")) continue;
      const secret = str(at(resource.props, "values.existingSecret"));
      if (secret) roots.add(secret);
      const namespace = str(resource.props.namespace);
      if (namespace) lakeNamespaces.add(namespace);
    }
    // The lake's own setup Job, in the lake release's namespace, administers users and policies.
    const lakeOwn = (props: Props) => {
      const component = str(record(at(props, "metadata.labels"))["app.kubernetes.io/component"]) ?? "";
      return lakeNamespaces.has(str(at(props, "metadata.namespace")) ?? "") && config.lakeWorkloads.includes(component);
    };
    const comply = "give the workload its own lake identity with grants for the zones it needs (DataLake.grant)";
    // Lake credentials Secrets: by name, as the platform names them (`<consumer>-lake-credentials`).
    const readers = new Map<string, { component: string; where: string; urn: string }[]>();
    const workloads = (resource: RuleResource) => {
      const kind = kubernetesKind(resource.type);
      return kind ? podTemplates(kind, resource.props).map((template) => ({ kind, template })) : [];
    };
    for (const resource of stack.resources) {
      if (isHelmChart(resource.type)) {
        const chart = chartName(resource.props) ?? resource.name;
        const values = resource.props.values;
        if (config.lakeCharts.includes(chart) || !valuesVisible(values)) continue;
        for (const node of valueNodes(values)) {
          if (typeof node.value === "string" && roots.has(node.value)) {
            report(
              `chart ${chart} values ${node.path} names the lake's root credentials Secret ${node.value}; ` +
                `to comply, ${comply}.`,
              resource.urn,
            );
          }
        }
        continue;
      }
      for (const { kind, template } of workloads(resource)) {
        const where = `${objectName(kind, resource.props)} ${template.path}`;
        for (const secret of secretsReadBy(template)) {
          if (roots.has(secret) && !lakeOwn(resource.props))
            report(`${where} reads the lake's root credentials Secret ${secret}; to comply, ${comply}.`, resource.urn);
          if (/lake-credentials$/.test(secret)) {
            const namespace = str(at(resource.props, "metadata.namespace")) ?? "";
            const key = `${namespace}/${secret}`;
            readers.set(key, [
              ...(readers.get(key) ?? []),
              { component: componentOf(kind, resource.props), where, urn: resource.urn },
            ]);
          }
        }
      }
    }
    for (const [secret, users] of [...readers.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const components = [...new Set(users.map((u) => u.component))].sort();
      if (components.length < 2) continue;
      report(
        `lake credentials Secret ${secret} is shared by ${components.join(", ")}; to comply, ${comply}.`,
        users[0].urn,
      );
    }
  },
};
