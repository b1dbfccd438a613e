import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { KubeRole, KubeRoleBinding, KubeServiceAccount } from "cdk8s-plus-34/lib/imports/k8s";
import { assertNoProblems } from "../common/validation";
import { assertPlainAnnotations, kubernetesIdentity, type WorkloadIdentity, type WorkloadIdentityProvider } from "../identity/workload-identity";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import type { DataLake } from "../lake/data-lake";
import {
  metastoreClientNamespaceProblems,
  metastoreProxyClient,
  type MetastoreClientIdentity,
} from "../metastore/metastore-proxy";
import { inClusterKubernetesConnection } from "../orchestrator/airflow-connections";
import type { OrchestratorNeed, RbacRule } from "../orchestrator/orchestrator";
import { sparkJobConfigMapData } from "../pipeline/job-files";
import type { MedallionSparkSettings, MedallionStage } from "../pipeline/medallion-spark-job";
import type { Engine, EngineRun, MedallionJob } from "./engine";
import { renderSparkApplication, type SparkApplicationObject } from "./spark-application";
import { applicationTemplateFile, medallionApplicationYaml } from "./spark-application-yaml";
import { validateSparkApplication } from "./spark-application-schema";
import { KUBERNETES_CONN_ID, sparkApplicationTask } from "./spark-dag-tasks";
import { needsJvmTruststore, type PlatformCaTrust } from "../tls/jvm-truststore";
import type { SparkDriverSpec, SparkExecutorSpec, SparkJobSpec, SparkPodSize, SparkStorage } from "./spark-job-spec";
import type { SparkPackageCopy } from "./spark-package-mirror";

/** Secret keys of the lake credentials (the AWS SDK's own variable names). */
export const LAKE_CREDENTIAL_KEYS = { accessKey: "AWS_ACCESS_KEY_ID", secretKey: "AWS_SECRET_ACCESS_KEY" } as const;

/**
 * What an orchestrator needs in the job namespace to run SparkApplications and follow them
 * (Airflow's SparkKubernetesOperator: create, watch, delete on completion; driver status and logs).
 */
export const SPARK_SUBMITTER_RULES: readonly RbacRule[] = [
  { apiGroups: ["sparkoperator.k8s.io"], resources: ["sparkapplications"], verbs: ["create", "get", "list", "watch", "delete", "patch"] },
  { apiGroups: ["sparkoperator.k8s.io"], resources: ["sparkapplications/status"], verbs: ["get"] },
  // patch: on a failed driver the operator labels the pod as checked before it cleans up (pod.py).
  { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "patch"] },
  { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
  { apiGroups: [""], resources: ["events"], verbs: ["get", "list", "watch"] },
];

/**
 * What a Spark driver (4.1, as 3.5 before it) does through the API: create, watch, label (patch)
 * and delete its executor pods, create and remove the executors' ConfigMap, remove its own Service
 * at the end. No `deletecollection`: Spark's cleanup by label is then refused and logged, and the
 * executors and the ConfigMap go with the driver pod instead (they carry its owner reference); no
 * `update`, no PersistentVolumeClaims (no on-demand volumes here), no logs or events.
 */
export const SPARK_DRIVER_RULES: readonly RbacRule[] = [
  { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "patch", "delete"] },
  { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "get", "list", "delete"] },
  { apiGroups: [""], resources: ["services"], verbs: ["get", "list", "delete"] },
];

