import { z } from "zod";
import { crdSchemaProblems } from "../k8s/crd-schema-problems";
import { tolerationSchema } from "../k8s/pod-schemas";

/**
 * A strict, hand-written schema of the SparkApplication fields this project uses — a subset of the
 * v1beta2 CRD of Spark Operator 2.5.2, with the CRD's types and enums. Strict objects matter more
 * than types here: the API server prunes fields its structural schema does not define, so a
 * misspelt `tolerations` is dropped silently and the executors land on the wrong nodes.
 */

const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "a DNS-1123 label" }).max(63);
const stringMap = z.record(z.string(), z.string());
const int32 = z.number().int().min(-2_147_483_648).max(2_147_483_647);
/** Spark's size notation (`512m`, `2g`). */
const sparkMemory = z.string().regex(/^[0-9]+[kmgt]?$/, { error: "a Spark size like 512m or 2g" });
const cpuQuantity = z.string().regex(/^[0-9]+(\.[0-9]+)?m?$/, { error: "a CPU quantity like 1, 0.5 or 500m" });

const envVar = z.strictObject({
  name: z.string().min(1),
  value: z.string().optional(),
  valueFrom: z
    .strictObject({
      secretKeyRef: z.strictObject({ name: z.string(), key: z.string(), optional: z.boolean().optional() }).optional(),
      configMapKeyRef: z.strictObject({ name: z.string(), key: z.string(), optional: z.boolean().optional() }).optional(),
    })
    .optional(),
});

const envFrom = z.strictObject({
  prefix: z.string().optional(),
  secretRef: z.strictObject({ name: z.string(), optional: z.boolean().optional() }).optional(),
  configMapRef: z.strictObject({ name: z.string(), optional: z.boolean().optional() }).optional(),
});

const toleration = tolerationSchema;

const seccompProfile = z.strictObject({
  type: z.enum(["RuntimeDefault", "Localhost", "Unconfined"]),
  localhostProfile: z.string().optional(),
});

const securityContext = z.strictObject({
  allowPrivilegeEscalation: z.boolean().optional(),
  capabilities: z.strictObject({ add: z.array(z.string()).optional(), drop: z.array(z.string()).optional() }).optional(),
  privileged: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().int().optional(),
  runAsGroup: z.number().int().optional(),
  seccompProfile: seccompProfile.optional(),
});

const podSecurityContext = z.strictObject({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().int().optional(),
  runAsGroup: z.number().int().optional(),
  fsGroup: z.number().int().optional(),
  seccompProfile: seccompProfile.optional(),
});

const volumeMount = z.strictObject({
  name: z.string(),
  mountPath: z.string(),
  readOnly: z.boolean().optional(),
  subPath: z.string().optional(),
});

const volume = z.strictObject({
  name: z.string(),
  configMap: z
    .strictObject({
      name: z.string(),
      defaultMode: int32.optional(),
      optional: z.boolean().optional(),
      items: z.array(z.strictObject({ key: z.string(), path: z.string(), mode: int32.optional() })).optional(),
    })
    .optional(),
  emptyDir: z.strictObject({ medium: z.string().optional(), sizeLimit: z.string().optional() }).optional(),
  secret: z.strictObject({ secretName: z.string(), defaultMode: int32.optional(), optional: z.boolean().optional() }).optional(),
});

const containerPort = z.strictObject({
  name: z.string().optional(),
  containerPort: int32.min(1).max(65_535),
  protocol: z.enum(["TCP", "UDP", "SCTP"]).optional(),
});

/** Init containers of driver or executor (`corev1.Container`), the fields this project sets. */
const initContainer = z.strictObject({
  name: z.string().min(1),
  image: z.string().min(1),
  imagePullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  /** `Always` (the only value the API server takes) makes a native sidecar: it runs beside the Spark container. */
  restartPolicy: z.literal("Always").optional(),
  ports: z.array(containerPort).optional(),
  env: z.array(envVar).optional(),
  resources: z
    .strictObject({ requests: stringMap.optional(), limits: stringMap.optional() })
    .optional(),
  securityContext: securityContext.optional(),
  volumeMounts: z.array(volumeMount).optional(),
});

