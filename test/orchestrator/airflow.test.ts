import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import {
  Airflow,
  AIRFLOW_CHART,
  AIRFLOW_IMAGE,
  AIRFLOW_AUTH_MANAGER,
  AIRFLOW_METADATA_CA_FILE,
  airflowChartValues,
  airflowProblems,
  DAGS_FOLDER,
  type AirflowArgs,
  type AirflowChartSettings,
} from "../../components/orchestrator/airflow";
import { connectionEnvName, inClusterKubernetesConnection, postgresConnection, s3Connection } from "../../components/orchestrator/airflow-connections";
import type { PipelineDags } from "../../components/orchestrator/orchestrator";
import type { WorkloadIdentityProvider, WorkloadIdentityRequest } from "../../components/identity/workload-identity";
import { SPARK_SUBMITTER_RULES } from "../../components/engine/spark-engine";
import { minioLake } from "../helpers/parts";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const settings: AirflowChartSettings = {
  namespace: "orchestration",
  dagConfigMaps: ["dag-orders", "dag-card-transactions"],
  connectionRefs: {
    kubernetes_default: { secretName: "airflow-connections", key: "AIRFLOW_CONN_KUBERNETES_DEFAULT" },
    minio_s3: { secretName: "airflow-connections", key: "AIRFLOW_CONN_MINIO_S3" },
    yugabyte_ysql: { secretName: "airflow-warehouse-credentials", key: "connection" },
  },
  remoteLogging: { baseFolder: "s3://processing/airflow-logs", connId: "minio_s3" },
  serviceAccountAnnotations: {
    worker: { "iam.gke.io/gcp-service-account": "airflow@project.iam.gserviceaccount.com" },
    triggerer: { "iam.gke.io/gcp-service-account": "airflow-trigger@project.iam.gserviceaccount.com" },
    "api-server": { "iam.gke.io/gcp-service-account": "airflow-api@project.iam.gserviceaccount.com" },
  },
  nodeSelector: { "batch-platform.io/pool": "system" },
  metadataDatabase: { connectionSecretName: "airflow-db-connection" },
};

/** What a pipeline on MinIO + Spark hands its orchestrator. */
function pipelineDags(name: string): PipelineDags {
  return {
    pipelineName: name,
    dagNamespace: "orchestration",
    dagConfigMapName: `dag-${name}`,
    needs: [
      { kind: "connection", connId: "minio_s3", connection: () => ({ value: s3Connection("http://minio.lake.svc.cluster.local:9000", "lake-admin", pulumi.secret("s3-secret-value")) }) },
      { kind: "connection", connId: "kubernetes_default", connection: () => ({ value: inClusterKubernetesConnection("processing") }) },
      { kind: "kubernetesRole", namespace: "processing", rules: SPARK_SUBMITTER_RULES },
      { kind: "cloudRole", role: "roles/bigquery.jobUser" },
      { kind: "access", key: "lake:landing:write", grant: (identity) => granted.push(`${identity.name}:${name}`) },
    ],
  };
}
const granted: string[] = [];
const requests: WorkloadIdentityRequest[] = [];
/** A workload identity that records what it was asked to bind. */
const recordingIdentity: WorkloadIdentityProvider = {
  bind: (request) => {
    requests.push(request);
    return { identity: { name: request.name, serviceAccounts: request.serviceAccounts }, serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": "a@p.iam.gserviceaccount.com" }, podLabels: {} };
  },
};
const args: AirflowArgs = {
  namespace: "orchestration",
  pipelines: [pipelineDags("orders"), pipelineDags("card-transactions")],
  workloadIdentity: recordingIdentity,
  connectionSecrets: { yugabyte_ysql: { secretName: "airflow-warehouse-credentials", key: "connection" } },
  nodeSelector: { "batch-platform.io/pool": "system" },
  metadataDatabase: { connectionSecretName: "airflow-db-connection" },
};

type Values = ReturnType<typeof airflowChartValues>;

/** Every `resources` block in a values tree, with its path. */
function resourceBlocks(node: unknown, path = ""): { path: string; value: { requests?: object; limits?: object } }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => resourceBlocks(item, `${path}[${i}]`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => [
    ...(key === "resources" ? [{ path: `${path}.${key}`, value: value as { requests?: object; limits?: object } }] : []),
    ...resourceBlocks(value, `${path}.${key}`),
  ]);
}

