import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { KubeRole, KubeRoleBinding, KubeServiceAccount } from "cdk8s-plus-34/lib/imports/k8s";
import { assertNoProblems } from "../common/validation";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import type { MedallionSparkSettings } from "../pipeline/medallion-spark-job";
import { renderSparkApplication, type SparkApplicationObject } from "./spark-application";
import { validateSparkApplication } from "./spark-application-schema";
import type { S3aStorage, SparkDriverSpec, SparkExecutorSpec, SparkJobSpec, SparkPodSize } from "./spark-job-spec";

/** Secret keys of the lake credentials (the AWS SDK's own variable names). */
export const LAKE_CREDENTIAL_KEYS = { accessKey: "AWS_ACCESS_KEY_ID", secretKey: "AWS_SECRET_ACCESS_KEY" } as const;

/**
 * What an orchestrator needs in the job namespace to run SparkApplications and follow them
 * (Airflow's SparkKubernetesOperator: create, watch, delete on completion; driver status and logs).
 */
export const SPARK_SUBMITTER_RULES: readonly { readonly apiGroups: readonly string[]; readonly resources: readonly string[]; readonly verbs: readonly string[] }[] = [
  { apiGroups: ["sparkoperator.k8s.io"], resources: ["sparkapplications"], verbs: ["create", "get", "list", "watch", "delete", "patch"] },
  { apiGroups: ["sparkoperator.k8s.io"], resources: ["sparkapplications/status"], verbs: ["get"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
  { apiGroups: [""], resources: ["events"], verbs: ["get", "list", "watch"] },
];

export interface SparkEngineArgs {
  /** Namespace of the SparkApplications (watched by the operator); plain, it is written into DAGs. */
  readonly namespace: string;
  /** ServiceAccount of drivers (and executors). @default "spark" */
  readonly serviceAccountName?: string;
  /** Pinned Spark image. @default SPARK_IMAGE of spark-job-spec */
  readonly image?: string;
  /** Driver size; drivers never run on spot. */
  readonly driver: SparkPodSize & { readonly pool?: "system" | "stateful" };
  /** Executor size and initial count; executors run on the spot `batch` pool. */
  readonly executor: SparkExecutorSpec;
  /** Executor bounds with dynamic allocation (shuffle tracking). @default off */
  readonly dynamicAllocation?: { readonly minExecutors: number; readonly maxExecutors: number };
  /** The S3 endpoint of the lake and its keys (Pulumi secrets; they only go into a Secret). */
  readonly lake: { readonly endpoint: string; readonly accessKey: pulumi.Input<string>; readonly secretKey: pulumi.Input<string> };
  /** `thrift://host:9083` of the Hive Metastore. @default none (tables are not registered) */
  readonly hiveMetastoreUri?: string;
  /** Finished applications are deleted after this long. @default 86400 */
  readonly timeToLiveSeconds?: number;
  /** Labels on every object (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const ENDPOINT = /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/;
const THRIFT = /^thrift:\/\/[a-z0-9.-]+:[0-9]{1,5}$/;

export function sparkEngineProblems(args: SparkEngineArgs): string[] {
  const problems: string[] = [];
  if (!ENDPOINT.test(args.lake.endpoint)) problems.push(`lake.endpoint: got ${JSON.stringify(args.lake.endpoint)}; expected http(s)://host:port`);
  if (args.hiveMetastoreUri !== undefined && !THRIFT.test(args.hiveMetastoreUri)) {
    problems.push(`hiveMetastoreUri: got ${JSON.stringify(args.hiveMetastoreUri)}; expected thrift://host:9083`);
  }
  const bounds = args.dynamicAllocation;
  if (bounds && (bounds.minExecutors < 0 || bounds.maxExecutors < Math.max(1, bounds.minExecutors))) {
    problems.push(`dynamicAllocation: got ${bounds.minExecutors}..${bounds.maxExecutors}; expected 0 <= minExecutors <= maxExecutors, maxExecutors >= 1`);
  }
  if (bounds && (args.executor.instances < bounds.minExecutors || args.executor.instances > bounds.maxExecutors)) {
    problems.push(`executor.instances: got ${args.executor.instances}; expected within dynamicAllocation ${bounds.minExecutors}..${bounds.maxExecutors}`);
  }
  if (!Number.isInteger(args.executor.instances) || args.executor.instances < 1) problems.push(`executor.instances: got ${args.executor.instances}; expected a positive integer`);
  return problems;
}

/**
 * Spark on Kubernetes as the platform's engine: the drivers' ServiceAccount and Role in the job
 * namespace (cdk8s), the lake credentials as a Secret there, and the settings every job shares —
 * sizes, placement (drivers off spot, executors on the tainted batch pool), Delta, S3A for MinIO,
 * the Hive Metastore, TTL. Jobs become SparkApplications through the strict renderer.
 */
export class SparkEngine extends pulumi.ComponentResource {
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** Secret with `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in the job namespace (the metastore may reuse it). */
  readonly lakeCredentialsSecretName: string;
  private readonly args: SparkEngineArgs;

  constructor(name: string, args: SparkEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("SparkEngine", sparkEngineProblems(args));
    super("batch-platform:engine:SparkEngine", name, {}, opts);
    this.args = args;
    this.namespace = args.namespace;
    this.serviceAccountName = args.serviceAccountName ?? "spark";
    this.lakeCredentialsSecretName = `${name}-lake-credentials`;
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/component": "engine" };

    new Secret(
      this.lakeCredentialsSecretName,
      {
        metadata: { name: this.lakeCredentialsSecretName, namespace: args.namespace, labels },
        type: "Opaque",
        stringData: { [LAKE_CREDENTIAL_KEYS.accessKey]: args.lake.accessKey, [LAKE_CREDENTIAL_KEYS.secretKey]: args.lake.secretKey },
      },
      { parent: this },
    );

    const chart = newManifestChart(`${name}-rbac`, args.namespace);
    new KubeServiceAccount(chart, "service-account", { metadata: { name: this.serviceAccountName, labels } });
    // What a driver does: create and watch its executor pods, their Service and ConfigMaps.
    const all = ["create", "get", "list", "watch", "update", "patch", "delete", "deletecollection"];
    new KubeRole(chart, "role", {
      metadata: { name: `${this.serviceAccountName}-driver`, labels },
      rules: [
        { apiGroups: [""], resources: ["pods", "services", "configmaps", "persistentvolumeclaims"], verbs: all },
        { apiGroups: [""], resources: ["pods/log"], verbs: ["get", "list"] },
        { apiGroups: [""], resources: ["events"], verbs: ["get", "list", "watch"] },
      ],
    });
    new KubeRoleBinding(chart, "role-binding", {
      metadata: { name: `${this.serviceAccountName}-driver`, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${this.serviceAccountName}-driver` },
      subjects: [{ kind: "ServiceAccount", name: this.serviceAccountName, namespace: args.namespace }],
    });
    deployManifests(`${name}-rbac`, chart, { parent: this });
    this.registerOutputs({});
  }

  /** S3A access to the lake, keys from this engine's Secret. */
  storage(): S3aStorage {
    return {
      kind: "s3a",
      endpoint: this.args.lake.endpoint,
      sslEnabled: this.args.lake.endpoint.startsWith("https://"),
      credentialsSecret: { name: this.lakeCredentialsSecretName, accessKeyKey: LAKE_CREDENTIAL_KEYS.accessKey, secretKeyKey: LAKE_CREDENTIAL_KEYS.secretKey },
    };
  }

  /** The settings medallion jobs of a pipeline run with; `jobConfigMapName` holds its job files. */
  medallionSettings(jobConfigMapName: string): MedallionSparkSettings {
    const driver: SparkDriverSpec = { ...this.args.driver, serviceAccount: this.serviceAccountName };
    return {
      namespace: this.namespace,
      ...(this.args.image !== undefined ? { image: this.args.image } : {}),
      driver,
      executor: this.args.executor,
      ...(this.args.dynamicAllocation !== undefined ? { dynamicAllocation: this.args.dynamicAllocation } : {}),
      storage: this.storage(),
      ...(this.args.hiveMetastoreUri !== undefined ? { hiveMetastoreUri: this.args.hiveMetastoreUri } : {}),
      jobConfigMapName,
      ...(this.args.timeToLiveSeconds !== undefined ? { timeToLiveSeconds: this.args.timeToLiveSeconds } : {}),
    };
  }

  /** A job as a SparkApplication, checked against the strict v1beta2 schema (throws listing problems). */
  application(job: SparkJobSpec): SparkApplicationObject {
    const app = renderSparkApplication(job);
    const problems = validateSparkApplication(app);
    if (problems.length > 0) throw new Error(`SparkApplication ${app.metadata.name}:\n  ${problems.join("\n  ")}`);
    return app;
  }
}
