import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import { newManifestChart } from "../../components/k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT } from "../../components/k8s/placement";
import { KAFKA_PRESETS, KafkaCluster, validateKafkaClusterArgs, type KafkaClusterArgs } from "../../components/streaming/kafka-cluster";
import {
  addKafkaCluster,
  clientListener,
  kafkaCluster,
  kafkaNodePool,
  kafkaTopic,
  type KafkaClusterManifestProps,
} from "../../components/streaming/kafka-manifests";
import { PIPELINE_EVENT_TOPICS } from "../../components/streaming/kafka-topics";
import { STRIMZI_CHART } from "../../components/streaming/strimzi-chart-values";
import { STRIMZI_VALIDATORS, validateStrimziKafka, validateStrimziKafkaNodePool, validateStrimziKafkaTopic } from "../../components/streaming/strimzi-schema";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";
import { asPlanResources, configGroupObjs, findObject, mandatoryFindings, type K8sObject } from "../helpers/workload-assertions";

const prodArgs: KafkaClusterArgs = { namespace: "serving", ...KAFKA_PRESETS.prod, protect: true, labels: { costCenter: "data-platform" } };

function props(overrides: Partial<KafkaClusterManifestProps> = {}): KafkaClusterManifestProps {
  return {
    clusterName: "events",
    namespace: "serving",
    nodes: 1,
    spreadOverZones: false,
    storage: { kind: "persistent", size: "5Gi", deleteClaim: true },
    resources: { cpu: "250m", memory: "1Gi" },
    topics: PIPELINE_EVENT_TOPICS,
    placement: DEFAULT_PLACEMENT,
    labels: {},
    clientNamespaces: ["query"],
    users: [],
    ...overrides,
  };
}

describe("KafkaCluster (prod)", () => {
  let capture: RegistrationCapture;
  let kafka: KafkaCluster;
  let objs: K8sObject[];
  let operator: PlanResource;
  beforeAll(async () => {
    capture = await mockPulumi();
    kafka = new KafkaCluster("kafka", prodArgs);
    objs = await configGroupObjs(capture, "kafka-cluster");
    [operator] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
  });

  it("installs the pinned Strimzi chart watching only its namespace, non-root, on the system pool", () => {
    expect(operator.inputs).toMatchObject({ chart: STRIMZI_CHART.chart, version: STRIMZI_CHART.version, repositoryOpts: { repo: STRIMZI_CHART.repo }, namespace: "serving" });
    const values = operator.inputs.values as Record<string, unknown>;
    expect(values).toMatchObject({ watchNamespaces: [], watchAnyNamespace: false, nodeSelector: { "batch-platform.io/pool": "system" }, tolerations: [] });
    expect(values.extraEnvs).toEqual([{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }]);
    expect(values.resources).toEqual({ requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "384Mi" } });
  });

  it("exposes the bootstrap servers", async () => {
    expect(await valueOf(kafka.bootstrapServers)).toBe("events-kafka-bootstrap.serving.svc.cluster.local:9092");
    expect(await valueOf(kafka.tlsBootstrapServers)).toBe("events-kafka-bootstrap.serving.svc.cluster.local:9093");
    expect(kafka.topics.map((t) => t.name)).toEqual(["orders-events", "card-transactions"]);
  });

  it("runs 3 KRaft dual-role nodes spread over zones with rack awareness and RF 3", () => {
    const pool = findObject(objs, "KafkaNodePool", "dual-role") as unknown as ReturnType<typeof kafkaNodePool>;
    expect(pool.spec.replicas).toBe(3);
    expect(pool.spec.roles).toEqual(["controller", "broker"]);
    expect(pool.spec.template.pod.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { "strimzi.io/cluster": "events", "strimzi.io/pool-name": "dual-role" } } },
    ]);
    const cluster = findObject(objs, "Kafka", "events") as unknown as ReturnType<typeof kafkaCluster>;
    expect(cluster.spec.kafka.rack).toEqual({ topologyKey: "topology.kubernetes.io/zone" });
    expect(cluster.spec.kafka.config).toMatchObject({ "default.replication.factor": 3, "min.insync.replicas": 2, "offsets.topic.replication.factor": 3, "auto.create.topics.enable": false });
    // Strimzi 1.x runs KRaft with node pools only: the annotations 0.45 needed are gone (1.x ignores them).
    expect(cluster.metadata).not.toHaveProperty("annotations");
    expect(cluster.apiVersion).toBe("kafka.strimzi.io/v1");
    expect(cluster.spec.kafka).toMatchObject({ version: "4.3.1", metadataVersion: "4.3-IV0" });
    const topic = findObject(objs, "KafkaTopic", "card-transactions") as unknown as ReturnType<typeof kafkaTopic>;
    expect(topic.spec).toMatchObject({ topicName: "card-transactions", partitions: 12, replicas: 3, config: { "min.insync.replicas": 2, "retention.ms": 72 * 3_600_000 } });
  });

  it("keeps brokers on the stateful pool, off spot, with requests, limits and retained volumes", () => {
    const pool = findObject(objs, "KafkaNodePool", "dual-role") as unknown as ReturnType<typeof kafkaNodePool>;
    expect(pool.spec.template.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "batch-platform.io/pool", operator: "In", values: ["stateful"] }] },
    ]);
    expect(pool.spec.template.pod.tolerations).toBeUndefined();
    expect(pool.spec.resources).toEqual({ requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "4Gi" } });
    expect(pool.spec.storage.volumes).toEqual([{ id: 0, type: "persistent-claim", size: "100Gi", deleteClaim: false, kraftMetadata: "shared" }]);
  });

  it("protects the cluster's resources and orders them after the operator", async () => {
    const [group] = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).filter((g) => g.name === "kafka-cluster");
    expect(group.options).toMatchObject({ protect: true, retainOnDelete: true, dependsOn: [operator.urn] });
  });

  it("emits custom resources valid against the Strimzi validators (and nothing the plan cannot validate)", async () => {
    await capture.settled();
    expect(await mandatoryFindings(capture.captured(), STRIMZI_VALIDATORS)).toEqual([]);
    for (const obj of objs) expect(STRIMZI_VALIDATORS[`${String(obj.apiVersion)}/${obj.kind}`], obj.kind).toBeDefined();
  });
});

