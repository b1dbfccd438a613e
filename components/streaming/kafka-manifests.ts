import { ApiObject, type Chart } from "cdk8s";
import type { NodePlacement, NodePoolName } from "../k8s/placement";
import { mebibytes, cpuMillicores, type ContainerSize } from "../k8s/workload-defaults";
import type { KafkaTopicSpec } from "./kafka-topics";
import { restrictedContainerSecurity } from "../k8s/value-types";
import {
  STRIMZI_API_VERSION,
  STRIMZI_CLUSTER_LABEL,
  type Kafka,
  type KafkaNodePool,
  type KafkaTopic,
  type KafkaUser,
  type NodeAffinity,
  type ResourceRequirements,
  type StrimziMetadata,
} from "./strimzi-resources";

/** Strimzi 1.2's default Kafka (it supports 4.2.x and 4.3.x; kafka-versions.yaml) and its metadata version. */
export const KAFKA_VERSION = "4.3.1";
export const KAFKA_METADATA_VERSION = "4.3-IV0";
export const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";
export const PLAIN_PORT = 9092;
export const TLS_PORT = 9093;

export type KafkaStorage =
  | {
      readonly kind: "persistent";
      /** PVC size per node, e.g. `100Gi`. */
      readonly size: string;
      /** @default the cluster default */
      readonly storageClassName?: string;
      /** Delete the PVCs when the cluster is deleted (dev only). @default false */
      readonly deleteClaim?: boolean;
    }
  | {
      readonly kind: "ephemeral";
      /** emptyDir size limit per node, e.g. `5Gi`. */
      readonly sizeLimit: string;
    };

/** Plain (resolved) inputs of the Kafka cluster's custom resources. */
export interface KafkaClusterManifestProps {
  readonly clusterName: string;
  readonly namespace: string;
  /** Nodes of the one dual-role (controller + broker) pool: 1 in dev, 3 or more across zones in prod. */
  readonly nodes: number;
  /** Rack awareness and a hard spread of the nodes over zones. */
  readonly spreadOverZones: boolean;
  readonly storage: KafkaStorage;
  readonly resources: ContainerSize;
  readonly topics: readonly KafkaTopicSpec[];
  readonly placement: NodePlacement;
  readonly labels: Readonly<Record<string, string>>;
  /** The brokers' certificate Secret (`tls.crt`/`tls.key`); without it the one listener is SASL over plaintext (dev opt-out). */
  readonly brokerCertificateSecret?: string;
  /** Namespaces whose pods may connect (Strimzi's NetworkPolicy peers). */
  readonly clientNamespaces: readonly string[];
  readonly users: readonly KafkaUserProps[];
}

/** A client's login: the Secret (in Kafka's namespace) with its password, and the topics it reads. */
export interface KafkaUserProps {
  readonly name: string;
  readonly passwordSecretName: string;
  /** Topic names (literal) it may read, with its consumer groups `<name>-*` (Trino joins none: it assigns partitions). */
  readonly readTopics: readonly string[];
}

/** The single node pool: every node is controller and broker (small clusters need no separate quorum). */
export const NODE_POOL_NAME = "dual-role";

function requirements(size: ContainerSize): ResourceRequirements {
  const cpuLimit = size.cpuLimit ?? `${cpuMillicores(size.cpu) * 2}m`;
  return {
    requests: { cpu: size.cpu, memory: size.memory },
    limits: { cpu: cpuLimit, memory: size.memoryLimit ?? size.memory },
  };
}

/** Strimzi templates have no nodeSelector: a required node affinity on the pool label does the same. */
export function poolAffinity(pool: NodePoolName, placement: NodePlacement): NodeAffinity {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: placement.poolLabelKey, operator: "In", values: [pool] }] }],
      },
    },
  };
}

/** The replication every topic and internal topic gets: 3 (2 in sync) when there are 3 nodes, else 1. */
export function replicationOf(nodes: number): { readonly replicas: number; readonly minInSync: number } {
  return nodes >= 3 ? { replicas: 3, minInSync: 2 } : { replicas: 1, minInSync: 1 };
}

