import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { KubeConfigMap, KubeRole, KubeRoleBinding } from "cdk8s-plus-34/lib/imports/k8s";
import { assertNoProblems } from "../common/validation";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { ApiObject } from "cdk8s";
import { connectionEnvName } from "./airflow-connections";
import {
  kubernetesIdentity,
  type KubernetesServiceAccountRef,
  type WorkloadIdentity,
  type WorkloadIdentityBinding,
  type WorkloadIdentityProvider,
} from "../identity/workload-identity";
import type { DataLake } from "../lake/data-lake";
import type { LakeZoneName } from "../lake/lake-zone";
import { mergeNeeds, type ConnectionValue, type Orchestrator, type PipelineDags, type RbacRule } from "./orchestrator";
import type { AirflowServiceAccount, AirflowChartValues, ContainerSecurity, PodSecurity } from "./airflow-chart-values";
import { helmValues } from "../k8s/helm-values";
import { restrictedContainerSecurity, type ResourceRequirements } from "../k8s/value-types";
import { compareText } from "../common/compare-text";
import type { Listener } from "../k8s/listener";
import { serverCertificate, serviceDnsNames, type TlsSettings } from "../tls/certificates";

/** Pinned upstream chart and images. */
export const AIRFLOW_CHART = { repo: "https://airflow.apache.org", chart: "airflow", version: "1.22.0" } as const;
/**
 * Airflow 3.3.2 (September 2026), the last patch of 3.3; 3.2 gets no more releases (3.2.2 misses
 * the CVE fixes of 3.3.0–3.3.2). The chart's default is 3.2.2; its templates branch only on
 * Airflow < 2.11, < 3.0 and >= 3.0. 3.4.0 (2026-11-06) is not taken yet (docs/oss.md). The
 * providers the DAGs use are the ones this image ships.
 */
export const AIRFLOW_IMAGE = { repository: "apache/airflow", tag: "3.3.2" } as const;
/** The API server's port (the chart's `ports.apiServer`). */
const API_SERVER_PORT = 8080;

/** Where DAG files appear in every Airflow container (the chart's default DAG folder). */
export const DAGS_FOLDER = "/opt/airflow/dags";
/** UID of the `airflow` user in the official image. */
const AIRFLOW_UID = 50000;

/** CPU and memory requests of a container; limits are twice the requests. */
export interface ContainerSize {
  readonly cpu: string;
  readonly memory: string;
}

/**
 * Airflow's metadata database: a Secret in Airflow's namespace whose key `connection` holds the
 * SQLAlchemy URI (TLS required), as `PostgresCluster` and `CloudSqlPostgres` provide it.
 */
export interface MetadataDatabase {
  readonly connectionSecretName: string;
  /**
   * The CA the database's certificate chains to: every Airflow container mounts its `key` at
   * {@link AIRFLOW_METADATA_CA_FILE}, which the connection may name as `sslrootcert`. @default none
   */
  readonly serverCa?: { readonly secretName: string; readonly key: string };
  /** What must exist before Airflow migrates the schema (the database, its login). @default [] */
  readonly resources?: readonly pulumi.Resource[];
}

/** Task logs in the lake. */
export interface AirflowRemoteLogs {
  readonly lake: DataLake;
  /** @default "processing" */
  readonly zone?: LakeZoneName;
  /** @default "airflow-logs" */
  readonly prefix?: string;
}

