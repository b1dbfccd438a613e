import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { KubeConfigMap, KubeRole, KubeRoleBinding } from "cdk8s-plus-34/lib/imports/k8s";
import { assertNoProblems } from "../common/validation";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { connectionEnvName } from "./airflow-connections";
import type { AirflowServiceAccount, AirflowChartValues, ContainerSecurity, PodSecurity } from "./airflow-chart-values";
import { helmValues } from "../k8s/helm-values";
import type { ResourceRequirements } from "../k8s/value-types";
import { compareText } from "../common/compare-text";

/** Pinned upstream chart and images. */
export const AIRFLOW_CHART = { repo: "https://airflow.apache.org", chart: "airflow", version: "1.16.0" } as const;
export const AIRFLOW_IMAGE = { repository: "apache/airflow", tag: "2.10.5" } as const;
/** The bitnami PostgreSQL the chart bundles (subchart 13.x), pinned. */
export const AIRFLOW_POSTGRES_IMAGE = { registry: "docker.io", repository: "bitnami/postgresql", tag: "16.1.0-debian-11-r15" } as const;

/** Where DAG files appear in every Airflow container (the chart's default DAG folder). */
export const DAGS_FOLDER = "/opt/airflow/dags";
/** UID of the `airflow` user in the official image. */
const AIRFLOW_UID = 50000;

/** CPU and memory requests of a container; limits are twice the requests. */
export interface ContainerSize {
  readonly cpu: string;
  readonly memory: string;
}

/** A namespaced RBAC rule. */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/** Permissions the worker ServiceAccount gets in another namespace (what the DAGs' operators do there). */
export interface WorkerRole {
  readonly namespace: string;
  readonly rules: readonly RbacRule[];
}

/** The chart's PostgreSQL with a persistent volume (supported; the production guide prefers a managed one). */
export interface BundledDatabase {
  readonly kind: "bundled";
  /** @default "8Gi" */
  readonly volumeSize?: string;
  /** @default the cluster's default */
  readonly storageClassName?: string;
  /** @default 250m / 512Mi */
  readonly size?: ContainerSize;
}

/** A PostgreSQL elsewhere; the Secret (in the Airflow namespace) holds the SQLAlchemy URI under `connection`. */
export interface ExternalDatabase {
  readonly kind: "external";
  readonly secretName: string;
}

