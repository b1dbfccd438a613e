import type { RestrictedContainerSecurity, TopologySpreadConstraint } from "../k8s/value-types";

/**
 * The subset of Strimzi's `kafka.strimzi.io/v1` custom resources (operator 1.2) this project
 * emits, typed so a misspelt field is a compile error; {@link ./strimzi-schema} checks the same
 * subset at plan time.
 */

export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";
/** The label that ties node pools and topics to their Kafka cluster. */
export const STRIMZI_CLUSTER_LABEL = "strimzi.io/cluster";

export interface StrimziMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ResourceRequirements {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface Toleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface NodeAffinity {
  readonly nodeAffinity: {
    readonly requiredDuringSchedulingIgnoredDuringExecution: {
      readonly nodeSelectorTerms: readonly {
        readonly matchExpressions: readonly {
          readonly key: string;
          readonly operator: "In";
          readonly values: readonly string[];
        }[];
      }[];
    };
  };
}

/** Strimzi's pod template: Strimzi has no nodeSelector field, so pools are chosen by node affinity. */
export interface StrimziPodTemplate {
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>> };
  readonly affinity: NodeAffinity;
  readonly tolerations?: readonly Toleration[];
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
}

/**
 * A container template: a `securityContext` given here replaces the one Strimzi's pod security
 * provider would set (the restricted provider sets no read-only root), so it carries every field.
 */
export interface StrimziContainerTemplate {
  readonly securityContext: RestrictedContainerSecurity<true>;
}

export interface PersistentVolume {
  readonly id: number;
  readonly type: "persistent-claim";
  readonly size: string;
  readonly class?: string;
  readonly deleteClaim: boolean;
  /** The volume also holds the KRaft metadata log. */
  readonly kraftMetadata: "shared";
}

export interface EphemeralVolume {
  readonly id: number;
  readonly type: "ephemeral";
  readonly sizeLimit: string;
  readonly kraftMetadata: "shared";
}

export interface KafkaNodePool {
  readonly apiVersion: typeof STRIMZI_API_VERSION;
  readonly kind: "KafkaNodePool";
  readonly metadata: StrimziMetadata;
  readonly spec: {
    readonly replicas: number;
    readonly roles: readonly ("controller" | "broker")[];
    readonly storage: { readonly type: "jbod"; readonly volumes: readonly (PersistentVolume | EphemeralVolume)[] };
    readonly resources: ResourceRequirements;
    readonly jvmOptions: { readonly "-Xms": string; readonly "-Xmx": string };
    /** `initContainer`: the rack-awareness init container, where there is one (prod). */
    readonly template: {
      readonly pod: StrimziPodTemplate;
      readonly kafkaContainer: StrimziContainerTemplate;
      readonly initContainer?: StrimziContainerTemplate;
    };
  };
}

export interface KafkaListener {
  /** Lowercase letters and digits, at most 11 characters. */
  readonly name: string;
  readonly port: number;
  readonly type: "internal" | "cluster-ip";
  readonly tls: boolean;
  /** SASL SCRAM-SHA-512: clients log in as their KafkaUser. */
  readonly authentication: { readonly type: "scram-sha-512" };
  /** The brokers' certificate from the platform issuer instead of Strimzi's own cluster CA. */
  readonly configuration?: {
    readonly brokerCertChainAndKey: {
      readonly secretName: string;
      readonly certificate: "tls.crt";
      readonly key: "tls.key";
    };
  };
  /** Who Strimzi's own NetworkPolicy lets in: the client namespaces, nothing else. */
  readonly networkPolicyPeers: readonly {
    readonly namespaceSelector: { readonly matchLabels: Readonly<Record<string, string>> };
  }[];
}

/** A Kafka client login (SCRAM-SHA-512, password from a Secret) and what it may do. */
export interface KafkaUser {
  readonly apiVersion: typeof STRIMZI_API_VERSION;
  readonly kind: "KafkaUser";
  readonly metadata: StrimziMetadata;
  readonly spec: {
    readonly authentication: {
      readonly type: "scram-sha-512";
      readonly password: {
        readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
      };
    };
    readonly authorization: {
      readonly type: "simple";
      readonly acls: readonly {
        readonly resource: {
          readonly type: "topic" | "group";
          readonly name: string;
          readonly patternType: "literal" | "prefix";
        };
        readonly operations: readonly ("Read" | "Describe" | "DescribeConfigs" | "Write")[];
        readonly host: "*";
      }[];
    };
  };
}

export interface EntityOperatorTemplate {
  readonly pod: StrimziPodTemplate;
  readonly topicOperatorContainer: StrimziContainerTemplate;
  readonly userOperatorContainer: StrimziContainerTemplate;
}

export interface Kafka {
  readonly apiVersion: typeof STRIMZI_API_VERSION;
  readonly kind: "Kafka";
  readonly metadata: StrimziMetadata;
  readonly spec: {
    readonly kafka: {
      readonly version: string;
      readonly metadataVersion: string;
      readonly listeners: readonly KafkaListener[];
      /** Kafka's ACL authorizer: a KafkaUser may do only what its ACLs allow. */
      readonly authorization: { readonly type: "simple" };
      readonly config: Readonly<Record<string, string | number | boolean>>;
      /** Rack awareness: each broker's `broker.rack` is its node's zone label. */
      readonly rack?: { readonly topologyKey: string };
    };
    readonly entityOperator: {
      readonly topicOperator: { readonly resources: ResourceRequirements };
      /** Reconciles the KafkaUsers into SCRAM credentials and ACLs. */
      readonly userOperator: { readonly resources: ResourceRequirements };
      readonly template: EntityOperatorTemplate;
    };
  };
}

export interface KafkaTopic {
  readonly apiVersion: typeof STRIMZI_API_VERSION;
  readonly kind: "KafkaTopic";
  readonly metadata: StrimziMetadata;
  readonly spec: {
    readonly topicName: string;
    readonly partitions: number;
    readonly replicas: number;
    readonly config: Readonly<Record<string, string | number>>;
  };
}