export interface AirflowArgs {
  /** Namespace of Airflow (plain: it names the in-cluster endpoints). */
  readonly namespace: string;
  /**
   * The pipelines whose DAGs Airflow runs: their DAG ConfigMaps are mounted together as the DAG
   * folder, and what their tasks need (connections, roles in other namespaces, access to the lake,
   * engine and warehouse) is granted to Airflow's own identity. @default []
   */
  readonly pipelines?: readonly PipelineDags[];
  /** Binds Airflow's service accounts to a cloud identity (GKE/AKS workload identity). @default none */
  readonly workloadIdentity?: WorkloadIdentityProvider;
  /** Task logs in the lake, with the lake's connection and write access on the zone. @default local logs only */
  readonly remoteLogs?: AirflowRemoteLogs;
  /** More connections: id → connection (Airflow JSON or URI, a Pulumi secret), injected as `AIRFLOW_CONN_*` from a Secret. @default {} */
  readonly connections?: Readonly<Record<string, pulumi.Input<string>>>;
  /** More connections: id → a key of an existing Secret in the namespace (e.g. a database login's `connection` URI). @default {} */
  readonly connectionSecrets?: Readonly<Record<string, { readonly secretName: string; readonly key: string }>>;
  /** The metadata database (PostgreSQL; the chart's bundled one pulls images that no longer exist). */
  readonly metadataDatabase: MetadataDatabase;
  /** @default 1 replica, 250m / 512Mi */
  readonly scheduler?: ContainerSize & { readonly replicas?: number };
  /** The API server (UI, REST API, task execution API). @default 1 replica, 250m / 1Gi */
  readonly apiServer?: ContainerSize & { readonly replicas?: number };
  /** The standalone DAG processor. @default 1 replica, 250m / 512Mi */
  readonly dagProcessor?: ContainerSize & { readonly replicas?: number };
  /** @default 100m / 256Mi */
  readonly triggerer?: ContainerSize;
  /** Each KubernetesExecutor task pod. @default 250m / 512Mi */
  readonly worker?: ContainerSize;
  /** Node labels of the system pool (scheduler, API server, DAG processor, triggerer, jobs). @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Node labels for task pods. @default nodeSelector */
  readonly workerNodeSelector?: Readonly<Record<string, string>>;
  /** Labels on Airflow's pods (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * An image built `FROM apache/airflow:3.3.2` with providers the official image lacks (e.g.
   * apache-airflow-providers-databricks for DatabricksRunNowOperator); its tag names that build.
   * @default AIRFLOW_IMAGE (apache/airflow:3.3.2)
   */
  readonly image?: { readonly repository: string; readonly tag: string };
  /** Keep the Fernet key (it decrypts the connections and variables in the metadata database). @default false */
  readonly protect?: boolean;
  /** HTTPS on the API server with a certificate from this issuer; every Airflow pod trusts the CA bundle. @default HTTP */
  readonly tls?: TlsSettings;
}

/** What the chart values are built from: the args with pipelines, identity and logs resolved. */
export interface AirflowChartSettings extends Omit<
  AirflowArgs,
  "pipelines" | "workloadIdentity" | "remoteLogs" | "connections" | "connectionSecrets"
> {
  /** ConfigMaps in the namespace whose keys are DAG files; mounted together as the DAG folder. */
  readonly dagConfigMaps: readonly string[];
  /** Connection id → the Secret key its `AIRFLOW_CONN_*` variable is read from. */
  readonly connectionRefs: Readonly<Record<string, { readonly secretName: string; readonly key: string }>>;
  /** `remote_base_log_folder` and the connection that reaches it. @default local logs only */
  readonly remoteLogging?: { readonly baseFolder: string; readonly connId: string };
  /** Annotations of the ServiceAccounts that call cloud APIs, per role (each its own cloud identity). @default {} */
  readonly serviceAccountAnnotations?: {
    readonly [role in AirflowRole]?: Readonly<Record<string, pulumi.Input<string>>>;
  };
}