function metadata(props: KafkaClusterManifestProps, name: string, clusterLabel: boolean): StrimziMetadata {
  const labels = {
    ...props.labels,
    "app.kubernetes.io/part-of": "batch-platform",
    "app.kubernetes.io/component": "streaming",
  };
  return {
    name,
    namespace: props.namespace,
    labels: clusterLabel ? { ...labels, [STRIMZI_CLUSTER_LABEL]: props.clusterName } : labels,
  };
}

export function kafkaNodePool(props: KafkaClusterManifestProps): KafkaNodePool {
  const heap = `${Math.floor(mebibytes(props.resources.memoryLimit ?? props.resources.memory) / 2)}m`;
  const volume =
    props.storage.kind === "persistent"
      ? {
          id: 0,
          type: "persistent-claim" as const,
          size: props.storage.size,
          ...(props.storage.storageClassName ? { class: props.storage.storageClassName } : {}),
          deleteClaim: props.storage.deleteClaim ?? false,
          kraftMetadata: "shared" as const,
        }
      : { id: 0, type: "ephemeral" as const, sizeLimit: props.storage.sizeLimit, kraftMetadata: "shared" as const };
  return {
    apiVersion: STRIMZI_API_VERSION,
    kind: "KafkaNodePool",
    metadata: metadata(props, NODE_POOL_NAME, true),
    spec: {
      replicas: props.nodes,
      roles: ["controller", "broker"],
      storage: { type: "jbod", volumes: [volume] },
      resources: requirements(props.resources),
      // Half the memory for the heap, the rest is page cache for the log segments.
      jvmOptions: { "-Xms": heap, "-Xmx": heap },
      template: {
        pod: {
          metadata: { labels: { "app.kubernetes.io/part-of": "batch-platform" } },
          // Brokers hold data: the on-demand stateful pool, never spot (no toleration).
          affinity: poolAffinity("stateful", props.placement),
          ...(props.spreadOverZones
            ? {
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: ZONE_TOPOLOGY_KEY,
                    whenUnsatisfiable: "DoNotSchedule" as const,
                    labelSelector: {
                      matchLabels: {
                        [STRIMZI_CLUSTER_LABEL]: props.clusterName,
                        "strimzi.io/pool-name": NODE_POOL_NAME,
                      },
                    },
                  },
                ],
              }
            : {}),
        },
        // Read-only: Kafka writes its data volume and /tmp (an emptyDir Strimzi mounts); Strimzi's
        // own system test runs brokers, controllers and the entity operator so (KafkaST.testReadOnlyRootFileSystem).
        kafkaContainer: { securityContext: restrictedContainerSecurity(true) },
        // Rack awareness adds Strimzi's kafka-init: it writes the zone into its emptyDir
        // (/opt/kafka/init) and talks to the API with the JDK's HTTP client, so nothing else.
        ...(props.spreadOverZones ? { initContainer: { securityContext: restrictedContainerSecurity(true) } } : {}),
      },
    },
  };
}

export function kafkaCluster(props: KafkaClusterManifestProps): Kafka {
  const { replicas, minInSync } = replicationOf(props.nodes);
  return {
    apiVersion: STRIMZI_API_VERSION,
    kind: "Kafka",
    // KRaft and node pools are all Strimzi 1.x runs: no annotations enable them.
    metadata: metadata(props, props.clusterName, false),
    spec: {
      kafka: {
        version: KAFKA_VERSION,
        metadataVersion: KAFKA_METADATA_VERSION,
        listeners: [clientListener(props)],
        authorization: { type: "simple" },
        config: {
          "offsets.topic.replication.factor": replicas,
          "transaction.state.log.replication.factor": replicas,
          "transaction.state.log.min.isr": minInSync,
          "default.replication.factor": replicas,
          "min.insync.replicas": minInSync,
          // Topics are declared as KafkaTopics; a typo in a producer must not create one.
          "auto.create.topics.enable": false,
          ...(props.spreadOverZones
            ? { "replica.selector.class": "org.apache.kafka.common.replica.RackAwareReplicaSelector" }
            : {}),
        },
        ...(props.spreadOverZones ? { rack: { topologyKey: ZONE_TOPOLOGY_KEY } } : {}),
      },
      entityOperator: {
        topicOperator: { resources: requirements({ cpu: "100m", memory: "256Mi", cpuLimit: "500m" }) },
        userOperator: { resources: requirements({ cpu: "100m", memory: "256Mi", cpuLimit: "500m" }) },
        template: {
          pod: { affinity: poolAffinity("system", props.placement) },
          topicOperatorContainer: { securityContext: restrictedContainerSecurity(true) },
          userOperatorContainer: { securityContext: restrictedContainerSecurity(true) },
        },
      },
    },
  };
}