export interface AirflowArgs {
  /** Namespace of Airflow (plain: it names the in-cluster endpoints). */
  readonly namespace: string;
  /** ConfigMaps in the namespace whose keys are DAG files; mounted together as the DAG folder. */
  readonly dagConfigMaps: readonly string[];
  /** Connection id → connection (Airflow JSON or URI, a Pulumi secret); injected as `AIRFLOW_CONN_*` from a Secret. @default {} */
  readonly connections?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Connection id → a key of an existing Secret in the namespace holding the connection (e.g. a database login's `connection` URI). @default {} */
  readonly connectionSecrets?: Readonly<Record<string, { readonly secretName: string; readonly key: string }>>;
  /** Task logs in object storage: `s3://…` or `gs://…` folder and the connection that reaches it. @default local logs only */
  readonly remoteLogging?: { readonly baseFolder: string; readonly connId: string };
  /** The metadata database. @default { kind: "bundled" } */
  readonly metadataDatabase?: BundledDatabase | ExternalDatabase;
  /**
   * Annotations of the ServiceAccounts that call cloud APIs — workers (tasks), the triggerer
   * (deferred waits, e.g. for a Dataflow job) and the webserver (reads remote task logs) — such
   * as `iam.gke.io/gcp-service-account`. Names: `<name>-worker`, `-triggerer`, `-webserver`. @default {}
   */
  readonly cloudIdentityAnnotations?: Readonly<Record<string, string>>;
  /** Roles for the worker ServiceAccount in other namespaces (e.g. SparkApplications in the job namespace). @default [] */
  readonly workerRoles?: readonly WorkerRole[];
  /** @default 1 replica, 250m / 512Mi */
  readonly scheduler?: ContainerSize & { readonly replicas?: number };
  /** @default 1 replica, 250m / 1Gi */
  readonly webserver?: ContainerSize & { readonly replicas?: number };
  /** @default 100m / 256Mi */
  readonly triggerer?: ContainerSize;
  /** Each KubernetesExecutor task pod. @default 250m / 512Mi */
  readonly worker?: ContainerSize;
  /** Node labels of the system pool (scheduler, webserver, triggerer, jobs). @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Node labels for task pods. @default nodeSelector */
  readonly workerNodeSelector?: Readonly<Record<string, string>>;
  /** Node labels for the bundled database (the stateful pool). @default nodeSelector */
  readonly databaseNodeSelector?: Readonly<Record<string, string>>;
  /** Labels on Airflow's pods (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const CONN_ID = /^[a-z][a-z0-9_]{0,99}$/;
const REMOTE_FOLDER = /^(s3|gs|wasb):\/\/[a-z0-9][a-z0-9._-]{1,62}(\/[A-Za-z0-9._-]+)*$/;
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function airflowProblems(args: AirflowArgs): string[] {
  const problems: string[] = [];
  const ids = [...Object.keys(args.connections ?? {}), ...Object.keys(args.connectionSecrets ?? {})];
  for (const id of ids) {
    if (!CONN_ID.test(id)) problems.push(`connections.${id}: expected a connection id of lowercase letters, digits and _ (it becomes AIRFLOW_CONN_${id.toUpperCase()})`);
  }
  for (const id of Object.keys(args.connectionSecrets ?? {})) {
    if (id in (args.connections ?? {})) problems.push(`connectionSecrets.${id}: also in connections; give each connection once`);
  }
  if (args.remoteLogging) {
    if (!REMOTE_FOLDER.test(args.remoteLogging.baseFolder)) problems.push(`remoteLogging.baseFolder: got ${JSON.stringify(args.remoteLogging.baseFolder)}; expected s3://bucket/folder or gs://bucket/folder`);
    if (!ids.includes(args.remoteLogging.connId)) problems.push(`remoteLogging.connId: got ${JSON.stringify(args.remoteLogging.connId)}; expected one of the connections (${ids.join(", ") || "none given"})`);
  }
  args.dagConfigMaps.forEach((name, i) => {
    if (!NAME.test(name)) problems.push(`dagConfigMaps[${i}]: got ${JSON.stringify(name)}; expected a ConfigMap name`);
  });
  if (new Set(args.dagConfigMaps).size !== args.dagConfigMaps.length) problems.push("dagConfigMaps: a ConfigMap is listed twice");
  return problems;
}

/** Limits twice the requests: room for bursts, bounded. */
function sized(size: ContainerSize): ResourceRequirements {
  const doubled = (quantity: string) => {
    const match = /^([0-9]+(?:\.[0-9]+)?)(.*)$/.exec(quantity);
    return match ? `${Number(match[1]) * 2}${match[2]}` : quantity;
  };
  return { requests: { cpu: size.cpu, memory: size.memory }, limits: { cpu: doubled(size.cpu), memory: doubled(size.memory) } };
}

const CONTAINER_SECURITY: ContainerSecurity = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };
const POD_SECURITY: PodSecurity = { runAsNonRoot: true, runAsUser: AIRFLOW_UID, runAsGroup: 0, fsGroup: 0, seccompProfile: { type: "RuntimeDefault" } };

/** Names of the Secrets the component creates; the chart values reference only these. */
export function airflowSecretNames(name: string): { webserverSecretKey: string; fernetKey: string; metadata: string; postgres: string; admin: string; connections: string } {
  return {
    webserverSecretKey: `${name}-webserver-secret-key`,
    fernetKey: `${name}-fernet-key`,
    metadata: `${name}-metadata`,
    postgres: `${name}-postgresql-credentials`,
    admin: `${name}-admin-credentials`,
    connections: `${name}-connections`,
  };
}

/** The chart values; exported for tests of the executor, DAG delivery, secrets and security settings. */
export function airflowChartValues(name: string, args: AirflowArgs): AirflowChartValues {
  const secrets = airflowSecretNames(name);
  const nodeSelector = { ...(args.nodeSelector ?? {}) };
  const database = args.metadataDatabase ?? { kind: "bundled" };
  const serviceAccount = (role: "worker" | "triggerer" | "webserver"): AirflowServiceAccount => ({ create: true, name: `${name}-${role}`, annotations: { ...(args.cloudIdentityAnnotations ?? {}) } });
  const component = (size: ContainerSize) => ({
    resources: sized(size),
    nodeSelector,
    securityContexts: { pod: POD_SECURITY, container: CONTAINER_SECURITY },
    waitForMigrations: { securityContexts: { container: CONTAINER_SECURITY } },
  });
  const logGroomer = { enabled: true as const, resources: sized({ cpu: "50m", memory: "64Mi" }), securityContexts: { container: CONTAINER_SECURITY } };
  const jobs = { resources: sized({ cpu: "100m", memory: "512Mi" }), useHelmHooks: false as const, nodeSelector, securityContexts: { pod: POD_SECURITY, container: CONTAINER_SECURITY } };
  const config: Record<string, Record<string, string>> = {
    core: { load_examples: "False" },
    webserver: { expose_config: "False" },
    logging: args.remoteLogging
      ? { remote_logging: "True", remote_base_log_folder: args.remoteLogging.baseFolder, remote_log_conn_id: args.remoteLogging.connId, encrypt_s3_logs: "False", delete_local_logs: "True" }
      : { remote_logging: "False" },
  };
  return {
    executor: "KubernetesExecutor",
    airflowVersion: AIRFLOW_IMAGE.tag,
    defaultAirflowRepository: AIRFLOW_IMAGE.repository,
    defaultAirflowTag: AIRFLOW_IMAGE.tag,
    images: { airflow: { ...AIRFLOW_IMAGE, pullPolicy: "IfNotPresent" }, useDefaultImageForMigration: false },
    uid: AIRFLOW_UID,
    gid: 0,
    securityContexts: { pod: POD_SECURITY, containers: CONTAINER_SECURITY },
    nodeSelector,
    labels: { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform" },
    rbac: { create: true, createSCCRoleBinding: false },
    multiNamespaceMode: false,
    allowPodLaunching: true,
    webserverSecretKeySecretName: secrets.webserverSecretKey,
    fernetKeySecretName: secrets.fernetKey,
    data: { metadataSecretName: database.kind === "external" ? database.secretName : secrets.metadata },
    secret: [
      ...Object.keys(args.connections ?? {}).map((id) => ({ envName: connectionEnvName(id), secretName: secrets.connections, secretKey: connectionEnvName(id) })),
      ...Object.entries(args.connectionSecrets ?? {}).map(([id, ref]) => ({ envName: connectionEnvName(id), secretName: ref.secretName, secretKey: ref.key })),
    ].sort((a, b) => compareText(a.envName, b.envName)),
    volumes: [{ name: "dags", projected: { sources: [`${name}-dags-folder`, ...args.dagConfigMaps].map((configMap) => ({ configMap: { name: configMap } })) } }],
    volumeMounts: [{ name: "dags", mountPath: DAGS_FOLDER, readOnly: true }],
    dags: { persistence: { enabled: false }, gitSync: { enabled: false } },
    logs: { persistence: { enabled: false } },
    config,
    scheduler: { ...component(args.scheduler ?? { cpu: "250m", memory: "512Mi" }), replicas: args.scheduler?.replicas ?? 1, logGroomerSidecar: logGroomer },
    webserver: {
      ...component(args.webserver ?? { cpu: "250m", memory: "1Gi" }),
      replicas: args.webserver?.replicas ?? 1,
      serviceAccount: serviceAccount("webserver"),
      service: { type: "ClusterIP" },
      defaultUser: { enabled: true, role: "Admin", username: "admin", email: "admin@example.invalid", firstName: "Platform", lastName: "Admin", password: "" },
    },
    triggerer: { ...component(args.triggerer ?? { cpu: "100m", memory: "256Mi" }), replicas: 1, persistence: { enabled: false }, logGroomerSidecar: logGroomer, serviceAccount: serviceAccount("triggerer") },
    workers: {
      resources: sized(args.worker ?? { cpu: "250m", memory: "512Mi" }),
      nodeSelector: { ...(args.workerNodeSelector ?? nodeSelector) },
      securityContexts: { pod: POD_SECURITY, container: CONTAINER_SECURITY },
      serviceAccount: serviceAccount("worker"),
      persistence: { enabled: false },
    },
    dagProcessor: { enabled: false },
    migrateDatabaseJob: jobs,
    createUserJob: {
      ...jobs,
      // The password is read from the environment (a Secret), never written into values or args.
      args: [
        "bash",
        "-c",
        'exec airflow users create -r "Admin" -u "admin" -e "admin@example.invalid" -f "Platform" -l "Admin" -p "$AIRFLOW_ADMIN_PASSWORD"',
      ],
      env: [{ name: "AIRFLOW_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: secrets.admin, key: "password" } } }],
    },
    statsd: { enabled: false },
    redis: { enabled: false },
    pgbouncer: { enabled: false },
    flower: { enabled: false },
    cleanup: { enabled: false },
    networkPolicies: { enabled: false },
    postgresql:
      database.kind === "bundled"
        ? {
            enabled: true,
            image: { ...AIRFLOW_POSTGRES_IMAGE },
            auth: { enablePostgresUser: true, existingSecret: secrets.postgres },
            primary: {
              resources: sized(database.size ?? { cpu: "250m", memory: "512Mi" }),
              nodeSelector: { ...(args.databaseNodeSelector ?? nodeSelector) },
              persistence: { enabled: true, size: database.volumeSize ?? "8Gi", ...(database.storageClassName ? { storageClass: database.storageClassName } : {}) },
            },
          }
        : { enabled: false },
  };
}

/**
 * Apache Airflow from the official chart with the KubernetesExecutor: generated webserver secret
 * key, fernet key and admin password in Secrets the chart references, connections as
 * `AIRFLOW_CONN_*` from a Secret, remote task logs, DAG files from ConfigMaps (projected into the
 * DAG folder of the scheduler and every task pod), namespaced RBAC plus exactly the roles the DAGs'
 * operators need elsewhere, non-root with requests and limits everywhere. Engine-specific parts
 * (connections, worker roles, ServiceAccount annotations, log folder) are arguments, so the same
 * component runs on GKE.
 */
export class Airflow extends pulumi.ComponentResource {
  /** In-cluster URL of the web UI (`kubectl port-forward svc/<release>-webserver 8080`). */
  readonly webserverUrl: pulumi.Output<string>;
  /** The worker ServiceAccount (task pods run as it). */
  readonly workerServiceAccount: string;
  readonly namespace: string;
  /** Connection ids the DAGs can use. */
  readonly connectionIds: readonly string[];

  constructor(name: string, args: AirflowArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("Airflow", airflowProblems(args));
    super("batch-platform:orchestrator:Airflow", name, {}, opts);
    const secrets = airflowSecretNames(name);
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/component": "orchestrator" };
    this.namespace = args.namespace;
    this.workerServiceAccount = `${name}-worker`;
    this.connectionIds = [...Object.keys(args.connections ?? {}), ...Object.keys(args.connectionSecrets ?? {})].sort();
    const database = args.metadataDatabase ?? { kind: "bundled" };

    const secret = (secretName: string, stringData: Record<string, pulumi.Input<string>>) =>
      new Secret(secretName, { metadata: { name: secretName, namespace: args.namespace, labels }, type: "Opaque", stringData }, { parent: this });
    const password = (suffix: string, length: number) => new RandomPassword(`${name}-${suffix}`, { length, special: false }, { parent: this }).result;

    const created: Secret[] = [
      secret(secrets.webserverSecretKey, { "webserver-secret-key": password("webserver-secret-key", 64) }),
      // A Fernet key is 32 bytes in url-safe base64: 43 such characters plus one "=" of padding.
      secret(secrets.fernetKey, { "fernet-key": pulumi.interpolate`${password("fernet-key", 43)}=` }),
      secret(secrets.admin, { username: "admin", password: password("admin-password", 24) }),
      secret(secrets.connections, Object.fromEntries(Object.entries(args.connections ?? {}).map(([id, value]) => [connectionEnvName(id), pulumi.secret(value)]))),
    ];
    if (database.kind === "bundled") {
      const databasePassword = password("postgres-password", 32);
      created.push(secret(secrets.postgres, { "postgres-password": databasePassword }));
      created.push(secret(secrets.metadata, { connection: pulumi.interpolate`postgresql://postgres:${databasePassword}@${name}-postgresql.${args.namespace}:5432/postgres?sslmode=disable` }));
    }

    // The DAG folder's own file: without it Airflow would walk the ConfigMap volume's `..data` links.
    const manifests = newManifestChart(`${name}-manifests`);
    new KubeConfigMap(manifests, "dags-folder", {
      metadata: { name: `${name}-dags-folder`, namespace: args.namespace, labels },
      data: { ".airflowignore": "^\\.\\.\n" },
    });
    for (const role of args.workerRoles ?? []) {
      const roleName = `${name}-worker-${args.namespace}`;
      new KubeRole(manifests, `role-${role.namespace}`, {
        metadata: { name: roleName, namespace: role.namespace, labels },
        rules: role.rules.map((rule) => ({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] })),
      });
      new KubeRoleBinding(manifests, `role-binding-${role.namespace}`, {
        metadata: { name: roleName, namespace: role.namespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
        subjects: [{ kind: "ServiceAccount", name: this.workerServiceAccount, namespace: args.namespace }],
      });
    }
    const group = deployManifests(`${name}-manifests`, manifests, { parent: this });

    new Chart(
      `${name}-chart`,
      {
        name,
        chart: AIRFLOW_CHART.chart,
        version: AIRFLOW_CHART.version,
        repositoryOpts: { repo: AIRFLOW_CHART.repo },
        namespace: args.namespace,
        values: helmValues(airflowChartValues(name, args)),
      },
      { parent: this, dependsOn: [...created, group] },
    );
    this.webserverUrl = pulumi.output(`http://${name}-webserver.${args.namespace}.svc.cluster.local:8080`);
    this.registerOutputs({ webserverUrl: this.webserverUrl });
  }
}
