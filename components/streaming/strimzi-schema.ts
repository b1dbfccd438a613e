import { z } from "zod";
import { crdSchemaProblems } from "../k8s/crd-schema-problems";
import { STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from "./strimzi-resources";
import { tolerationSchema } from "../k8s/pod-schemas";

/**
 * Strict, hand-written schemas of the Strimzi fields this project emits — a subset of the
 * `kafka.strimzi.io/v1` CRDs of Strimzi 1.2 (Kafka, KafkaNodePool, KafkaTopic, KafkaUser) with the CRDs'
 * types, enums, patterns and bounds. Strict objects matter: the API server prunes fields a
 * structural schema does not define, so a misspelt `rack` or `tolerations` would vanish silently.
 * Each validator also checks what the operator (not the API server) requires of these objects.
 */

const dnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: "a DNS-1123 subdomain" });
const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "a DNS-1123 label" });
const stringMap = z.record(z.string(), z.string());
/** The CRDs' `x-kubernetes-int-or-string` quantity pattern. */
const quantity = z
  .string()
  .regex(
    /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/,
    {
      error: "a Kubernetes quantity such as 500m or 2Gi",
    },
  );

const metadata = z.strictObject({
  name: dnsSubdomain,
  namespace: dnsLabel,
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

const resources = z.strictObject({
  requests: z.partialRecord(z.enum(["cpu", "memory"]), quantity).optional(),
  limits: z.partialRecord(z.enum(["cpu", "memory"]), quantity).optional(),
});

const toleration = tolerationSchema;

const nodeSelectorTerm = z.strictObject({
  matchExpressions: z.array(
    z.strictObject({
      key: z.string(),
      operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
      values: z.array(z.string()).optional(),
    }),
  ),
});

const affinity = z.strictObject({
  nodeAffinity: z
    .strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .strictObject({ nodeSelectorTerms: z.array(nodeSelectorTerm).min(1) })
        .optional(),
    })
    .optional(),
});

const topologySpreadConstraint = z.strictObject({
  maxSkew: z.number().int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]),
  labelSelector: z.strictObject({ matchLabels: stringMap }).optional(),
});

const podTemplate = z.strictObject({
  metadata: z.strictObject({ labels: stringMap.optional(), annotations: stringMap.optional() }).optional(),
  affinity: affinity.optional(),
  tolerations: z.array(toleration).optional(),
  topologySpreadConstraints: z.array(topologySpreadConstraint).optional(),
});

const containerTemplate = z.strictObject({
  securityContext: z
    .strictObject({
      runAsNonRoot: z.boolean().optional(),
      allowPrivilegeEscalation: z.boolean().optional(),
      readOnlyRootFilesystem: z.boolean().optional(),
      capabilities: z.strictObject({ drop: z.array(z.string()).optional() }).optional(),
      seccompProfile: z.strictObject({ type: z.enum(["RuntimeDefault", "Localhost", "Unconfined"]) }).optional(),
    })
    .optional(),
});