describe("Airflow chart values", () => {
  const values = airflowChartValues("airflow", settings);

  it("pins the chart and image and runs the KubernetesExecutor without Celery parts", () => {
    expect(AIRFLOW_CHART).toEqual({ repo: "https://airflow.apache.org", chart: "airflow", version: "1.22.0" });
    expect(values.executor).toBe("KubernetesExecutor");
    expect(values.images.airflow).toEqual({ repository: "apache/airflow", tag: "3.3.2", pullPolicy: "IfNotPresent" });
    expect(values.airflowVersion).toBe(AIRFLOW_IMAGE.tag);
    expect([values.redis.enabled, values.statsd.enabled, values.flower.enabled, values.pgbouncer.enabled]).toEqual([false, false, false, false]);
  });

  it("references generated keys and the metadata connection only by Secret name", () => {
    expect(values.apiSecretKeySecretName).toBe("airflow-api-secret-key");
    expect(values.jwtSecretName).toBe("airflow-jwt-secret");
    expect(values.fernetKeySecretName).toBe("airflow-fernet-key");
    expect(values.data).toEqual({ metadataSecretName: "airflow-db-connection" });
    // The chart's bundled PostgreSQL pulls Bitnami images that were removed: never enabled.
    expect(values.postgresql).toEqual({ enabled: false });
    expect(values.createUserJob.defaultUser.password).toBe("");
    // The password is read inside Python from the environment: it is in no argv, not even as "$VAR".
    expect(values.createUserJob.args.join(" ")).toContain('os.environ["AIRFLOW_ADMIN_PASSWORD"]');
    expect(values.createUserJob.args.join(" ")).not.toMatch(/ -p |--password/);
    expect(values.createUserJob.env).toEqual([{ name: "AIRFLOW_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "airflow-admin-credentials", key: "password" } } }]);
    expect(JSON.stringify(values)).not.toMatch(/s3-secret-value|plan-random|"postgres:\/\//);
  });

  it("injects connections as AIRFLOW_CONN_* from Secrets", () => {
    expect(values.secret).toEqual([
      { envName: "AIRFLOW_CONN_KUBERNETES_DEFAULT", secretName: "airflow-connections", secretKey: "AIRFLOW_CONN_KUBERNETES_DEFAULT" },
      { envName: "AIRFLOW_CONN_MINIO_S3", secretName: "airflow-connections", secretKey: "AIRFLOW_CONN_MINIO_S3" },
      { envName: "AIRFLOW_CONN_YUGABYTE_YSQL", secretName: "airflow-warehouse-credentials", secretKey: "connection" },
    ]);
  });

  it("sends task logs to the lake", () => {
    expect(values.config.logging).toMatchObject({ remote_logging: "True", remote_base_log_folder: "s3://processing/airflow-logs", remote_log_conn_id: "minio_s3" });
  });

  it("delivers DAGs from ConfigMaps into the DAG folder of every Airflow container (worker pods included)", () => {
    expect(values.dags).toEqual({ persistence: { enabled: false }, gitSync: { enabled: false } });
    expect(values.volumes).toEqual([
      { name: "dags", projected: { sources: [{ configMap: { name: "airflow-dags-folder" } }, { configMap: { name: "dag-orders" } }, { configMap: { name: "dag-card-transactions" } }] } },
    ]);
    expect(values.volumeMounts).toEqual([{ name: "dags", mountPath: DAGS_FOLDER, readOnly: true }]);
  });

  it("sets requests and limits on every container it configures", () => {
    const blocks = resourceBlocks(values);
    expect(blocks.map((b) => b.path)).toEqual(expect.arrayContaining([".scheduler.resources", ".scheduler.logGroomerSidecar.resources", ".apiServer.resources", ".dagProcessor.resources", ".triggerer.resources", ".workers.resources", ".migrateDatabaseJob.resources", ".createUserJob.resources"]));
    for (const block of blocks) {
      expect(block.value.requests, block.path).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(block.value.limits, block.path).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    }
  });

  it("runs non-root without privilege escalation, namespaced RBAC only, the worker ServiceAccount annotated", () => {
    expect(values.securityContexts.pod).toMatchObject({ runAsNonRoot: true, runAsUser: 50000, seccompProfile: { type: "RuntimeDefault" } });
    expect(values.securityContexts.containers).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(values.multiNamespaceMode).toBe(false);
    // Workers (tasks), the triggerer (deferred waits) and the API server (remote logs): each its own account.
    const identity = (account: string) => ({ "iam.gke.io/gcp-service-account": `${account}@project.iam.gserviceaccount.com` });
    expect(values.workers.serviceAccount).toEqual({ create: true, name: "airflow-worker", annotations: identity("airflow") });
    expect(values.triggerer.serviceAccount).toEqual({ create: true, name: "airflow-triggerer", annotations: identity("airflow-trigger") });
    expect(values.apiServer.serviceAccount).toEqual({ create: true, name: "airflow-api-server", annotations: identity("airflow-api") });
  });

  it("runs Airflow 3: the API server, a standalone DAG processor, workers calling the task execution API in-cluster", () => {
    expect(values.dagProcessor).toMatchObject({ enabled: true, replicas: 1, nodeSelector: { "batch-platform.io/pool": "system" } });
    expect(values.config.core.execution_api_server_url).toBe("http://airflow-api-server.orchestration.svc.cluster.local:8080/execution/");
    expect(values.config.api).toEqual({ expose_config: "False" });
    expect(Object.keys(values)).not.toContain("webserver");
  });

  it("rejects DAGs in another namespace, duplicate DAG ConfigMaps and a connection given twice", () => {
    const elsewhere = { ...pipelineDags("orders"), dagNamespace: "default" };
    expect(airflowProblems({ ...args, pipelines: [elsewhere, pipelineDags("orders")], connections: { minio_s3: "x" } })).toEqual([
      'pipelines[0]: pipeline orders delivers its DAG to namespace "default"; expected Airflow\'s "orchestration"',
      "connections.minio_s3: also provided by pipeline orders; give each connection once",
      "connections.minio_s3: also provided by pipeline orders; give each connection once",
      "pipelines: two pipelines deliver the same DAG ConfigMap",
    ]);
    expect(connectionEnvName("minio_s3")).toBe("AIRFLOW_CONN_MINIO_S3");
  });
});

describe("Airflow connections", () => {
  it("are Airflow JSON connections, secret when they carry credentials", async () => {
    const s3 = s3Connection("http://minio:9000", "user", "secret");
    expect(JSON.parse(await valueOf(s3))).toEqual({ conn_type: "aws", login: "user", password: "secret", extra: { endpoint_url: "http://minio:9000", region_name: "us-east-1" } });
    expect(await (s3 as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
    const pg = postgresConnection("yb", 5433, "warehouse", "airflow", "pw");
    expect(JSON.parse(await valueOf(pg))).toMatchObject({ conn_type: "postgres", host: "yb", port: 5433, schema: "warehouse" });
    expect(JSON.parse(await valueOf(inClusterKubernetesConnection("processing")))).toEqual({ conn_type: "kubernetes", extra: { in_cluster: true, namespace: "processing" } });
  });
});

describe("Airflow component", () => {
  let capture: RegistrationCapture;
  let airflow: Airflow;
  let objs: { kind: string; metadata: { name: string; namespace: string }; rules?: { resources: string[] }[]; subjects?: { kind: string; name: string; namespace: string }[]; data?: Record<string, string> }[];
  let secrets: PlanResource[];
  beforeAll(async () => {
    capture = await mockPulumi();
    airflow = new Airflow("airflow", { ...args, remoteLogs: { lake: minioLake() } });
    const group = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).find((g) => g.name === "airflow-manifests")!;
    objs = group.inputs.objs as unknown as typeof objs;
    secrets = (await registered(capture, "kubernetes:core/v1:Secret")).filter((secret) => secret.name.startsWith("airflow-"));
  });

  it("synthesizes its own manifests (snapshot)", () => {
    expect(objs).toMatchSnapshot();
  });

  it("binds each role to its own identity (workers and triggerer with the cloud roles its pipelines need), and grants each access once per identity", () => {
    const account = (role: string) => [{ namespace: "orchestration", name: `airflow-${role}` }];
    expect(requests).toEqual([
      { name: "airflow", displayName: "Airflow workers (run the DAGs' tasks)", serviceAccounts: account("worker"), cloudRoles: ["roles/bigquery.jobUser"] },
      { name: "airflow-trigger", displayName: "Airflow triggerer (runs deferred tasks)", serviceAccounts: account("triggerer"), cloudRoles: ["roles/bigquery.jobUser"] },
      { name: "airflow-api", displayName: "Airflow API server (reads task logs)", serviceAccounts: account("api-server") },
    ]);
    expect(airflow.serviceAccounts.worker).toEqual({ namespace: "orchestration", name: "airflow-worker" });
    expect(granted).toEqual(["airflow:orders", "airflow-trigger:orders"]);
    expect(airflow.connectionIds).toEqual(["kubernetes_default", "minio_s3", "yugabyte_ysql"]);
  });

  it("mounts the pipelines' DAG ConfigMaps and sends logs to the lake through its connection", async () => {
    const chart = (await registered(capture, "kubernetes:helm.sh/v4:Chart")).find((c) => c.name === "airflow-chart")!;
    const values = chart.inputs.values as unknown as Values;
    const dags = values.volumes[0] as unknown as { projected: { sources: { configMap: { name: string } }[] } };
    expect(dags.projected.sources.map((s) => s.configMap.name)).toEqual(["airflow-dags-folder", "dag-orders", "dag-card-transactions"]);
    expect(values.config.logging).toMatchObject({ remote_base_log_folder: "s3://processing/airflow-logs", remote_log_conn_id: "minio_s3" });
    expect(values.workers.serviceAccount.annotations).toEqual({ "iam.gke.io/gcp-service-account": "a@p.iam.gserviceaccount.com" });
  });

  it("grants the worker ServiceAccount exactly the SparkApplication rules in the job namespace, nothing cluster-wide", () => {
    expect(objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "ConfigMap/orchestration/airflow-dags-folder",
      "Role/orchestration/airflow-scheduler-pod-launcher",
      "RoleBinding/orchestration/airflow-scheduler-pod-launcher",
      "Role/processing/airflow-worker-orchestration",
      "RoleBinding/processing/airflow-worker-orchestration",
    ]);
    expect(objs[3].rules).toEqual(SPARK_SUBMITTER_RULES.map((r) => ({ ...r })));
    expect(objs[4].subjects).toEqual([{ kind: "ServiceAccount", name: "airflow-worker", namespace: "orchestration" }]);
    expect(objs.some((o) => o.kind.startsWith("Cluster"))).toBe(false);
  });

  it("lets task pods neither exec nor create pods: only the scheduler launches them, without pods/exec", () => {
    const values = airflowChartValues("airflow", settings);
    expect(values.allowPodLaunching).toBe(false); // the chart's pod-launcher Role would bind the workers too
    expect(values.scheduler.serviceAccount).toEqual({ create: true, name: "airflow-scheduler", annotations: {} });
    const launcher = objs[1]!;
    expect(launcher.rules!.flatMap((r) => r.resources)).toEqual(["pods", "pods/log", "events"]);
    expect(objs[2].subjects).toEqual([{ kind: "ServiceAccount", name: "airflow-scheduler", namespace: "orchestration" }]);
    const workerRules = objs.filter((o) => o.kind === "RoleBinding" && o.subjects?.some((s) => s.name === "airflow-worker"));
    expect(workerRules.map((o) => o.metadata.namespace)).toEqual(["processing"]);
    for (const rule of SPARK_SUBMITTER_RULES) {
      expect(rule.resources).not.toContain("pods/exec");
      if (rule.resources.includes("pods")) expect(rule.verbs).not.toContain("create");
    }
  });

  it("keeps Airflow from walking the ConfigMap volume's ..data links", () => {
    expect(objs[0].data).toEqual({ ".airflowignore": "^\\.\\.\n" });
  });

  it("generates every key and password into Secrets, masked in the plan", () => {
    expect(secrets.map((s) => s.name).sort()).toEqual([
      "airflow-admin-credentials",
      "airflow-api-secret-key",
      "airflow-connections",
      "airflow-fernet-key",
      "airflow-jwt-secret",
    ]);
    for (const secret of secrets) expect(secret.inputs.stringData, secret.name).toBe("[secret]");
  });

  it("installs the pinned chart after its Secrets and manifests, with visible values", async () => {
    const chart = (await registered(capture, "kubernetes:helm.sh/v4:Chart")).find((c) => c.name === "airflow-chart")!;
    expect(chart.inputs).toMatchObject({ chart: "airflow", version: "1.22.0", repositoryOpts: { repo: "https://airflow.apache.org" }, namespace: "orchestration" });
    const dependsOn = (chart.options.dependsOn as string[]).map((urn) => urn.split("::").pop());
    expect(dependsOn.sort()).toEqual([...secrets.map((s) => s.name), "airflow-manifests"].sort());
    expect(JSON.stringify(chart.inputs.values)).not.toMatch(/plan-random|\[secret\]/);
    expect(await valueOf(airflow.apiServerUrl)).toBe("http://airflow-api-server.orchestration.svc.cluster.local:8080");
  });
});

describe("Airflow with TLS", () => {
  const TLS = {
    issuer: { name: "batch-platform-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
    caBundle: { secretName: "batch-platform-ca", caKey: "ca.crt", pkcs12TruststoreKey: "truststore.p12", jksTruststoreKey: "truststore.jks", storePasswordSecretName: "batch-platform-tls-store", storePasswordKey: "password" },
  } as const;

  it("serves the API server over HTTPS with its own certificate, probes over HTTPS, every pod trusting the CA bundle", () => {
    const values = airflowChartValues("airflow", { namespace: "orchestration", dagConfigMaps: [], connectionRefs: {}, metadataDatabase: { connectionSecretName: "airflow-db-connection" }, tls: TLS }) as unknown as {
      config: { core: Record<string, string>; api: Record<string, string> };
      apiServer: { livenessProbe: unknown; extraVolumes: unknown[] };
      env: unknown[];
      volumes: unknown[];
      workers: { env: unknown[] };
      triggerer: { env: unknown[] };
    };
    expect(values.config.core).toMatchObject({ auth_manager: AIRFLOW_AUTH_MANAGER, execution_api_server_url: "https://airflow-api-server.orchestration.svc.cluster.local:8080/execution/" });
    expect(values.config.api).toMatchObject({ ssl_cert: "/opt/airflow/tls/tls.crt", ssl_key: "/opt/airflow/tls/tls.key" });
    expect(values.apiServer.livenessProbe).toEqual({ scheme: "HTTPS" });
    expect(values.apiServer.extraVolumes).toEqual([{ name: "tls", secret: { secretName: "airflow-api-server-tls" } }]);
    expect(values.env).toContainEqual({ name: "SSL_CERT_FILE", value: "/opt/airflow/ca/ca.crt" });
    expect(values.volumes).toContainEqual({ name: "platform-ca", secret: { secretName: "batch-platform-ca", items: [{ key: "ca.crt", path: "ca.crt" }] } });
  });

  it("points the task pods' execution-API client at the CA bundle, not the server certificate only the API server mounts", () => {
    const values = airflowChartValues("airflow", { namespace: "orchestration", dagConfigMaps: [], connectionRefs: {}, metadataDatabase: { connectionSecretName: "airflow-db-connection" }, tls: TLS });
    const override = { name: "AIRFLOW__API__SSL_CERT", value: "/opt/airflow/ca/ca.crt" };
    expect(values.workers.env).toEqual([override]);
    expect(values.triggerer.env).toEqual([override]);
    // The API server keeps serving its own certificate from airflow.cfg.
    expect(values.apiServer).not.toHaveProperty("env");
    expect(values.env.map((e) => e.name)).not.toContain("AIRFLOW__API__SSL_CERT");
    // The CA path the override names is the one every Airflow container mounts.
    expect(values.volumeMounts).toContainEqual({ name: "platform-ca", mountPath: "/opt/airflow/ca", readOnly: true });
  });

  it("sets no execution-API override without TLS", () => {
    const values = airflowChartValues("airflow", { namespace: "orchestration", dagConfigMaps: [], connectionRefs: {}, metadataDatabase: { connectionSecretName: "airflow-db-connection" } });
    expect(values.workers.env).toEqual([]);
    expect(values.triggerer.env).toEqual([]);
    expect(values.workers).not.toHaveProperty("persistence");
  });
});

describe("Airflow's metadata database CA", () => {
  const base = { namespace: "orchestration", dagConfigMaps: [], connectionRefs: {} };

  it("mounts only the CA file of the database's CA Secret in every Airflow container", () => {
    const serverCa = { secretName: "airflow-db-ca", key: "ca.crt" };
    const values = airflowChartValues("airflow", {
      ...base,
      metadataDatabase: { connectionSecretName: "airflow-db-connection", serverCa },
    });
    // One item: CloudNativePG's Secret also holds the CA's private key.
    expect(values.volumes).toContainEqual({
      name: "metadata-db-ca",
      secret: { secretName: "airflow-db-ca", items: [{ key: "ca.crt", path: "ca.crt" }] },
    });
    expect(values.volumeMounts).toContainEqual({ name: "metadata-db-ca", mountPath: "/opt/airflow/metadata-db-ca", readOnly: true });
    expect(AIRFLOW_METADATA_CA_FILE).toBe("/opt/airflow/metadata-db-ca/ca.crt");
  });

  it("mounts nothing for a database that names no CA", () => {
    const values = airflowChartValues("airflow", { ...base, metadataDatabase: { connectionSecretName: "db" } });
    expect(values.volumes.map((v) => v.name)).not.toContain("metadata-db-ca");
  });
});
