import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { newManifestChart } from "../../components/k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT } from "../../components/k8s/placement";
import { Microservice, validateMicroserviceArgs, type MicroserviceArgs } from "../../components/microservice/microservice";
import { yugabyteAccessOf, type YugabyteAccess } from "../../components/microservice/yugabyte-login";
import { addMicroservice } from "../../components/microservice/microservice-manifests";
import { ORDERS_API } from "../../components/microservice/sample-microservices";
import { addProvisioningJob, YCQL_PROVISIONING_SCRIPT, YSQL_PROVISIONING_SCRIPT, YUGABYTE_CLIENT_IMAGE } from "../../components/microservice/yugabyte-provisioning";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";
import {
  asPlanResources,
  configGroupObjs,
  envOf,
  expectCredentialsFromSecrets,
  expectNoGeneratedSecrets,
  expectOffSpot,
  expectRestrictedWorkloads,
  findObject,
  mandatoryFindings,
  podLabels,
  podSpec,
  type K8sObject,
} from "../helpers/workload-assertions";

const yugabyte: YugabyteAccess = {
  namespace: "serving",
  ysqlHost: "yb-tservers.serving.svc.cluster.local",
  adminSecret: { name: "yugabyte-admin" },
};

const args: MicroserviceArgs = { ...ORDERS_API, namespace: "serving", yugabyte, labels: { costCenter: "data-platform" } };

describe("Microservice (orders-api on YSQL)", () => {
  let capture: RegistrationCapture;
  let service: Microservice;
  let objs: K8sObject[];
  let job: K8sObject[];
  beforeAll(async () => {
    capture = await mockPulumi();
    service = new Microservice("orders-api", args);
    objs = await configGroupObjs(capture, "orders-api-manifests");
    job = await configGroupObjs(capture, "orders-api-provision");
  });

  it("serves behind a ClusterIP Service", async () => {
    expect(await valueOf(service.url)).toBe("http://orders-api.serving.svc.cluster.local:3000");
    expect(findObject(objs, "Service", "orders-api").spec).toMatchObject({ type: "ClusterIP", ports: [{ port: 3000, targetPort: 3000 }], selector: { "app.kubernetes.io/name": "orders-api" } });
  });

  it("connects through libpq's PG* variables, the login from its own Secret", () => {
    const container = (podSpec(findObject(objs, "Deployment", "orders-api")).containers as Record<string, unknown>[])[0];
    expect(envOf(container)).toEqual(
      expect.arrayContaining([
        { name: "PGHOST", value: "yb-tservers.serving.svc.cluster.local" },
        { name: "PGPORT", value: "5433" },
        { name: "PGDATABASE", value: "orders" },
        { name: "PGUSER", valueFrom: { secretKeyRef: { name: "orders-api-db-credentials", key: "username" } } },
        { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "orders-api-db-credentials", key: "password" } } },
        { name: "PGRST_DB_URI", value: "postgres://" },
      ]),
    );
    expect(container.image).toBe("postgrest/postgrest:v12.2.3");
    expectCredentialsFromSecrets(objs);
  });

  it("keeps the generated password in Secrets only: the service's and the provisioning Job's", async () => {
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    expect(secrets.map((s) => [s.name, (s.inputs.metadata as Record<string, unknown>).namespace, s.inputs.stringData])).toEqual([
      ["orders-api-db-credentials", "serving", "[secret]"],
      ["orders-api-db-role-password", "serving", "[secret]"],
    ]);
    expect(await registered(capture, "random:index/randomPassword:RandomPassword")).toHaveLength(1);
    expectNoGeneratedSecrets(capture.captured());
  });

  it("provisions its database and role with a Job using the admin Secret, idempotently", () => {
    const provision = findObject(job, "Job", "orders-api-db-provision");
    const container = (podSpec(provision).containers as Record<string, unknown>[])[0];
    expect(container.image).toBe(YUGABYTE_CLIENT_IMAGE);
    expect(container.command).toEqual(["bash", "-c", YSQL_PROVISIONING_SCRIPT]);
    expect(envOf(container)).toEqual(
      expect.arrayContaining([
        { name: "DATABASE", value: "orders" },
        { name: "ROLE", value: "orders_api" },
        { name: "ADMIN_USER", valueFrom: { secretKeyRef: { name: "yugabyte-admin", key: "username" } } },
        { name: "ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "yugabyte-admin", key: "password" } } },
        { name: "ROLE_PASSWORD", valueFrom: { secretKeyRef: { name: "orders-api-db-role-password", key: "password" } } },
      ]),
    );
    // Created only when missing; the password is (re)set on every run and read from the environment.
    expect(YSQL_PROVISIONING_SCRIPT).toContain("WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')");
    expect(YSQL_PROVISIONING_SCRIPT).toContain("WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')");
    expect(YSQL_PROVISIONING_SCRIPT).toContain("\\set pw `printenv ROLE_PASSWORD`");
    expect(YSQL_PROVISIONING_SCRIPT).not.toMatch(/-v pw=|PGPASSWORD=\$ROLE/);
    expect(provision.spec).toMatchObject({ backoffLimit: 6, template: { spec: { restartPolicy: "Never" } } });
    expect(provision.metadata.namespace).toBe("serving");
  });

  it("scales with a CPU autoscaler and survives drains one pod at a time", () => {
    expect(findObject(objs, "HorizontalPodAutoscaler", "orders-api").spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 4,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "orders-api" },
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
    });
    const deployment = findObject(objs, "Deployment", "orders-api");
    expect((deployment.spec as Record<string, unknown>).replicas).toBeUndefined();
    const pdb = findObject(objs, "PodDisruptionBudget", "orders-api");
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "orders-api" } } });
    expect(podLabels(deployment)).toMatchObject({ "app.kubernetes.io/name": "orders-api" });
  });

  it("runs non-root on a read-only root filesystem with requests and limits, off spot", () => {
    expectRestrictedWorkloads([...objs, ...job]);
    expectOffSpot([...objs, ...job]);
    const container = (podSpec(findObject(objs, "Deployment", "orders-api")).containers as Record<string, unknown>[])[0];
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsUser: 1000 });
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: "/ready", port: 3001 } });
  });

  it("declares only valid Kubernetes objects", async () => {
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });
});