export interface SparkEngineArgs {
  /** Namespace of the SparkApplications (watched by the operator); plain, it is written into DAGs. */
  readonly namespace: string;
  /** The lake the jobs read landing from and write the medallion to (bronze/silver in processing, gold in curated). */
  readonly lake: DataLake;
  /** ServiceAccount of drivers (and executors). @default "spark" */
  readonly serviceAccountName?: string;
  /** Binds the jobs' ServiceAccount to a cloud identity (GKE/AKS workload identity). @default none */
  readonly workloadIdentity?: WorkloadIdentityProvider;
  /** Project-level roles of that cloud identity, e.g. BigQuery's job user when gold is exported there. @default [] */
  readonly cloudRoles?: readonly string[];
  /** Pinned Spark image. @default SPARK_IMAGE of spark-job-spec */
  readonly image?: string;
  /**
   * The image has Delta, hadoop-aws (with its AWS SDK bundle) and the PostgreSQL driver in
   * `$SPARK_HOME/jars`: nothing is resolved from Maven Central at start, so the pods need no
   * internet egress. Needs `image`. @default false (`spark.jars.packages`)
   */
  readonly packagesInImage?: boolean;
  /**
   * The packages from a `SparkPackageMirror` (`mirror.copy`): every driver and executor copies its
   * jars from the lake at start; nothing is resolved, so neither the operator nor the pods need
   * internet egress. The mirror must hold Delta, hadoop-aws and the pipelines' packages.
   * @default resolve `spark.jars.packages` from Maven Central
   */
  readonly packageSource?: SparkPackageCopy;
  /** Driver size; drivers never run on spot. */
  readonly driver: SparkPodSize & { readonly pool?: "system" | "stateful" };
  /** Executor size and initial count; executors run on the spot `batch` pool. */
  readonly executor: SparkExecutorSpec;
  /** Executor bounds with dynamic allocation (shuffle tracking). @default off */
  readonly dynamicAllocation?: { readonly minExecutors: number; readonly maxExecutors: number };
  /** `thrift://host:9083` of the Hive Metastore. @default none (tables are not registered) */
  readonly hiveMetastoreUri?: string;
  /**
   * Reach the metastore through a mutual-TLS proxy as this identity; its certificate Secret is
   * created by HiveMetastore. Needs hiveMetastoreUri. @default plain Thrift
   */
  readonly metastoreClient?: MetastoreClientIdentity;
  /**
   * Trust in the platform CA (the CA bundle Secret in `namespace`): S3A where the CA signed the
   * lake's certificate. @default the JDK's roots only
   */
  readonly platformCa?: PlatformCaTrust;
  /** Finished applications are deleted after this long. @default 86400 */
  readonly timeToLiveSeconds?: number;
  /** Labels on every object (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const THRIFT = /^thrift:\/\/[a-z0-9.-]+:[0-9]{1,5}$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Problems of the engine's arguments; only the lake's kind matters here, so the config check can run it early. */
export function sparkEngineProblems(
  args: Omit<SparkEngineArgs, "lake"> & { readonly lake: Pick<DataLake, "kind"> },
): string[] {
  const problems: string[] = [];
  if (!NAMESPACE.test(args.namespace)) problems.push(`namespace: got ${JSON.stringify(args.namespace)}; expected a namespace name`);
  if (args.lake.kind === "adls") {
    problems.push("lake: got an ADLS lake; Spark on AKS (ABFS with workload identity) is not built yet, use Databricks");
  }
  if (args.hiveMetastoreUri !== undefined && !THRIFT.test(args.hiveMetastoreUri)) {
    problems.push(`hiveMetastoreUri: got ${JSON.stringify(args.hiveMetastoreUri)}; expected thrift://host:9083`);
  }
  problems.push(...metastoreClientProblems(args));
  if (args.packagesInImage && args.image === undefined)
    problems.push("packagesInImage: got true without image; expected an image with the jars (the pinned apache/spark has none)");
  if (args.packagesInImage && args.packageSource)
    problems.push("packageSource: set with packagesInImage; expected one place for the jars (the image or the mirror)");
  const bounds = args.dynamicAllocation;
  if (bounds && (bounds.minExecutors < 0 || bounds.maxExecutors < Math.max(1, bounds.minExecutors))) {
    problems.push(`dynamicAllocation: got ${bounds.minExecutors}..${bounds.maxExecutors}; expected 0 <= minExecutors <= maxExecutors, maxExecutors >= 1`);
  }
  if (bounds && (args.executor.instances < bounds.minExecutors || args.executor.instances > bounds.maxExecutors)) {
    problems.push(`executor.instances: got ${args.executor.instances}; expected within dynamicAllocation ${bounds.minExecutors}..${bounds.maxExecutors}`);
  }
  if (args.platformCa && !NAMESPACE.test(args.platformCa.secretName)) {
    const got = JSON.stringify(args.platformCa.secretName);
    problems.push(`platformCa.secretName: got ${got}; expected the name of a Secret in the namespace`);
  }
  if (!Number.isInteger(args.executor.instances) || args.executor.instances < 1) problems.push(`executor.instances: got ${args.executor.instances}; expected a positive integer`);
  return problems;
}

/** The drivers' proxy runs in their pods, so its certificate Secret must be in the job namespace. */
function metastoreClientProblems(
  args: Pick<SparkEngineArgs, "namespace" | "hiveMetastoreUri" | "metastoreClient">,
): string[] {
  const client = args.metastoreClient;
  if (!client) return [];
  const problems: string[] = [];
  if (args.hiveMetastoreUri === undefined) {
    problems.push("metastoreClient: set without hiveMetastoreUri; expected the URI of the metastore its proxy reaches");
  }
  problems.push(...metastoreClientNamespaceProblems(client, args.namespace, "the engine's"));
  if (!NAMESPACE.test(client.workload)) {
    const got = JSON.stringify(client.workload);
    problems.push(`metastoreClient.workload: got ${got}; expected a DNS label (it names the certificate Secret)`);
  }
  return problems;
}

/**
 * Spark on Kubernetes as the platform's engine: the drivers' ServiceAccount and Role in the job
 * namespace (cdk8s), the lake access (a Secret with S3 keys for MinIO, workload identity on GCS),
 * and the settings every job shares — sizes, placement (drivers off spot, executors on the tainted
 * batch pool), Delta, the Hive Metastore, TTL. A pipeline's job becomes SparkApplication templates
 * that its DAG submits: process (landing → bronze → silver → gold in Delta), then the gold handoff
 * the warehouse asks for (JDBC load and merge, or an export to BigQuery).
 */
export class SparkEngine extends pulumi.ComponentResource implements Engine {
  readonly kind = "spark" as const;
  readonly title = "Spark + Delta";
  readonly medallionStore = "lake" as const;
  readonly identity: WorkloadIdentity;
  /** Drivers and executors build the truststore where the platform CA signed the lake or the warehouse. */
  readonly jvmTrustedCaBundle?: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** The executors' service account: the same identity, no Kubernetes API access. */
  readonly executorServiceAccountName: string;
  /** Secret with `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in the job namespace (S3 lakes only). */
  readonly lakeCredentialsSecretName?: string;
  private readonly args: SparkEngineArgs;
  private readonly storage: SparkStorage;