const volume = z.discriminatedUnion("type", [
  z.strictObject({
    id: z.number().int().min(0),
    type: z.literal("persistent-claim"),
    size: quantity,
    class: z.string().optional(),
    deleteClaim: z.boolean().optional(),
    kraftMetadata: z.literal("shared").optional(),
  }),
  z.strictObject({
    id: z.number().int().min(0),
    type: z.literal("ephemeral"),
    sizeLimit: z
      .string()
      .regex(/^([0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/)
      .optional(),
    kraftMetadata: z.literal("shared").optional(),
  }),
]);

export const kafkaNodePoolSchema = z.strictObject({
  apiVersion: z.literal(STRIMZI_API_VERSION),
  kind: z.literal("KafkaNodePool"),
  metadata,
  spec: z.strictObject({
    replicas: z.number().int().min(0),
    roles: z.array(z.enum(["controller", "broker"])).min(1),
    storage: z.strictObject({ type: z.literal("jbod"), volumes: z.array(volume).min(1) }),
    resources: resources.optional(),
    jvmOptions: z
      .strictObject({
        "-Xms": z
          .string()
          .regex(/^[0-9]+[mMgG]?$/)
          .optional(),
        "-Xmx": z
          .string()
          .regex(/^[0-9]+[mMgG]?$/)
          .optional(),
      })
      .optional(),
    template: z
      .strictObject({
        pod: podTemplate.optional(),
        kafkaContainer: containerTemplate.optional(),
        initContainer: containerTemplate.optional(),
      })
      .optional(),
  }),
});

const listener = z.strictObject({
  name: z.string().regex(/^[a-z0-9]{1,11}$/, { error: "1 to 11 lowercase letters or digits" }),
  port: z.number().int().min(9092),
  type: z.enum(["internal", "route", "tlsroute", "loadbalancer", "nodeport", "ingress", "cluster-ip"]),
  tls: z.boolean(),
  authentication: z.strictObject({ type: z.enum(["tls", "scram-sha-512", "custom"]) }).optional(),
  configuration: z
    .strictObject({
      brokerCertChainAndKey: z
        .strictObject({ secretName: dnsSubdomain, certificate: z.string().min(1), key: z.string().min(1) })
        .optional(),
    })
    .optional(),
  networkPolicyPeers: z
    .array(z.strictObject({ namespaceSelector: z.strictObject({ matchLabels: stringMap }) }))
    .optional(),
});

export const kafkaSchema = z.strictObject({
  apiVersion: z.literal(STRIMZI_API_VERSION),
  kind: z.literal("Kafka"),
  metadata,
  spec: z.strictObject({
    kafka: z.strictObject({
      version: z
        .string()
        .regex(/^[0-9]+\.[0-9]+\.[0-9]+$/)
        .optional(),
      metadataVersion: z
        .string()
        .regex(/^[0-9]+\.[0-9]+(-IV[0-9]+)?$/)
        .optional(),
      listeners: z.array(listener).min(1),
      config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      rack: z.strictObject({ topologyKey: z.string().min(1) }).optional(),
      authorization: z
        .strictObject({
          type: z.enum(["simple", "custom"]),
          superUsers: z.array(z.string()).optional(),
        })
        .optional(),
    }),
    entityOperator: z
      .strictObject({
        topicOperator: z
          .strictObject({ resources: resources.optional(), watchedNamespace: z.string().optional() })
          .optional(),
        userOperator: z.strictObject({ resources: resources.optional() }).optional(),
        template: z
          .strictObject({
            pod: podTemplate.optional(),
            topicOperatorContainer: containerTemplate.optional(),
            userOperatorContainer: containerTemplate.optional(),
          })
          .optional(),
      })
      .optional(),
  }),
});

export const kafkaTopicSchema = z.strictObject({
  apiVersion: z.literal(STRIMZI_API_VERSION),
  kind: z.literal("KafkaTopic"),
  metadata,
  spec: z.strictObject({
    topicName: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,249}$/, { error: "a Kafka topic name" })
      .optional(),
    partitions: z.number().int().min(1).optional(),
    replicas: z.number().int().min(1).max(32767).optional(),
    config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
});

export const kafkaUserSchema = z.strictObject({
  apiVersion: z.literal(STRIMZI_API_VERSION),
  kind: z.literal("KafkaUser"),
  metadata,
  spec: z.strictObject({
    authentication: z.strictObject({
      type: z.enum(["tls", "tls-external", "scram-sha-512"]),
      password: z
        .strictObject({
          valueFrom: z.strictObject({ secretKeyRef: z.strictObject({ name: dnsSubdomain, key: z.string().min(1) }) }),
        })
        .optional(),
    }),
    authorization: z.strictObject({
      type: z.literal("simple"),
      acls: z.array(
        z.strictObject({
          resource: z.strictObject({
            type: z.enum(["topic", "group", "cluster", "transactionalId"]),
            name: z.string().min(1).optional(),
            patternType: z.enum(["literal", "prefix"]).optional(),
          }),
          operations: z
            .array(
              z.enum([
                "Read",
                "Write",
                "Create",
                "Delete",
                "Alter",
                "Describe",
                "ClusterAction",
                "AlterConfigs",
                "DescribeConfigs",
                "IdempotentWrite",
                "All",
              ]),
            )
            .min(1),
          host: z.string().optional(),
          type: z.enum(["allow", "deny"]).optional(),
        }),
      ),
    }),
  }),
});

function schemaProblems(schema: z.ZodType, kind: string, obj: unknown): string[] {
  return crdSchemaProblems(schema, `${kind} ${STRIMZI_API_VERSION}`, obj);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function clusterLabelProblems(obj: unknown): string[] {
  const labels = record(record(record(obj).metadata).labels);
  return typeof labels[STRIMZI_CLUSTER_LABEL] === "string" && labels[STRIMZI_CLUSTER_LABEL] !== ""
    ? []
    : [
        `metadata.labels.${STRIMZI_CLUSTER_LABEL}: missing; the operator ignores a resource that does not name its Kafka cluster`,
      ];
}

/** Every problem of a Strimzi `Kafka` against the schema, one line each; `[]` when valid. */
export function validateStrimziKafka(obj: unknown): string[] {
  return schemaProblems(kafkaSchema, "Kafka", obj);
}

/** Every problem of a Strimzi `KafkaNodePool`, one line each; `[]` when valid. */
export function validateStrimziKafkaNodePool(obj: unknown): string[] {
  const problems = [...schemaProblems(kafkaNodePoolSchema, "KafkaNodePool", obj), ...clusterLabelProblems(obj)];
  const volumes = record(record(record(record(obj).spec).storage)).volumes;
  const shared = Array.isArray(volumes) ? volumes.filter((v) => record(v).kraftMetadata === "shared").length : 0;
  if (shared > 1)
    problems.push(
      `spec.storage.volumes: ${shared} volumes set kraftMetadata; at most one may hold the KRaft metadata log`,
    );
  return problems;
}

/** Every problem of a Strimzi `KafkaTopic`, one line each; `[]` when valid. */
export function validateStrimziKafkaTopic(obj: unknown): string[] {
  return [...schemaProblems(kafkaTopicSchema, "KafkaTopic", obj), ...clusterLabelProblems(obj)];
}

/** Every problem of a Strimzi `KafkaUser` (Strimzi 1.2 `v1`), one line each; `[]` when valid. */
export function validateStrimziKafkaUser(obj: unknown): string[] {
  const problems = [...schemaProblems(kafkaUserSchema, "KafkaUser", obj), ...clusterLabelProblems(obj)];
  const spec = record(record(obj).spec);
  if (record(spec.authentication).password !== undefined && record(spec.authentication).type !== "scram-sha-512") {
    problems.push("spec.authentication.password: only scram-sha-512 users take a password");
  }
  return problems;
}

/** The validators by `apiVersion/kind`, ready to register with the offline plan's Kubernetes validation. */
export const STRIMZI_VALIDATORS: Readonly<Record<string, (obj: unknown) => string[]>> = {
  [`${STRIMZI_API_VERSION}/Kafka`]: validateStrimziKafka,
  [`${STRIMZI_API_VERSION}/KafkaNodePool`]: validateStrimziKafkaNodePool,
  [`${STRIMZI_API_VERSION}/KafkaTopic`]: validateStrimziKafkaTopic,
  [`${STRIMZI_API_VERSION}/KafkaUser`]: validateStrimziKafkaUser,
};