describe("Kafka manifests (dev)", () => {
  it("run one node without rack awareness and RF 1, and synthesize valid", async () => {
    const chart = newManifestChart("kafka", "serving");
    addKafkaCluster(chart, props());
    const objs = chart.toJson();
    expect(await mandatoryFindings(asPlanResources(objs), STRIMZI_VALIDATORS)).toEqual([]);
    const cluster = kafkaCluster(props());
    expect(cluster.spec.kafka.rack).toBeUndefined();
    expect(cluster.spec.kafka.config).toMatchObject({ "default.replication.factor": 1, "min.insync.replicas": 1 });
    expect(kafkaNodePool(props()).spec.replicas).toBe(1);
    expect(objs).toMatchSnapshot();
  });
});

describe("Strimzi validators", () => {
  it("report a field the CRD does not define, a bad enum and a missing cluster label", () => {
    const pool = kafkaNodePool(props()) as unknown as { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> };
    const broken = { ...pool, metadata: { ...pool.metadata, labels: {} }, spec: { ...pool.spec, roles: ["leader"], tolerations: [] } };
    expect(validateStrimziKafkaNodePool(broken)).toEqual([
      'spec.roles[0]: got "leader"; expected one of controller, broker',
      "spec.tolerations: not a field of KafkaNodePool kafka.strimzi.io/v1; the API server would silently prune it",
      "metadata.labels.strimzi.io/cluster: missing; the operator ignores a resource that does not name its Kafka cluster",
    ]);
  });

  it("require valid listeners on a Kafka and refuse the v1beta2 API Strimzi 1.x no longer serves", () => {
    const cluster = kafkaCluster(props());
    const broken = { ...cluster, metadata: { name: "events", namespace: "serving" }, spec: { ...cluster.spec, kafka: { ...cluster.spec.kafka, listeners: [{ name: "plain-text", port: 80, type: "internal", tls: false }] } } };
    expect(validateStrimziKafka(broken)).toEqual([
      'spec.kafka.listeners[0].name: got "plain-text"; expected 1 to 11 lowercase letters or digits',
      expect.stringMatching(/^spec\.kafka\.listeners\[0\]\.port: got 80; expected/),
    ]);
    expect(validateStrimziKafka({ ...cluster, apiVersion: "kafka.strimzi.io/v1beta2" })).toEqual([
      expect.stringMatching(/^apiVersion: got "kafka\.strimzi\.io\/v1beta2"; expected/),
    ]);
  });

  it("bound topic replicas and partitions", () => {
    const topic = kafkaTopic(props(), PIPELINE_EVENT_TOPICS[0]);
    expect(validateStrimziKafkaTopic(topic)).toEqual([]);
    expect(validateStrimziKafkaTopic({ ...topic, spec: { ...topic.spec, partitions: 0 } })).toEqual([expect.stringMatching(/^spec\.partitions: got 0; expected/)]);
  });

  it("reject a two-node cluster, zone spread without three nodes and duplicate topics", () => {
    expect(validateKafkaClusterArgs({ namespace: "serving", nodes: 2 })).toEqual([expect.stringMatching(/^nodes: got 2; expected 1 \(dev\) or 3 and more/)]);
    expect(validateKafkaClusterArgs({ namespace: "serving", spreadOverZones: true })).toEqual(["spreadOverZones: needs at least 3 nodes, got 1"]);
    expect(validateKafkaClusterArgs({ namespace: "serving", topics: [PIPELINE_EVENT_TOPICS[0], PIPELINE_EVENT_TOPICS[0]] })).toEqual(['topics[1].name: "orders-events" is declared twice']);
    expect(() => new KafkaCluster("bad", { namespace: "serving", nodes: 3, storage: { kind: "persistent", size: "10Gi", deleteClaim: true }, protect: true })).toThrow(/storage\.deleteClaim: true contradicts protect: true/);
  });
});

