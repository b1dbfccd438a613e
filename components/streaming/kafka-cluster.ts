import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { newManifestChart } from "../k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT, nodeSelectorFor, type NodePlacement } from "../k8s/placement";
import { validateContainerSize, type ContainerSize } from "../k8s/workload-defaults";
import { addKafkaCluster, PLAIN_PORT, TLS_PORT, type KafkaStorage } from "./kafka-manifests";
import { PIPELINE_EVENT_TOPICS, validateKafkaTopics, type KafkaTopicSpec } from "./kafka-topics";
import { STRIMZI_CHART, type StrimziChartValues } from "./strimzi-chart-values";
import { helmValues } from "../k8s/helm-values";

export interface KafkaClusterArgs {
  /** Namespace of the operator and the cluster (the operator watches only this one), e.g. `serving`. */
  readonly namespace: pulumi.Input<string>;
  /** Name of the Kafka resource; the bootstrap Service is `<clusterName>-kafka-bootstrap`. @default "events" */
  readonly clusterName?: string;
  /** Dual-role (controller + broker) nodes: 1, or 3 and more. @default 1 */
  readonly nodes?: number;
  /** Rack awareness (`broker.rack` = node zone) and a hard spread of the nodes over zones. @default false */
  readonly spreadOverZones?: boolean;
  /** Storage per node. @default persistent 10Gi, PVCs deleted with the cluster unless `protect` */
  readonly storage?: KafkaStorage;
  /** Size of a Kafka node (heap is half the memory limit). @default 250m / 1Gi */
  readonly resources?: ContainerSize;
  /** Topics to declare. @default PIPELINE_EVENT_TOPICS */
  readonly topics?: readonly KafkaTopicSpec[];
  /** Node pool label and spot taint of the cluster. @default DEFAULT_PLACEMENT */
  readonly placement?: NodePlacement;
  /** Labels on the custom resources and the operator (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the cluster and its topics (and keep the PVCs) from deletion. @default false */
  readonly protect?: boolean;
}

/** Sizes per environment: one small node in dev; three across zones with rack awareness in prod. */
export const KAFKA_PRESETS: Readonly<Record<"dev" | "staging" | "prod", Pick<KafkaClusterArgs, "nodes" | "spreadOverZones" | "storage" | "resources">>> = {
  dev: { nodes: 1, spreadOverZones: false, storage: { kind: "persistent", size: "5Gi", deleteClaim: true }, resources: { cpu: "250m", memory: "1Gi" } },
  staging: { nodes: 3, spreadOverZones: true, storage: { kind: "persistent", size: "20Gi" }, resources: { cpu: "500m", memory: "2Gi" } },
  prod: { nodes: 3, spreadOverZones: true, storage: { kind: "persistent", size: "100Gi" }, resources: { cpu: "1", memory: "4Gi", cpuLimit: "2" } },
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems of {@link KafkaClusterArgs}, one line each naming the property. */
export function validateKafkaClusterArgs(args: KafkaClusterArgs): string[] {
  const problems: string[] = [];
  const clusterName = args.clusterName ?? "events";
  if (!DNS_LABEL.test(clusterName) || clusterName.length > 40) problems.push(`clusterName: got ${JSON.stringify(clusterName)}; expected a DNS label of at most 40 characters`);
  if (typeof args.namespace === "string" && !DNS_LABEL.test(args.namespace)) problems.push(`namespace: got ${JSON.stringify(args.namespace)}; expected a DNS label such as "serving"`);
  const nodes = args.nodes ?? 1;
  if (!Number.isInteger(nodes) || (nodes !== 1 && nodes < 3)) problems.push(`nodes: got ${nodes}; expected 1 (dev) or 3 and more (a KRaft quorum that survives a node)`);
  if (args.spreadOverZones && nodes < 3) problems.push(`spreadOverZones: needs at least 3 nodes, got ${nodes}`);
  const storage = args.storage;
  if (storage?.kind === "persistent" && !/^[1-9][0-9]*Gi$/.test(storage.size)) problems.push(`storage.size: got ${JSON.stringify(storage.size)}; expected whole Gi such as "100Gi"`);
  if (storage?.kind === "persistent" && storage.deleteClaim && args.protect) problems.push(`storage.deleteClaim: true contradicts protect: true; protected clusters keep their volumes`);
  if (storage?.kind === "ephemeral" && !/^[1-9][0-9]*Gi$/.test(storage.sizeLimit)) problems.push(`storage.sizeLimit: got ${JSON.stringify(storage.sizeLimit)}; expected whole Gi such as "5Gi"`);
  if (args.resources) problems.push(...validateContainerSize("resources", args.resources));
  problems.push(...validateKafkaTopics("topics", args.topics ?? PIPELINE_EVENT_TOPICS));
  return problems;
}

/** The operator chart's values; exported for tests of placement and security defaults. */
export function strimziChartValues(placement: NodePlacement, labels: Readonly<Record<string, string>>): StrimziChartValues {
  return {
    replicas: 1,
    watchNamespaces: [],
    watchAnyNamespace: false,
    resources: { requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "384Mi" } },
    nodeSelector: nodeSelectorFor("system", placement),
    tolerations: [],
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    extraEnvs: [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }],
    createGlobalResources: true,
    generateNetworkPolicy: true,
    labels: { ...labels, "app.kubernetes.io/part-of": "batch-platform" },
  };
}