/** What the scheduler does with the KubernetesExecutor's task pods: the chart's pod-launcher rules, no `pods/exec`. */
export const AIRFLOW_POD_LAUNCHER_RULES: readonly RbacRule[] = [
  { apiGroups: [""], resources: ["pods"], verbs: ["create", "list", "get", "patch", "watch", "delete"] },
  { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
  { apiGroups: [""], resources: ["events"], verbs: ["list"] },
];

/** A binding's service-account annotations, including those known only once its cloud identity exists. */
function annotationsOf(binding: WorkloadIdentityBinding): Readonly<Record<string, pulumi.Input<string>>> {
  return { ...binding.serviceAccountAnnotations, ...(binding.deferredServiceAccountAnnotations ?? {}) };
}

/** The Airflow components whose pods call cloud APIs, each on its own service account. */
type AirflowRole = "worker" | "triggerer" | "api-server";

const CONN_ID = /^[a-z][a-z0-9_]{0,99}$/;
const REMOTE_FOLDER = /^(s3|gs|wasb):\/\/[a-z0-9][a-z0-9._-]{1,62}(\/[A-Za-z0-9._-]+)*$/;
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Problems with the arguments, checked before anything is registered. */
export function airflowProblems(args: AirflowArgs): string[] {
  const problems: string[] = [];
  const ids = [...Object.keys(args.connections ?? {}), ...Object.keys(args.connectionSecrets ?? {})];
  for (const id of ids) {
    if (!CONN_ID.test(id))
      problems.push(
        `connections.${id}: expected a connection id of lowercase letters, digits and _ (it becomes AIRFLOW_CONN_${id.toUpperCase()})`,
      );
  }
  for (const id of Object.keys(args.connectionSecrets ?? {})) {
    if (id in (args.connections ?? {}))
      problems.push(`connectionSecrets.${id}: also in connections; give each connection once`);
  }
  const pipelines = args.pipelines ?? [];
  pipelines.forEach((pipeline, i) => {
    if (pipeline.dagNamespace !== args.namespace) {
      problems.push(
        `pipelines[${i}]: pipeline ${pipeline.pipelineName} delivers its DAG to namespace ${JSON.stringify(pipeline.dagNamespace)}; expected Airflow's ${JSON.stringify(args.namespace)}`,
      );
    }
    if (!NAME.test(pipeline.dagConfigMapName))
      problems.push(
        `pipelines[${i}].dagConfigMapName: got ${JSON.stringify(pipeline.dagConfigMapName)}; expected a ConfigMap name`,
      );
    for (const need of pipeline.needs) {
      if (need.kind === "connection" && !CONN_ID.test(need.connId))
        problems.push(
          `pipelines[${i}]: connection id ${JSON.stringify(need.connId)}; expected lowercase letters, digits and _`,
        );
      if (need.kind === "connection" && ids.includes(need.connId))
        problems.push(
          `connections.${need.connId}: also provided by pipeline ${pipeline.pipelineName}; give each connection once`,
        );
    }
  });
  const names = pipelines.map((p) => p.dagConfigMapName);
  if (new Set(names).size !== names.length) problems.push("pipelines: two pipelines deliver the same DAG ConfigMap");
  if (
    args.image &&
    (!/^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?$/.test(args.image.repository) ||
      !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(args.image.tag))
  ) {
    problems.push(`image: got ${JSON.stringify(args.image)}; expected a repository (registry/name) and a Docker tag`);
  }
  const prefix = args.remoteLogs?.prefix;
  if (prefix !== undefined && !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(prefix))
    problems.push(`remoteLogs.prefix: got ${JSON.stringify(prefix)}; expected a key prefix like airflow-logs`);
  return problems;
}

/** Problems with the resolved chart settings (what the chart values are built from). */
function chartSettingsProblems(settings: AirflowChartSettings): string[] {
  const problems: string[] = [];
  const ids = Object.keys(settings.connectionRefs);
  if (settings.remoteLogging) {
    if (!REMOTE_FOLDER.test(settings.remoteLogging.baseFolder))
      problems.push(
        `remoteLogging.baseFolder: got ${JSON.stringify(settings.remoteLogging.baseFolder)}; expected s3://, gs:// or wasb://bucket/folder`,
      );
    if (!ids.includes(settings.remoteLogging.connId))
      problems.push(
        `remoteLogging.connId: got ${JSON.stringify(settings.remoteLogging.connId)}; expected one of the connections (${ids.join(", ") || "none given"})`,
      );
  }
  return problems;
}

/** Limits twice the requests: room for bursts, bounded. */
function sized(size: ContainerSize): ResourceRequirements {
  const doubled = (quantity: string) => {
    const match = /^([0-9]+(?:\.[0-9]+)?)(.*)$/.exec(quantity);
    return match ? `${Number(match[1]) * 2}${match[2]}` : quantity;
  };
  return {
    requests: { cpu: size.cpu, memory: size.memory },
    limits: { cpu: doubled(size.cpu), memory: doubled(size.memory) },
  };
}

// Not read-only: Airflow writes task and DAG-processor logs under /opt/airflow/logs (no emptyDir in the
// API server), temporary files in /tmp; the chart (checked up to 1.19.0) mounts neither for every pod.
const CONTAINER_SECURITY: ContainerSecurity = { ...restrictedContainerSecurity(false) };
// The groomer only finds and deletes old files under the logs emptyDir the chart mounts into it.
const LOG_GROOMER_SECURITY = restrictedContainerSecurity(true);
const POD_SECURITY: PodSecurity = {
  runAsNonRoot: true,
  runAsUser: AIRFLOW_UID,
  runAsGroup: 0,
  fsGroup: 0,
  seccompProfile: { type: "RuntimeDefault" },
};

/** Names of the Secrets the component creates; the chart values reference only these. */
export function airflowSecretNames(name: string): {
  apiSecretKey: string;
  jwtSecret: string;
  fernetKey: string;
  admin: string;
  connections: string;
} {
  return {
    apiSecretKey: `${name}-api-secret-key`,
    jwtSecret: `${name}-jwt-secret`,
    fernetKey: `${name}-fernet-key`,
    admin: `${name}-admin-credentials`,
    connections: `${name}-connections`,
  };
}

/** Airflow 3's FAB auth manager (the chart's default for Airflow 3, stated so a policy can see it): users, roles, sessions. */
export const AIRFLOW_AUTH_MANAGER = "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager";
/** Where the API server's certificate and the CA bundle are mounted. */
const TLS_DIR = "/opt/airflow/tls";
const CA_DIR = "/opt/airflow/ca";
/** The platform CA (PEM) in every Airflow container where Airflow has `tls`: what its clients verify servers with. */
export const AIRFLOW_CA_FILE = `${CA_DIR}/ca.crt`;
const METADATA_CA_DIR = "/opt/airflow/metadata-db-ca";
/** The metadata database's CA (PEM) in every Airflow container, where the database names one. */
export const AIRFLOW_METADATA_CA_FILE = `${METADATA_CA_DIR}/ca.crt`;

/**
 * Creates the admin once, with the password read from the environment inside Python: no password
 * in any argv (`airflow users create -p` would put it in the process table).
 */
export const CREATE_ADMIN_SCRIPT = [
  "exec python - <<'PY'",
  "import os",
  "from airflow.providers.fab.auth_manager.cli_commands.utils import get_application_builder",
  "with get_application_builder() as appbuilder:",
  "    sm = appbuilder.sm",
  '    if sm.find_user(username="admin") is None:',
  '        role = sm.find_role("Admin")',
  '        if not sm.add_user("admin", "Platform", "Admin", "admin@example.invalid", role, os.environ["AIRFLOW_ADMIN_PASSWORD"]):',
  '            raise SystemExit("could not create the admin user")',
  "PY",
].join("\n");

/** The in-cluster URL of the API server: workers reach the task execution API there, not through an ingress. */
export function airflowApiServerUrl(name: string, namespace: string, tls = false): string {
  return `${tls ? "https" : "http"}://${name}-api-server.${namespace}.svc.cluster.local:${API_SERVER_PORT}`;
}

/** One key of a Secret as `ca.crt` in `dir`: the pod volume and every Airflow container's read-only mount. */
function caFileVolume(name: string, secretName: string, key: string, dir: string) {
  return {
    volume: { name, secret: { secretName, items: [{ key, path: "ca.crt" }] } },
    mount: { name, mountPath: dir, readOnly: true as const },
  };
}

/** The chart values; exported for tests of the executor, DAG delivery, secrets and security settings. */
export function airflowChartValues(name: string, args: AirflowChartSettings): AirflowChartValues {
  const secrets = airflowSecretNames(name);
  const image = args.image ?? AIRFLOW_IMAGE;
  const nodeSelector = { ...(args.nodeSelector ?? {}) };
  const tls = args.tls;
  // Every Airflow pod trusts the platform CA (tasks call the execution API over HTTPS, logs go to
  // MinIO) and the metadata database's CA: one file of each Secret (CloudNativePG's also holds the CA's key).
  const dbCa = args.metadataDatabase.serverCa;
  const caFiles = [
    ...(tls ? [caFileVolume("platform-ca", tls.caBundle.secretName, tls.caBundle.caKey, CA_DIR)] : []),
    ...(dbCa ? [caFileVolume("metadata-db-ca", dbCa.secretName, dbCa.key, METADATA_CA_DIR)] : []),
  ];
  // The task SDK's execution-API client loads `[api] ssl_cert` as a CA file (and fails where it is
  // missing), not SSL_CERT_FILE; that key names the server's certificate, mounted only in the API
  // server, so the task pods read the CA bundle there instead. The triggerer too: 3.3 calls the API
  // in-process, but Airflow's main branch moves it onto the same HTTP client.
  const executionApiClientEnv = tls ? [{ name: "AIRFLOW__API__SSL_CERT", value: AIRFLOW_CA_FILE }] : [];
  const probe = { scheme: tls ? ("HTTPS" as const) : ("HTTP" as const) };
  const serviceAccount = (role: AirflowRole): AirflowServiceAccount => ({
    create: true,
    name: `${name}-${role}`,
    annotations: { ...(args.serviceAccountAnnotations?.[role] ?? {}) },
  });
  const component = (size: ContainerSize) => ({
    resources: sized(size),
    nodeSelector,
    securityContexts: { pod: POD_SECURITY, container: CONTAINER_SECURITY },
    waitForMigrations: { securityContexts: { container: CONTAINER_SECURITY } },
  });
  const logGroomer = {
    enabled: true as const,
    resources: sized({ cpu: "50m", memory: "64Mi" }),
    securityContexts: { container: LOG_GROOMER_SECURITY },
  };
  const jobs = {
    resources: sized({ cpu: "100m", memory: "512Mi" }),
    useHelmHooks: false as const,
    nodeSelector,
    securityContexts: { pod: POD_SECURITY, container: CONTAINER_SECURITY },
  };
  const config: Record<string, Record<string, string>> = {
    core: {
      load_examples: "False",
      execution_api_server_url: `${airflowApiServerUrl(name, args.namespace, tls !== undefined)}/execution/`,
      auth_manager: AIRFLOW_AUTH_MANAGER,
    },
    api: { expose_config: "False", ...(tls ? { ssl_cert: `${TLS_DIR}/tls.crt`, ssl_key: `${TLS_DIR}/tls.key` } : {}) },
    logging: args.remoteLogging
      ? {
          remote_logging: "True",
          remote_base_log_folder: args.remoteLogging.baseFolder,
          remote_log_conn_id: args.remoteLogging.connId,
          encrypt_s3_logs: "False",
          delete_local_logs: "True",
        }
      : { remote_logging: "False" },
  };
  return {
    executor: "KubernetesExecutor",
    // The Airflow version is the base image's, also when an extended image is given.
    airflowVersion: AIRFLOW_IMAGE.tag,
    defaultAirflowRepository: image.repository,
    defaultAirflowTag: image.tag,
    images: {
      airflow: { repository: image.repository, tag: image.tag, pullPolicy: "IfNotPresent" },
      useDefaultImageForMigration: false,
    },
    uid: AIRFLOW_UID,
    gid: 0,
    securityContexts: { pod: POD_SECURITY, containers: CONTAINER_SECURITY },
    nodeSelector,
    labels: { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform" },
    rbac: { create: true, createSCCRoleBinding: false },
    multiNamespaceMode: false,
    allowPodLaunching: false,
    apiSecretKeySecretName: secrets.apiSecretKey,
    jwtSecretName: secrets.jwtSecret,
    fernetKeySecretName: secrets.fernetKey,
    data: { metadataSecretName: args.metadataDatabase.connectionSecretName },
    secret: Object.entries(args.connectionRefs)
      .map(([id, ref]) => ({ envName: connectionEnvName(id), secretName: ref.secretName, secretKey: ref.key }))
      .sort((a, b) => compareText(a.envName, b.envName)),
    volumes: [
      {
        name: "dags",
        projected: {
          sources: [`${name}-dags-folder`, ...args.dagConfigMaps].map((configMap) => ({
            configMap: { name: configMap },
          })),
        },
      },
      ...caFiles.map((file) => file.volume),
    ],
    volumeMounts: [{ name: "dags", mountPath: DAGS_FOLDER, readOnly: true }, ...caFiles.map((file) => file.mount)],
    // Python's ssl defaults and botocore (MinIO); requests keeps certifi for cloud APIs.
    env: tls
      ? [
          { name: "SSL_CERT_FILE", value: AIRFLOW_CA_FILE },
          { name: "AWS_CA_BUNDLE", value: AIRFLOW_CA_FILE },
        ]
      : [],
    dags: { persistence: { enabled: false }, gitSync: { enabled: false } },
    logs: { persistence: { enabled: false } },
    config,
    scheduler: {
      ...component(args.scheduler ?? { cpu: "250m", memory: "512Mi" }),
      replicas: args.scheduler?.replicas ?? 1,
      logGroomerSidecar: logGroomer,
      serviceAccount: { create: true, name: `${name}-scheduler`, annotations: {} },
    },
    apiServer: {
      ...component(args.apiServer ?? { cpu: "250m", memory: "1Gi" }),
      replicas: args.apiServer?.replicas ?? 1,
      serviceAccount: serviceAccount("api-server"),
      service: { type: "ClusterIP" },
      livenessProbe: probe,
      readinessProbe: probe,
      startupProbe: probe,
      extraVolumes: tls ? [{ name: "tls", secret: { secretName: `${name}-api-server-tls` } }] : [],
      extraVolumeMounts: tls ? [{ name: "tls", mountPath: TLS_DIR, readOnly: true as const }] : [],
    },
    dagProcessor: {
      ...component(args.dagProcessor ?? { cpu: "250m", memory: "512Mi" }),
      enabled: true,
      replicas: args.dagProcessor?.replicas ?? 1,
      logGroomerSidecar: logGroomer,
    },
    triggerer: {
      ...component(args.triggerer ?? { cpu: "100m", memory: "256Mi" }),
      replicas: 1,
      persistence: { enabled: false },
      logGroomerSidecar: logGroomer,
      serviceAccount: serviceAccount("triggerer"),
      env: executionApiClientEnv,
    },
    workers: {
      resources: sized(args.worker ?? { cpu: "250m", memory: "512Mi" }),
      nodeSelector: { ...(args.workerNodeSelector ?? nodeSelector) },
      securityContexts: { pod: POD_SECURITY, container: CONTAINER_SECURITY },
      serviceAccount: serviceAccount("worker"),
      env: executionApiClientEnv,
    },
    migrateDatabaseJob: jobs,
    createUserJob: {
      ...jobs,
      // The password is read from the environment (a Secret), never written into values or args.
      args: ["bash", "-c", CREATE_ADMIN_SCRIPT],
      env: [{ name: "AIRFLOW_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: secrets.admin, key: "password" } } }],
      defaultUser: {
        enabled: true,
        role: "Admin",
        username: "admin",
        email: "admin@example.invalid",
        firstName: "Platform",
        lastName: "Admin",
        password: "",
      },
    },
    statsd: { enabled: false },
    redis: { enabled: false },
    pgbouncer: { enabled: false },
    flower: { enabled: false },
    cleanup: { enabled: false },
    networkPolicies: { enabled: false },
    postgresql: { enabled: false },
  };
}

/**
 * Apache Airflow from the official chart with the KubernetesExecutor, as the platform's
 * orchestrator: it receives its pipelines' DAGs (ConfigMaps projected into the DAG folder of the
 * scheduler and every task pod) and fulfils what their tasks need for its own identity — the
 * connections (as `AIRFLOW_CONN_*` from a Secret), roles in the engines' namespaces, and access to
 * the lake, engine and warehouse. Generated API secret key, JWT secret, Fernet key and admin password in
 * Secrets the chart references; remote task logs in the lake; workload identity when a provider is
 * given; non-root with requests and limits everywhere.
 */
export class Airflow extends pulumi.ComponentResource implements Orchestrator {
  readonly kind = "airflow" as const;
  /** In-cluster URL of the API server and UI (`kubectl port-forward svc/<release>-api-server 8080`). */
  readonly apiServerUrl: pulumi.Output<string>;
  readonly namespace: string;
  readonly identity: WorkloadIdentity;
  readonly serviceAccounts: Orchestrator["serviceAccounts"];
  /** Connection ids the DAGs can use. */
  readonly connectionIds: readonly string[];
  /** The API server (UI, REST API, task execution API). */
  readonly listeners: readonly Listener[];

  constructor(name: string, args: AirflowArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("Airflow", airflowProblems(args));
    super("batch-platform:orchestrator:Airflow", name, {}, opts);
    const secrets = airflowSecretNames(name);
    this.namespace = args.namespace;
    const account = (role: string): KubernetesServiceAccountRef => ({
      namespace: args.namespace,
      name: `${name}-${role}`,
    });
    this.serviceAccounts = {
      worker: account("worker"),
      triggerer: account("triggerer"),
      apiServer: account("api-server"),
    };
    const pipelines = args.pipelines ?? [];
    const logs = args.remoteLogs;
    const logNeeds = logs ? [logs.lake.dagOperations.connection] : [];
    const needs = mergeNeeds([...logNeeds, ...pipelines.flatMap((p) => p.needs)]);

    // Workers run tasks, the triggerer runs their deferred parts, the API server reads remote logs.
    // With a cloud identity each role is its own account; without one (keys in connections, which
    // every Airflow component shares) the three service accounts are one identity.
    const { worker, triggerer, apiServer } = this.serviceAccounts;
    const cloud = args.workloadIdentity;
    const cloudRoles = needs.cloudRoles;
    const binding = cloud
      ? cloud.bind(
          { name, displayName: "Airflow workers (run the DAGs' tasks)", serviceAccounts: [worker], cloudRoles },
          // Declared at the top level before the orchestrator owned it; the alias keeps the deployed account.
          { parent: this, aliases: [{ parent: pulumi.rootStackResource }] },
        )
      : kubernetesIdentity(name, [worker, triggerer, apiServer]);
    const triggererBinding = cloud?.bind(
      {
        name: `${name}-trigger`,
        displayName: "Airflow triggerer (runs deferred tasks)",
        serviceAccounts: [triggerer],
        cloudRoles,
      },
      { parent: this },
    );
    const apiBinding = cloud?.bind(
      { name: `${name}-api`, displayName: "Airflow API server (reads task logs)", serviceAccounts: [apiServer] },
      { parent: this },
    );
    this.identity = binding.identity;
    const taskIdentities = [binding.identity, ...(triggererBinding ? [triggererBinding.identity] : [])];
    const labels = {
      ...(args.labels ?? {}),
      ...binding.podLabels,
      "app.kubernetes.io/part-of": "batch-platform",
      "app.kubernetes.io/component": "orchestrator",
    };

    let remoteLogging: AirflowChartSettings["remoteLogging"];
    if (logs) {
      const zone = logs.zone ?? "processing";
      const prefix = logs.prefix ?? "airflow-logs";
      // Task logs only: the log prefix, not the zone; the API server only reads them.
      for (const identity of taskIdentities) logs.lake.grant(identity, zone, "write", `${prefix}/`);
      if (apiBinding) logs.lake.grant(apiBinding.identity, zone, "read", `${prefix}/`);
      const { dagOperations } = logs.lake;
      remoteLogging = { baseFolder: dagOperations.remoteLogFolder(zone, prefix), connId: dagOperations.connId };
    }
    for (const grant of needs.access.values()) for (const identity of taskIdentities) grant(identity);

    const inline: Record<string, pulumi.Input<string>> = { ...(args.connections ?? {}) };
    const connectionRefs: Record<string, { secretName: string; key: string }> = { ...(args.connectionSecrets ?? {}) };
    for (const [id, connection] of needs.connections) {
      const value: ConnectionValue = connection(this.identity);
      if ("value" in value) inline[id] = value.value;
      else connectionRefs[id] = { secretName: value.secretName, key: value.key };
    }
    for (const id of Object.keys(inline))
      connectionRefs[id] = { secretName: secrets.connections, key: connectionEnvName(id) };
    this.connectionIds = Object.keys(connectionRefs).sort(compareText);

    const settings: AirflowChartSettings = {
      ...args,
      labels: { ...(args.labels ?? {}), ...binding.podLabels },
      dagConfigMaps: pipelines.map((p) => p.dagConfigMapName),
      connectionRefs,
      ...(remoteLogging ? { remoteLogging } : {}),
      serviceAccountAnnotations: {
        worker: annotationsOf(binding),
        triggerer: annotationsOf(triggererBinding ?? binding),
        "api-server": annotationsOf(apiBinding ?? binding),
      },
    };
    assertNoProblems("Airflow", chartSettingsProblems(settings));

    const secret = (secretName: string, stringData: Record<string, pulumi.Input<string>>) =>
      new Secret(
        secretName,
        { metadata: { name: secretName, namespace: args.namespace, labels }, type: "Opaque", stringData },
        { parent: this },
      );
    const password = (suffix: string, length: number, keep?: boolean) => {
      const options = { parent: this, ...(keep ? { protect: true } : {}) };
      return new RandomPassword(`${name}-${suffix}`, { length, special: false }, options).result;
    };

    const created: pulumi.Resource[] = [
      // Owned here, not generated by the chart: the chart would rotate both on every upgrade.
      secret(secrets.apiSecretKey, { "api-secret-key": password("api-secret-key", 64) }),
      secret(secrets.jwtSecret, { "jwt-secret": password("jwt-secret", 128) }),
      // A Fernet key is 32 bytes in url-safe base64: 43 such characters plus one "=" of padding.
      // Kept in prod: it decrypts what the metadata database holds.
      secret(secrets.fernetKey, { "fernet-key": pulumi.interpolate`${password("fernet-key", 43, args.protect)}=` }),
      secret(secrets.admin, { username: "admin", password: password("admin-password", 24) }),
      secret(
        secrets.connections,
        Object.fromEntries(Object.entries(inline).map(([id, value]) => [connectionEnvName(id), pulumi.secret(value)])),
      ),
    ];

    // The DAG folder's own file: without it Airflow would walk the ConfigMap volume's `..data` links.
    const manifests = newManifestChart(`${name}-manifests`);
    new KubeConfigMap(manifests, "dags-folder", {
      metadata: { name: `${name}-dags-folder`, namespace: args.namespace, labels },
      data: { ".airflowignore": "^\\.\\.\n" },
    });
    // The scheduler launches and follows the task pods (KubernetesExecutor): no exec, nothing else.
    const launcher = `${name}-scheduler-pod-launcher`;
    new KubeRole(manifests, "scheduler-pod-launcher", {
      metadata: { name: launcher, namespace: args.namespace, labels },
      rules: AIRFLOW_POD_LAUNCHER_RULES.map((r) => ({
        apiGroups: [...r.apiGroups],
        resources: [...r.resources],
        verbs: [...r.verbs],
      })),
    });
    new KubeRoleBinding(manifests, "scheduler-pod-launcher-binding", {
      metadata: { name: launcher, namespace: args.namespace, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: launcher },
      subjects: [{ kind: "ServiceAccount", name: `${name}-scheduler`, namespace: args.namespace }],
    });
    for (const [namespace, rules] of needs.kubernetesRoles) {
      const roleName = `${name}-worker-${args.namespace}`;
      new KubeRole(manifests, `role-${namespace}`, {
        metadata: { name: roleName, namespace, labels },
        rules: rules.map((rule: RbacRule) => ({
          apiGroups: [...rule.apiGroups],
          resources: [...rule.resources],
          verbs: [...rule.verbs],
        })),
      });
      new KubeRoleBinding(manifests, `role-binding-${namespace}`, {
        metadata: { name: roleName, namespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
        subjects: [{ kind: "ServiceAccount", name: this.serviceAccounts.worker.name, namespace: args.namespace }],
      });
    }
    const group = deployManifests(`${name}-manifests`, manifests, { parent: this });
    if (args.tls) {
      const tlsChart = newManifestChart(`${name}-tls`);
      const dnsNames = serviceDnsNames(`${name}-api-server`, args.namespace);
      const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform" };
      new ApiObject(
        tlsChart,
        "certificate",
        serverCertificate({
          name: `${name}-api-server-tls`,
          namespace: args.namespace,
          dnsNames,
          issuer: args.tls.issuer,
          labels,
        }),
      );
      created.push(deployManifests(`${name}-tls`, tlsChart, { parent: this }));
    }

    new Chart(
      `${name}-chart`,
      {
        name,
        chart: AIRFLOW_CHART.chart,
        version: AIRFLOW_CHART.version,
        repositoryOpts: { repo: AIRFLOW_CHART.repo },
        namespace: args.namespace,
        values: helmValues(airflowChartValues(name, settings)),
      },
      { parent: this, dependsOn: [...created, group, ...(args.metadataDatabase.resources ?? [])] },
    );
    this.apiServerUrl = pulumi.output(airflowApiServerUrl(name, args.namespace, args.tls !== undefined));
    this.listeners = [
      {
        component: "airflow",
        name: "api-server",
        kind: "ui",
        namespace: args.namespace,
        service: `${name}-api-server`,
        port: API_SERVER_PORT,
        tls: args.tls ? "tls" : "none",
        certificate: args.tls ? `cert-manager Certificate ${name}-api-server-tls` : "",
        authentication: "airflow-auth-manager",
        authorization: "FAB roles (the admin from a Secret); the execution API takes task JWTs",
      },
    ];
    this.registerOutputs({ apiServerUrl: this.apiServerUrl });
  }
}