describe("Microservice on YCQL", () => {
  it("gets a keyspace and YCQL_* variables", async () => {
    const capture = await mockPulumi();
    new Microservice("events-api", {
      namespace: "serving",
      image: "nginxinc/nginx-unprivileged:1.27.3",
      port: 8080,
      database: { kind: "ycql", keyspace: "events", role: "events_api" },
      yugabyte: { ...yugabyte, ycqlHost: "yb-tservers.serving.svc.cluster.local" },
      runAsUser: 101,
    });
    const objs = await configGroupObjs(capture, "events-api-manifests");
    const container = (podSpec(findObject(objs, "Deployment", "events-api")).containers as Record<string, unknown>[])[0];
    expect(envOf(container)).toEqual(
      expect.arrayContaining([
        { name: "YCQL_PORT", value: "9042" },
        { name: "YCQL_KEYSPACE", value: "events" },
        { name: "YCQL_PASSWORD", valueFrom: { secretKeyRef: { name: "events-api-db-credentials", key: "password" } } },
      ]),
    );
    const job = findObject(await configGroupObjs(capture, "events-api-provision"), "Job", "events-api-db-provision");
    expect((podSpec(job).containers as Record<string, unknown>[])[0].command).toEqual(["bash", "-c", YCQL_PROVISIONING_SCRIPT]);
    expect(YCQL_PROVISIONING_SCRIPT).toContain("CREATE KEYSPACE IF NOT EXISTS $KEYSPACE;");
    expect(YCQL_PROVISIONING_SCRIPT).toContain("CREATE ROLE IF NOT EXISTS $ROLE");
    // The admin login goes through a cqlshrc file, not the command line.
    expect(YCQL_PROVISIONING_SCRIPT).not.toMatch(/-p "\$ADMIN_PASSWORD"/);
  });
});

