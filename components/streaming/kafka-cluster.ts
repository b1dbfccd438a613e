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
import { restrictedContainerSecurity } from "../k8s/value-types";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { ApiObject } from "cdk8s";
import type { Listener } from "../k8s/listener";
import { serverCertificate, serviceDnsNames, type TlsSettings } from "../tls/certificates";
import { retainCustomResourceDefinitions } from "../k8s/retained-crds";

/** A Kafka client: its own KafkaUser (SCRAM-SHA-512) reading the topics it needs, credentials in its namespace. */
export interface KafkaConsumer {
  /** KafkaUser name and SCRAM username, e.g. `trino`. */
  readonly name: string;
  /** Where its credentials Secret `<name>-kafka-credentials` goes. */
  readonly namespace: string;
  /** Topics it reads. @default every declared topic */
  readonly topics?: readonly string[];
}

/** A consumer's credentials Secret: `username`, `password` and a Kafka `client.properties` with the JAAS login. */
export interface KafkaCredentials {
  readonly secretName: string;
  readonly clientPropertiesKey: "client.properties";
}

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
  /** The clients; each gets a KafkaUser, and only their namespaces reach the brokers. @default [] */
  readonly consumers?: readonly KafkaConsumer[];
  /** TLS on the client listener with a broker certificate from this issuer. @default SCRAM over plaintext (dev only) */
  readonly tls?: TlsSettings;
}

/** Sizes per environment: one small node in dev; three across zones with rack awareness in prod. */
export const KAFKA_PRESETS: Readonly<
  Record<"dev" | "staging" | "prod", Pick<KafkaClusterArgs, "nodes" | "spreadOverZones" | "storage" | "resources">>