const podFields = {
  cores: int32.min(1).optional(),
  coreRequest: cpuQuantity.optional(),
  coreLimit: cpuQuantity.optional(),
  memory: sparkMemory.optional(),
  memoryOverhead: sparkMemory.optional(),
  memoryLimit: z.string().optional(),
  image: z.string().optional(),
  javaOptions: z.string().optional(),
  serviceAccount: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  env: z.array(envVar).optional(),
  envFrom: z.array(envFrom).optional(),
  nodeSelector: stringMap.optional(),
  tolerations: z.array(toleration).optional(),
  securityContext: securityContext.optional(),
  podSecurityContext: podSecurityContext.optional(),
  volumeMounts: z.array(volumeMount).optional(),
  initContainers: z.array(initContainer).optional(),
  priorityClassName: z.string().optional(),
  terminationGracePeriodSeconds: z.number().int().optional(),
};

export const sparkApplicationSchema = z.strictObject({
  apiVersion: z.literal("sparkoperator.k8s.io/v1beta2"),
  kind: z.literal("SparkApplication"),
  metadata: z.strictObject({
    name,
    namespace: name,
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  }),
  spec: z.strictObject({
    type: z.enum(["Java", "Python", "Scala", "R"]),
    pythonVersion: z.enum(["2", "3"]).optional(),
    mode: z.enum(["cluster", "client"]).optional(),
    image: z.string().optional(),
    imagePullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
    imagePullSecrets: z.array(z.string()).optional(),
    mainApplicationFile: z.string(),
    mainClass: z.string().optional(),
    arguments: z.array(z.string()).optional(),
    sparkVersion: z.string(),
    sparkConf: stringMap.optional(),
    hadoopConf: stringMap.optional(),
    deps: z
      .strictObject({
        packages: z.array(z.string()).optional(),
        jars: z.array(z.string()).optional(),
        files: z.array(z.string()).optional(),
        pyFiles: z.array(z.string()).optional(),
        repositories: z.array(z.string()).optional(),
        excludePackages: z.array(z.string()).optional(),
      })
      .optional(),
    restartPolicy: z
      .strictObject({
        type: z.enum(["Never", "Always", "OnFailure"]),
        onFailureRetries: int32.min(0).optional(),
        onFailureRetryInterval: z.number().int().min(1).optional(),
        onSubmissionFailureRetries: int32.min(0).optional(),
        onSubmissionFailureRetryInterval: z.number().int().min(1).optional(),
      })
      .optional(),
    timeToLiveSeconds: z.number().int().min(1).optional(),
    failureRetries: int32.optional(),
    retryInterval: z.number().int().optional(),
    volumes: z.array(volume).optional(),
    nodeSelector: stringMap.optional(),
    dynamicAllocation: z
      .strictObject({
        enabled: z.boolean().optional(),
        initialExecutors: int32.optional(),
        minExecutors: int32.optional(),
        maxExecutors: int32.optional(),
        shuffleTrackingEnabled: z.boolean().optional(),
        shuffleTrackingTimeout: z.number().int().optional(),
      })
      .optional(),
    driver: z.strictObject({ ...podFields, podName: z.string().optional() }),
    executor: z.strictObject({
      ...podFields,
      instances: int32.min(1).optional(),
      deleteOnTermination: z.boolean().optional(),
    }),
  }),
});


/**
 * Every problem of a SparkApplication against the schema above, one line each; `[]` when valid.
 * Unknown fields are reported as the API server would treat them: pruned without an error.
 */
export function validateSparkApplication(obj: unknown): string[] {
  return crdSchemaProblems(sparkApplicationSchema, "SparkApplication v1beta2", obj);
}