/**
 * The one client listener: TLS with the platform's certificate on 9093 (SASL_SSL), or SCRAM over
 * plaintext on 9092 where TLS is off (dev). Either way every client logs in as its KafkaUser.
 */
export function clientListener(props: KafkaClusterManifestProps): Kafka["spec"]["kafka"]["listeners"][number] {
  // Strimzi turns an empty peer list into a rule without `from`, open to every pod in the
  // cluster (KafkaCluster.generateNetworkPolicy): with no client namespace, a peer that matches none.
  const peers =
    props.clientNamespaces.length > 0
      ? props.clientNamespaces.map((ns) => ({
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } },
        }))
      : [{ namespaceSelector: { matchLabels: { "batch-platform.io/kafka-clients": "none-declared" } } }];
  const authentication = { type: "scram-sha-512" } as const;
  if (!props.brokerCertificateSecret)
    return { name: "scram", port: PLAIN_PORT, type: "internal", tls: false, authentication, networkPolicyPeers: peers };
  return {
    name: "tls",
    port: TLS_PORT,
    type: "internal",
    tls: true,
    authentication,
    configuration: {
      brokerCertChainAndKey: { secretName: props.brokerCertificateSecret, certificate: "tls.crt", key: "tls.key" },
    },
    networkPolicyPeers: peers,
  };
}

/** A client's KafkaUser: SCRAM-SHA-512 with the password from our Secret, read-only ACLs on its topics. */
export function kafkaUser(props: KafkaClusterManifestProps, user: KafkaUserProps): KafkaUser {
  return {
    apiVersion: STRIMZI_API_VERSION,
    kind: "KafkaUser",
    metadata: metadata(props, user.name, true),
    spec: {
      authentication: {
        type: "scram-sha-512",
        password: { valueFrom: { secretKeyRef: { name: user.passwordSecretName, key: "password" } } },
      },
      authorization: {
        type: "simple",
        acls: [
          ...user.readTopics.map((topic) => ({
            resource: { type: "topic" as const, name: topic, patternType: "literal" as const },
            // DescribeConfigs: Trino reads a topic's message.timestamp.type for _timestamp filters.
            operations: ["Read", "Describe", "DescribeConfigs"] as const,
            host: "*" as const,
          })),
          {
            resource: { type: "group", name: `${user.name}-`, patternType: "prefix" },
            operations: ["Read"],
            host: "*",
          },
        ],
      },
    },
  };
}

export function kafkaTopic(props: KafkaClusterManifestProps, topic: KafkaTopicSpec): KafkaTopic {
  const { replicas, minInSync } = replicationOf(props.nodes);
  return {
    apiVersion: STRIMZI_API_VERSION,
    kind: "KafkaTopic",
    metadata: metadata(props, topic.name, true),
    spec: {
      topicName: topic.name,
      partitions: topic.partitions,
      replicas,
      config: {
        "retention.ms": (topic.retentionHours ?? 168) * 3_600_000,
        "cleanup.policy": "delete",
        "min.insync.replicas": minInSync,
      },
    },
  };
}

/** Adds the Kafka cluster, its node pool and its topics to `chart` as typed ApiObjects. */
export function addKafkaCluster(chart: Chart, props: KafkaClusterManifestProps): void {
  new ApiObject(chart, "kafka", kafkaCluster(props));
  new ApiObject(chart, "node-pool", kafkaNodePool(props));
  for (const topic of props.topics) new ApiObject(chart, `topic-${topic.name}`, kafkaTopic(props, topic));
  for (const user of props.users) new ApiObject(chart, `user-${user.name}`, kafkaUser(props, user));
}