describe("the client listener's NetworkPolicy peers", () => {
  it("admits only a peer that matches no namespace when no client is declared", () => {
    // Strimzi writes a listener with no peers as a rule without `from`: open to every pod.
    expect(clientListener(props({ clientNamespaces: [] })).networkPolicyPeers).toEqual([
      { namespaceSelector: { matchLabels: { "batch-platform.io/kafka-clients": "none-declared" } } },
    ]);
    expect(clientListener(props()).networkPolicyPeers).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "query" } } },
    ]);
  });
});

describe("KafkaCluster with TLS and consumers", () => {
  const tls = {
    issuer: { name: "batch-platform-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
    caBundle: { secretName: "batch-platform-ca", caKey: "ca.crt", pkcs12TruststoreKey: "truststore.p12", jksTruststoreKey: "truststore.jks", storePasswordSecretName: "batch-platform-tls-store", storePasswordKey: "password" },
  } as const;
  let capture: RegistrationCapture;
  let kafka: KafkaCluster;
  let objs: K8sObject[];
  beforeAll(async () => {
    capture = await mockPulumi();
    kafka = new KafkaCluster("kafka", { ...prodArgs, tls, consumers: [{ name: "trino", namespace: "query" }] });
    objs = await configGroupObjs(capture, "kafka-cluster");
  });

  it("serves one SASL_SSL listener: SCRAM-SHA-512, the platform's broker certificate, only the consumers' namespaces as peers", async () => {
    const cluster = findObject(objs, "Kafka", "events") as unknown as { spec: { kafka: { listeners: unknown[]; authorization: unknown } } };
    expect(cluster.spec.kafka.listeners).toEqual([
      {
        name: "tls",
        port: 9093,
        type: "internal",
        tls: true,
        authentication: { type: "scram-sha-512" },
        configuration: { brokerCertChainAndKey: { secretName: "events-broker-tls", certificate: "tls.crt", key: "tls.key" } },
        networkPolicyPeers: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "query" } } }],
      },
    ]);
    expect(cluster.spec.kafka.authorization).toEqual({ type: "simple" });
    expect(kafka.securityProtocol).toBe("SASL_SSL");
    expect(await valueOf(kafka.bootstrapServers)).toBe("events-kafka-bootstrap.serving.svc.cluster.local:9093");
    const certs = await configGroupObjs(capture, "kafka-tls");
    expect((certs[0] as unknown as { spec: { dnsNames: string[] } }).spec.dnsNames).toContain("*.events-kafka-brokers.serving.svc");
  });

  it("gives each consumer a KafkaUser with read-only ACLs and its password from a Secret, credentials in its namespace", async () => {
    const user = findObject(objs, "KafkaUser", "trino") as unknown as { spec: { authentication: unknown; authorization: { acls: { resource: { type: string }; operations: string[] }[] } } };
    expect(user.spec.authentication).toEqual({ type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "trino-kafka-password", key: "password" } } } });
    expect(new Set(user.spec.authorization.acls.flatMap((acl) => acl.operations))).toEqual(new Set(["Read", "Describe", "DescribeConfigs"]));
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    const copy = secrets.find((s) => (s.inputs.metadata as { name: string }).name === "trino-kafka-credentials")!;
    expect((copy.inputs.metadata as { namespace: string }).namespace).toBe("query");
    expect(kafka.credentials.trino).toEqual({ secretName: "trino-kafka-credentials", clientPropertiesKey: "client.properties" });
    expect(kafka.listeners.map((l) => [l.tls, l.authentication])).toEqual([["tls", "scram-sha-512"]]);
    expect(await mandatoryFindings(asPlanResources(objs), STRIMZI_VALIDATORS)).toEqual([]);
  });
});