  constructor(name: string, args: SparkEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("SparkEngine", sparkEngineProblems(args));
    super("batch-platform:engine:SparkEngine", name, {}, opts);
    this.args = args;
    if (needsJvmTruststore(args.platformCa)) this.jvmTrustedCaBundle = args.platformCa.secretName;
    this.namespace = args.namespace;
    this.serviceAccountName = args.serviceAccountName ?? "spark";
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/component": "engine" };

    this.executorServiceAccountName = `${this.serviceAccountName}-executor`;
    // Both act as the engine's identity (workload identity reaches the lake from either).
    const serviceAccounts = [
      { namespace: args.namespace, name: this.serviceAccountName },
      { namespace: args.namespace, name: this.executorServiceAccountName },
    ];
    const binding = args.workloadIdentity
      ? args.workloadIdentity.bind({ name, displayName: "Spark medallion jobs", serviceAccounts, cloudRoles: args.cloudRoles }, { parent: this })
      : kubernetesIdentity(name, serviceAccounts);
    // The ServiceAccount is a plain cdk8s manifest: an annotation known only after deployment cannot go there.
    assertPlainAnnotations("SparkEngine", binding);
    this.identity = binding.identity;
    const lake = args.lake;
    lake.grant(this.identity, "landing", "read");
    lake.grant(this.identity, "processing", "write");
    lake.grant(this.identity, "curated", "write");

    const access = lake.hadoopAccess(this.identity);
    if (access.kind === "s3a") {
      const secretName = `${name}-lake-credentials`;
      this.lakeCredentialsSecretName = secretName;
      new Secret(
        secretName,
        {
          metadata: { name: secretName, namespace: args.namespace, labels },
          type: "Opaque",
          stringData: { [LAKE_CREDENTIAL_KEYS.accessKey]: access.accessKey, [LAKE_CREDENTIAL_KEYS.secretKey]: access.secretKey },
        },
        { parent: this },
      );
      this.storage = {
        kind: "s3a",
        endpoint: access.endpoint,
        sslEnabled: access.tls,
        credentialsSecret: { name: secretName, accessKeyKey: LAKE_CREDENTIAL_KEYS.accessKey, secretKeyKey: LAKE_CREDENTIAL_KEYS.secretKey },
      };
    } else if (access.kind === "gcs") {
      this.storage = { kind: "gcs", projectId: access.projectId };
    } else {
      throw new Error("SparkEngine: ABFS is not supported (see sparkEngineProblems)");
    }

    const chart = newManifestChart(`${name}-rbac`, args.namespace);
    new KubeServiceAccount(chart, "service-account", {
      metadata: { name: this.serviceAccountName, labels: { ...labels, ...binding.podLabels }, annotations: { ...binding.serviceAccountAnnotations } },
    });
    // Executors compute and talk to the driver only: no API token, no Role.
    new KubeServiceAccount(chart, "executor-service-account", {
      metadata: {
        name: this.executorServiceAccountName,
        labels: { ...labels, ...binding.podLabels },
        annotations: { ...binding.serviceAccountAnnotations },
      },
      automountServiceAccountToken: false,
    });
    const rules = SPARK_DRIVER_RULES.map((r) => ({
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      verbs: [...r.verbs],
    }));
    new KubeRole(chart, "role", { metadata: { name: `${this.serviceAccountName}-driver`, labels }, rules });
    new KubeRoleBinding(chart, "role-binding", {
      metadata: { name: `${this.serviceAccountName}-driver`, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${this.serviceAccountName}-driver` },
      subjects: [{ kind: "ServiceAccount", name: this.serviceAccountName, namespace: args.namespace }],
    });
    deployManifests(`${name}-rbac`, chart, { parent: this });
    this.registerOutputs({});
  }

  /** The settings medallion jobs of a pipeline run with; `jobConfigMapName` holds its job files. */
  medallionSettings(jobConfigMapName: string): MedallionSparkSettings {
    const driver: SparkDriverSpec = { ...this.args.driver, serviceAccount: this.serviceAccountName };
    const { hiveMetastoreUri, metastoreClient } = this.args;
    // Only the driver talks to the metastore: the proxy is a native sidecar, so the pod still completes.
    const metastoreProxy =
      hiveMetastoreUri !== undefined && metastoreClient !== undefined
        ? metastoreProxyClient(metastoreClient, hiveMetastoreUri, true)
        : undefined;
    return {
      namespace: this.namespace,
      ...(this.args.image !== undefined ? { image: this.args.image } : {}),
      ...(this.args.packagesInImage ? { packagesInImage: true } : {}),
      ...(this.args.packageSource ? { packageSource: this.args.packageSource } : {}),
      driver,
      executor: { ...this.args.executor, serviceAccount: this.executorServiceAccountName },
      ...(this.args.dynamicAllocation !== undefined ? { dynamicAllocation: this.args.dynamicAllocation } : {}),
      storage: this.storage,
      ...(hiveMetastoreUri !== undefined ? { hiveMetastoreUri } : {}),
      ...(metastoreProxy !== undefined ? { metastoreProxy } : {}),
      ...(this.args.platformCa !== undefined ? { platformCa: this.args.platformCa } : {}),
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

  /**
   * A pipeline on Spark: its job files ConfigMap, and two SparkApplication templates its DAG submits
   * in turn — process, then the gold handoff (JDBC load and merge, or export to BigQuery).
   */
  pipelineRun(_name: string, job: MedallionJob, _parent: pulumi.Resource): EngineRun {
    const { spec } = job;
    const jobConfigMapName = `${spec.name}-job-files`;
    const settings = this.medallionSettings(jobConfigMapName);
    const roots = this.args.lake.zoneRoots;
    const zones = { processing: roots.processing.uri, curated: roots.curated.uri };
    if (job.gold.kind === "parquetExport") throw new Error(`SparkEngine: pipeline ${spec.name}: a Parquet export handoff is not wired for Spark; use Databricks`);
    const handoff: { taskId: string; file: string; stage: MedallionStage } =
      job.gold.kind === "jdbc"
        ? {
            taskId: "load_serving",
            file: applicationTemplateFile(spec, "load"),
            stage: { stage: "load", target: { kind: "ysql", jdbcUrl: job.gold.jdbcUrl, schema: job.gold.schema, credentialsSecret: job.gold.credentialsSecret } },
          }
        : { taskId: "export_gold", file: applicationTemplateFile(spec, "export"), stage: { stage: "load", target: { kind: "bigquery", table: job.gold.goldTable } } };
    const process = { taskId: "bronze_silver_gold", file: applicationTemplateFile(spec, "process"), stage: { stage: "process", landingUri: job.landingUri } as MedallionStage };
    const stages = [process, handoff];
    const needs: OrchestratorNeed[] = [
      { kind: "connection", connId: KUBERNETES_CONN_ID, connection: () => ({ value: inClusterKubernetesConnection(this.namespace) }) },
      { kind: "kubernetesRole", namespace: this.namespace, rules: SPARK_SUBMITTER_RULES },
    ];
    return {
      tasks: stages.map((s) => sparkApplicationTask(s.taskId, s.file, this.namespace)),
      dagFiles: Object.fromEntries(stages.map((s) => [s.file, medallionApplicationYaml(spec, settings, zones, s.stage)])),
      objects: [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: jobConfigMapName, namespace: this.namespace, labels: { "batch-platform.io/pipeline": spec.name } },
          data: sparkJobConfigMapData([spec]),
        },
      ],
      needs,
    };
  }
}