/**
 * Kafka as the platform's event source: the Strimzi operator (upstream chart, pinned) watching its
 * own namespace, and a KRaft cluster of one dual-role KafkaNodePool with the declared KafkaTopics,
 * authored as typed cdk8s ApiObjects (validated by `STRIMZI_VALIDATORS` in the plan). Brokers run on
 * the stateful pool; in prod three nodes spread over zones with rack awareness and RF 3.
 */
export class KafkaCluster extends pulumi.ComponentResource {
  /** In-cluster plaintext bootstrap servers, `<cluster>-kafka-bootstrap.<ns>.svc.cluster.local:9092`. */
  readonly bootstrapServers: pulumi.Output<string>;
  /** TLS bootstrap servers on 9093 (cluster CA in the Secret `<cluster>-cluster-ca-cert`). */
  readonly tlsBootstrapServers: pulumi.Output<string>;
  readonly clusterName: string;
  /** The declared topics, for consumers such as Trino's Kafka catalog. */
  readonly topics: readonly KafkaTopicSpec[];

  constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("KafkaCluster", validateKafkaClusterArgs(args));
    super("batch-platform:streaming:KafkaCluster", name, {}, opts);
    const clusterName = args.clusterName ?? "events";
    const placement = args.placement ?? DEFAULT_PLACEMENT;
    const labels = args.labels ?? {};
    const topics = args.topics ?? PIPELINE_EVENT_TOPICS;
    const protect = args.protect ?? false;

    const operator = new Chart(
      `${name}-operator`,
      {
        name: "strimzi",
        chart: STRIMZI_CHART.chart,
        version: STRIMZI_CHART.version,
        repositoryOpts: { repo: STRIMZI_CHART.repo },
        namespace: args.namespace,
        values: helmValues(strimziChartValues(placement, labels)),
      },
      { parent: this },
    );

    const objs = pulumi.output(args.namespace).apply((namespace) => {
      const chart = newManifestChart(name, namespace);
      addKafkaCluster(chart, {
        clusterName,
        namespace,
        nodes: args.nodes ?? 1,
        spreadOverZones: args.spreadOverZones ?? false,
        storage: args.storage ?? { kind: "persistent", size: "10Gi", deleteClaim: !protect },
        resources: args.resources ?? { cpu: "250m", memory: "1Gi" },
        topics,
        placement,
        labels,
      });
      return chart.toJson();
    });
    // The custom resources need the chart's CRDs and a running operator.
    new ConfigGroup(`${name}-cluster`, { objs }, { parent: this, dependsOn: [operator], ...dataProtection(protect) });

    this.clusterName = clusterName;
    this.topics = topics;
    this.bootstrapServers = pulumi.interpolate`${clusterName}-kafka-bootstrap.${args.namespace}.svc.cluster.local:${PLAIN_PORT}`;
    this.tlsBootstrapServers = pulumi.interpolate`${clusterName}-kafka-bootstrap.${args.namespace}.svc.cluster.local:${TLS_PORT}`;
    this.registerOutputs({ bootstrapServers: this.bootstrapServers, tlsBootstrapServers: this.tlsBootstrapServers });
  }
}
