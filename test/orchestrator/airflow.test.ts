import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import { Airflow, AIRFLOW_CHART, AIRFLOW_IMAGE, airflowChartValues, airflowProblems, DAGS_FOLDER, type AirflowArgs } from "../../components/orchestrator/airflow";
import { connectionEnvName, inClusterKubernetesConnection, postgresConnection, s3Connection } from "../../components/orchestrator/airflow-connections";
import { SPARK_SUBMITTER_RULES } from "../../components/engine/spark-engine";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const args: AirflowArgs = {
  namespace: "orchestration",
  dagConfigMaps: ["dag-orders", "dag-card-transactions"],
  connections: {
    minio_s3: s3Connection("http://minio.lake.svc.cluster.local:9000", "lake-admin", pulumi.secret("s3-secret-value")),
    kubernetes_default: inClusterKubernetesConnection("processing"),
  },
  connectionSecrets: { yugabyte_ysql: { secretName: "airflow-warehouse-credentials", key: "connection" } },
  remoteLogging: { baseFolder: "s3://processing/airflow-logs", connId: "minio_s3" },
  workerRoles: [{ namespace: "processing", rules: SPARK_SUBMITTER_RULES }],
  cloudIdentityAnnotations: { "iam.gke.io/gcp-service-account": "airflow@project.iam.gserviceaccount.com" },
  nodeSelector: { "batch-platform.io/pool": "system" },
  databaseNodeSelector: { "batch-platform.io/pool": "stateful" },
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
  const values = airflowChartValues("airflow", args);

  it("pins the chart and image and runs the KubernetesExecutor without Celery parts", () => {
    expect(AIRFLOW_CHART).toEqual({ repo: "https://airflow.apache.org", chart: "airflow", version: "1.16.0" });
    expect(values.executor).toBe("KubernetesExecutor");
    expect(values.images.airflow).toEqual({ repository: "apache/airflow", tag: "2.10.5", pullPolicy: "IfNotPresent" });
    expect(values.airflowVersion).toBe(AIRFLOW_IMAGE.tag);
    expect([values.redis.enabled, values.statsd.enabled, values.flower.enabled, values.pgbouncer.enabled]).toEqual([false, false, false, false]);
  });

  it("references generated keys and the metadata connection only by Secret name", () => {
    expect(values.webserverSecretKeySecretName).toBe("airflow-webserver-secret-key");
    expect(values.fernetKeySecretName).toBe("airflow-fernet-key");
    expect(values.data).toEqual({ metadataSecretName: "airflow-metadata" });
    expect(values.postgresql).toMatchObject({ enabled: true, auth: { existingSecret: "airflow-postgresql-credentials" }, primary: { nodeSelector: { "batch-platform.io/pool": "stateful" }, persistence: { enabled: true } } });
    expect(values.webserver.defaultUser.password).toBe("");
    expect(values.createUserJob.args.join(" ")).toContain('-p "$AIRFLOW_ADMIN_PASSWORD"');
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
    expect(blocks.map((b) => b.path)).toEqual(expect.arrayContaining([".scheduler.resources", ".scheduler.logGroomerSidecar.resources", ".webserver.resources", ".triggerer.resources", ".workers.resources", ".migrateDatabaseJob.resources", ".createUserJob.resources", ".postgresql.primary.resources"]));
    for (const block of blocks) {
      expect(block.value.requests, block.path).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(block.value.limits, block.path).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    }
  });

  it("runs non-root without privilege escalation, namespaced RBAC only, the worker ServiceAccount annotated", () => {
    expect(values.securityContexts.pod).toMatchObject({ runAsNonRoot: true, runAsUser: 50000, seccompProfile: { type: "RuntimeDefault" } });
    expect(values.securityContexts.containers).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(values.multiNamespaceMode).toBe(false);
    // Workers (tasks), the triggerer (deferred waits) and the webserver (remote logs) all call the cloud.
    const identity = { "iam.gke.io/gcp-service-account": "airflow@project.iam.gserviceaccount.com" };
    expect(values.workers.serviceAccount).toEqual({ create: true, name: "airflow-worker", annotations: identity });
    expect(values.triggerer.serviceAccount).toEqual({ create: true, name: "airflow-triggerer", annotations: identity });
    expect(values.webserver.serviceAccount).toEqual({ create: true, name: "airflow-webserver", annotations: identity });
  });

  it("uses an external metadata database by its Secret, without the bundled PostgreSQL", () => {
    const external: Values = airflowChartValues("airflow", { ...args, metadataDatabase: { kind: "external", secretName: "airflow-db" } });
    expect(external.data.metadataSecretName).toBe("airflow-db");
    expect(external.postgresql).toEqual({ enabled: false });
  });

  it("rejects a log connection that is not given, bad ids and duplicate DAG ConfigMaps", () => {
    expect(airflowProblems({ ...args, remoteLogging: { baseFolder: "s3://processing/logs", connId: "nope" }, dagConfigMaps: ["a", "a"] })).toEqual([
      'remoteLogging.connId: got "nope"; expected one of the connections (minio_s3, kubernetes_default, yugabyte_ysql)',
      "dagConfigMaps: a ConfigMap is listed twice",
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
  let objs: { kind: string; metadata: { name: string; namespace: string }; rules?: unknown; subjects?: unknown; data?: Record<string, string> }[];
  let secrets: PlanResource[];
  beforeAll(async () => {
    capture = await mockPulumi();
    airflow = new Airflow("airflow", args);
    const [group] = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    objs = group.inputs.objs as unknown as typeof objs;
    secrets = await registered(capture, "kubernetes:core/v1:Secret");
  });

  it("synthesizes its own manifests (snapshot)", () => {
    expect(objs).toMatchSnapshot();
  });

  it("grants the worker ServiceAccount exactly the SparkApplication rules in the job namespace, nothing cluster-wide", () => {
    expect(objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "ConfigMap/orchestration/airflow-dags-folder",
      "Role/processing/airflow-worker-orchestration",
      "RoleBinding/processing/airflow-worker-orchestration",
    ]);
    expect(objs[1].rules).toEqual(SPARK_SUBMITTER_RULES.map((r) => ({ ...r })));
    expect(objs[2].subjects).toEqual([{ kind: "ServiceAccount", name: "airflow-worker", namespace: "orchestration" }]);
    expect(objs.some((o) => o.kind.startsWith("Cluster"))).toBe(false);
  });

  it("keeps Airflow from walking the ConfigMap volume's ..data links", () => {
    expect(objs[0].data).toEqual({ ".airflowignore": "^\\.\\.\n" });
  });

  it("generates every key and password into Secrets, masked in the plan", () => {
    expect(secrets.map((s) => s.name).sort()).toEqual([
      "airflow-admin-credentials",
      "airflow-connections",
      "airflow-fernet-key",
      "airflow-metadata",
      "airflow-postgresql-credentials",
      "airflow-webserver-secret-key",
    ]);
    for (const secret of secrets) expect(secret.inputs.stringData, secret.name).toBe("[secret]");
  });

  it("installs the pinned chart after its Secrets and manifests, with visible values", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    expect(chart.inputs).toMatchObject({ chart: "airflow", version: "1.16.0", repositoryOpts: { repo: "https://airflow.apache.org" }, namespace: "orchestration" });
    expect(chart.options.dependsOn).toHaveLength(7);
    expect(JSON.stringify(chart.inputs.values)).not.toMatch(/plan-random|\[secret\]/);
    expect(await valueOf(airflow.webserverUrl)).toBe("http://airflow-webserver.orchestration.svc.cluster.local:8080");
  });
});