> = {
  dev: {
    nodes: 1,
    spreadOverZones: false,
    storage: { kind: "persistent", size: "5Gi", deleteClaim: true },
    resources: { cpu: "250m", memory: "1Gi" },
  },
  staging: {
    nodes: 3,
    spreadOverZones: true,
    storage: { kind: "persistent", size: "20Gi" },
    resources: { cpu: "500m", memory: "2Gi" },
  },
  prod: {
    nodes: 3,
    spreadOverZones: true,
    storage: { kind: "persistent", size: "100Gi" },
    resources: { cpu: "1", memory: "4Gi", cpuLimit: "2" },
  },
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems of {@link KafkaClusterArgs}, one line each naming the property. */
export function validateKafkaClusterArgs(args: KafkaClusterArgs): string[] {
  const problems: string[] = [];
  const clusterName = args.clusterName ?? "events";
  if (!DNS_LABEL.test(clusterName) || clusterName.length > 40)
    problems.push(`clusterName: got ${JSON.stringify(clusterName)}; expected a DNS label of at most 40 characters`);
  if (typeof args.namespace === "string" && !DNS_LABEL.test(args.namespace))
    problems.push(`namespace: got ${JSON.stringify(args.namespace)}; expected a DNS label such as "serving"`);
  const nodes = args.nodes ?? 1;
  if (!Number.isInteger(nodes) || (nodes !== 1 && nodes < 3))
    problems.push(`nodes: got ${nodes}; expected 1 (dev) or 3 and more (a KRaft quorum that survives a node)`);
  if (args.spreadOverZones && nodes < 3) problems.push(`spreadOverZones: needs at least 3 nodes, got ${nodes}`);
  const storage = args.storage;
  if (storage?.kind === "persistent" && !/^[1-9][0-9]*Gi$/.test(storage.size))
    problems.push(`storage.size: got ${JSON.stringify(storage.size)}; expected whole Gi such as "100Gi"`);
  if (storage?.kind === "persistent" && storage.deleteClaim && args.protect)
    problems.push(`storage.deleteClaim: true contradicts protect: true; protected clusters keep their volumes`);
  if (storage?.kind === "ephemeral" && !/^[1-9][0-9]*Gi$/.test(storage.sizeLimit))
    problems.push(`storage.sizeLimit: got ${JSON.stringify(storage.sizeLimit)}; expected whole Gi such as "5Gi"`);
  if (args.resources) problems.push(...validateContainerSize("resources", args.resources));
  problems.push(...validateKafkaTopics("topics", args.topics ?? PIPELINE_EVENT_TOPICS));
  return problems;
}

/** The operator chart's values; exported for tests of placement and security defaults. */
export function strimziChartValues(
  placement: NodePlacement,
  labels: Readonly<Record<string, string>>,
): StrimziChartValues {
  return {
    replicas: 1,
    watchNamespaces: [],
    watchAnyNamespace: false,
    resources: { requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "384Mi" } },
    nodeSelector: nodeSelectorFor("system", placement),
    tolerations: [],
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: restrictedContainerSecurity(true),
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
  /** `SASL_SSL`, or `SASL_PLAINTEXT` where TLS is off. */
  readonly securityProtocol: "SASL_SSL" | "SASL_PLAINTEXT";
  /** Each consumer's credentials Secret, by consumer name. */
  readonly credentials: Readonly<Record<string, KafkaCredentials>>;
  readonly listeners: readonly Listener[];

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
      { parent: this, transforms: [retainCustomResourceDefinitions] },
    );

    const consumers = args.consumers ?? [];
    const componentLabels = {
      ...labels,
      "app.kubernetes.io/part-of": "batch-platform",
      "app.kubernetes.io/component": "streaming",
    };
    const protocol = args.tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    const port = args.tls ? TLS_PORT : PLAIN_PORT;
    const credentials: Record<string, KafkaCredentials> = {};
    const secrets: pulumi.Resource[] = [];
    for (const consumer of consumers) {
      const password = new RandomPassword(
        `${name}-${consumer.name}-password`,
        { length: 32, special: false },
        { parent: this },
      );
      const secret = (
        resourceName: string,
        secretName: string,
        namespace: pulumi.Input<string>,
        data: Record<string, pulumi.Input<string>>,
      ) =>
        new Secret(
          resourceName,
          { metadata: { name: secretName, namespace, labels: componentLabels }, type: "Opaque", stringData: data },
          { parent: this },
        );
      // The User Operator reads the password from here; the consumer reads its copy in its own namespace.
      secrets.push(
        secret(`${name}-${consumer.name}-password`, `${consumer.name}-kafka-password`, args.namespace, {
          password: password.result,
        }),
      );
      const jaas = pulumi.interpolate`org.apache.kafka.common.security.scram.ScramLoginModule required username="${consumer.name}" password="${password.result}";`;
      const properties = pulumi.interpolate`security.protocol=${protocol}\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=${jaas}\n`;
      const secretName = `${consumer.name}-kafka-credentials`;
      secrets.push(
        secret(`${name}-${consumer.name}-credentials`, secretName, consumer.namespace, {
          username: consumer.name,
          password: password.result,
          "client.properties": properties,
        }),
      );
      credentials[consumer.name] = { secretName, clientPropertiesKey: "client.properties" };
    }
    const brokerSecret = `${clusterName}-broker-tls`;
    if (args.tls) {
      const tlsChart = newManifestChart(`${name}-tls`);
      const namespace = String(args.namespace);
      const brokers = `${clusterName}-kafka-brokers`;
      const dnsNames = [
        ...serviceDnsNames(`${clusterName}-kafka-bootstrap`, namespace),
        `*.${brokers}.${namespace}.svc`,
        `*.${brokers}.${namespace}.svc.cluster.local`,
      ];
      new ApiObject(
        tlsChart,
        "certificate",
        serverCertificate({
          name: brokerSecret,
          namespace,
          dnsNames,
          issuer: args.tls.issuer,
          labels: componentLabels,
        }),
      );
      secrets.push(new ConfigGroup(`${name}-tls`, { objs: tlsChart.toJson() }, { parent: this }));
    }

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
        ...(args.tls ? { brokerCertificateSecret: brokerSecret } : {}),
        clientNamespaces: [...new Set(consumers.map((c) => c.namespace))].sort(),
        users: consumers.map((c) => ({
          name: c.name,
          passwordSecretName: `${c.name}-kafka-password`,
          readTopics: c.topics ?? topics.map((t) => t.name),
        })),
      });
      return chart.toJson();
    });
    // The custom resources need the chart's CRDs and a running operator.
    new ConfigGroup(
      `${name}-cluster`,
      { objs },
      { parent: this, dependsOn: [operator, ...secrets], ...dataProtection(protect) },
    );

    this.clusterName = clusterName;
    this.topics = topics;
    this.securityProtocol = protocol;
    this.credentials = credentials;
    this.listeners = [
      {
        component: "kafka",
        name: args.tls ? "tls" : "scram",
        kind: "broker",
        namespace: typeof args.namespace === "string" ? args.namespace : "(namespace)",
        service: `${clusterName}-kafka-bootstrap`,
        port,
        tls: args.tls ? "tls" : "none",
        certificate: args.tls ? `cert-manager Certificate ${brokerSecret} (brokerCertChainAndKey)` : "",
        authentication: "scram-sha-512",
        authorization: "KafkaUser ACLs (simple authorizer); NetworkPolicy peers: the consumers' namespaces",
      },
    ];
    this.bootstrapServers = pulumi.interpolate`${clusterName}-kafka-bootstrap.${args.namespace}.svc.cluster.local:${port}`;
    this.tlsBootstrapServers = pulumi.interpolate`${clusterName}-kafka-bootstrap.${args.namespace}.svc.cluster.local:${TLS_PORT}`;
    this.registerOutputs({ bootstrapServers: this.bootstrapServers, tlsBootstrapServers: this.tlsBootstrapServers });
  }
}