describe("Microservice with a login provisioned elsewhere (YugabyteDatabase)", () => {
  it("provisions nothing and reads the given Secret", async () => {
    const capture = await mockPulumi();
    const access = yugabyteAccessOf({ namespace: "serving", host: "yb-tservers.serving.svc.cluster.local", ysqlPort: 5433, ycqlPort: 9042, adminSecretName: "yb-admin", image: "yugabytedb/yugabyte:2024.2.4.0-b89", nodeSelector: {} });
    expect(access).toMatchObject({ namespace: "serving", ysqlHost: "yb-tservers.serving.svc.cluster.local", adminSecret: { name: "yb-admin" }, clientImage: "yugabytedb/yugabyte:2024.2.4.0-b89" });
    const service = new Microservice("orders-api", { ...args, yugabyte: access, login: { secretName: "orders-api-credentials" } });
    expect(service.credentialsSecretName).toBe("orders-api-credentials");
    expect(await registered(capture, "random:index/randomPassword:RandomPassword")).toEqual([]);
    expect(await registered(capture, "kubernetes:core/v1:Secret")).toEqual([]);
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    expect(groups.map((g) => g.name)).toEqual(["orders-api-manifests"]);
    const container = (podSpec(findObject(await configGroupObjs(capture, "orders-api-manifests"), "Deployment", "orders-api")).containers as Record<string, unknown>[])[0];
    expect(envOf(container)).toContainEqual({ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "orders-api-credentials", key: "password" } } });
  });
});

describe("Microservice arguments", () => {
  it("refuse unpinned images, credentials in plain env, built-in roles and bad identifiers", () => {
    expect(validateMicroserviceArgs("x", { ...args, image: "postgrest/postgrest:latest" })).toEqual([expect.stringMatching(/^image: got "postgrest\/postgrest:latest"; pin it/)]);
    expect(validateMicroserviceArgs("x", { ...args, env: { API_TOKEN: "abc", PGHOST: "h" } })).toEqual([
      "env.API_TOKEN: looks like a credential; plain env is configuration only, credentials come from Secrets",
      "env.PGHOST: set by the Microservice from the database connection",
    ]);
    expect(validateMicroserviceArgs("x", { ...args, database: { kind: "ysql", database: "Orders-DB", role: "yugabyte" } })).toEqual([
      expect.stringMatching(/^database\.database: got "Orders-DB"/),
      expect.stringMatching(/^database\.role: "yugabyte" is a built-in role/),
    ]);
    expect(validateMicroserviceArgs("x", { ...args, replicas: { min: 3, max: 2 } })).toEqual([expect.stringMatching(/^replicas: got/)]);
  });
});

describe("Microservice manifests (synthesized chart)", () => {
  it("synthesize valid objects", async () => {
    const chart = newManifestChart("orders-api", "serving");
    addMicroservice(chart, {
      name: "orders-api",
      image: ORDERS_API.image,
      port: 3000,
      database: ORDERS_API.database,
      dbHost: "yb-tservers.serving.svc.cluster.local",
      dbPort: 5433,
      dbCredentialsSecret: "orders-api-db-credentials",
      env: ORDERS_API.env ?? {},
      minReplicas: 2,
      maxReplicas: 4,
      targetCpuUtilization: 70,
      resources: { cpu: "100m", memory: "128Mi" },
      healthCheck: ORDERS_API.healthCheck,
      runAsUser: 1000,
      pool: "system",
      placement: DEFAULT_PLACEMENT,
      labels: {},
    });
    const provision = newManifestChart("orders-api-provision", "serving");
    addProvisioningJob(provision, {
      name: "orders-api-db-provision",
      database: ORDERS_API.database,
      host: "yb-tservers.serving.svc.cluster.local",
      port: 5433,
      adminSecret: { name: "yugabyte-admin", usernameKey: "username", passwordKey: "password" },
      rolePasswordSecret: "orders-api-db-role-password",
      clientImage: YUGABYTE_CLIENT_IMAGE,
      placement: DEFAULT_PLACEMENT,
      labels: {},
    });
    const objs = [...chart.toJson(), ...provision.toJson()];
    expect(await mandatoryFindings(asPlanResources(objs))).toEqual([]);
    expect(objs).toMatchSnapshot();
  });
});
