import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { newManifestChart } from "../../components/k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT } from "../../components/k8s/placement";
import {
  Microservice,
  validateMicroserviceArgs,
  type MicroserviceArgs,
} from "../../components/microservice/microservice";
import type { YugabyteServer } from "../../components/warehouse/yugabyte-server";
import { addMicroservice } from "../../components/microservice/microservice-manifests";
import { ORDERS_API } from "../../components/microservice/sample-microservices";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";
import { YUGABYTE_SERVER, YUGABYTE_TLS_SERVER } from "../helpers/yugabyte-server";
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

const yugabyte: YugabyteServer = YUGABYTE_SERVER;

const args: MicroserviceArgs = {
  ...ORDERS_API,
  namespace: "serving",
  yugabyte,
  labels: { costCenter: "data-platform" },
};

describe("Microservice (orders-api on YSQL)", () => {
  let capture: RegistrationCapture;
  let service: Microservice;
  let objs: K8sObject[];
  let job: K8sObject[];
  beforeAll(async () => {
    capture = await mockPulumi();
    service = new Microservice("orders-api", args);
    objs = await configGroupObjs(capture, "orders-api-manifests");
    job = await configGroupObjs(capture, "orders-api-db-setup");
  });

  it("serves behind a ClusterIP Service", async () => {
    expect(await valueOf(service.url)).toBe("http://orders-api.serving.svc.cluster.local:3000");
    expect(findObject(objs, "Service", "orders-api").spec).toMatchObject({
      type: "ClusterIP",
      ports: [{ port: 3000, targetPort: 3000 }],
      selector: { "app.kubernetes.io/name": "orders-api" },
    });
  });

  it("connects through libpq's PG* variables, the login from its own Secret", () => {
    const container = (
      podSpec(findObject(objs, "Deployment", "orders-api")).containers as Record<string, unknown>[]
    )[0];
    expect(envOf(container)).toEqual(
      expect.arrayContaining([
        { name: "PGHOST", value: "yb-tservers.serving.svc.cluster.local" },
        { name: "PGPORT", value: "5433" },
        { name: "PGDATABASE", value: "orders" },
        { name: "PGUSER", valueFrom: { secretKeyRef: { name: "orders-api-db-credentials", key: "username" } } },
        { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "orders-api-db-credentials", key: "password" } } },
        { name: "PGRST_DB_URI", value: "postgres://" },
        // YugabyteDB ships LISTEN/NOTIFY off: no schema reload channel that would never fire.
        { name: "PGRST_DB_CHANNEL_ENABLED", value: "false" },
      ]),
    );
    expect(container.image).toBe("postgrest/postgrest:v14.17");
    expectCredentialsFromSecrets(objs);
  });

  it("keeps the generated password in Secrets only: the service's and the setup Job's", async () => {
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    expect(
      secrets.map((s) => [s.name, (s.inputs.metadata as Record<string, unknown>).namespace, s.inputs.stringData]),
    ).toEqual([
      // PostgREST's JWT signing key (PGRST_JWT_SECRET), generated.
      ["orders-api-generated", "serving", "[secret]"],
      ["orders-api-db-credentials", "serving", "[secret]"],
      ["orders-api-db-role-credentials", "serving", "[secret]"],
    ]);
    expect(await registered(capture, "random:index/randomPassword:RandomPassword")).toHaveLength(2);
    expectNoGeneratedSecrets(capture.captured());
  });

  it("gets its own database and role through a YugabyteDatabase, set up by a Job with the admin Secret", async () => {
    const [login] = await registered(capture, "batch-platform:warehouse:YugabyteDatabase");
    expect(login.name).toBe("orders-api-db");
    const setup = findObject(job, "Job", "ysql-setup-orders-api");
    expect(setup.metadata.namespace).toBe("serving");
    const container = (podSpec(setup).containers as Record<string, unknown>[])[0];
    expect(container.image).toBe(yugabyte.image);
    expect(envOf(container)).toEqual(
      expect.arrayContaining([
        { name: "ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "yugabyte-admin", key: "password" } } },
        {
          name: "ROLE_PASSWORD",
          valueFrom: { secretKeyRef: { name: "orders-api-db-role-credentials", key: "password" } },
        },
      ]),
    );
    expect(JSON.stringify(container.command)).toContain("orders_api");
    // The service's manifests wait for the setup Job.
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    expect(groups.find((g) => g.name === "orders-api-manifests")!.options.dependsOn).toContain(
      groups.find((g) => g.name === "orders-api-db-setup")!.urn,
    );
  });

  it("scales with a CPU autoscaler and survives drains one pod at a time", () => {
    expect(findObject(objs, "HorizontalPodAutoscaler", "orders-api").spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 4,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "orders-api" },
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      ],
    });
    const deployment = findObject(objs, "Deployment", "orders-api");
    expect((deployment.spec as Record<string, unknown>).replicas).toBeUndefined();
    const pdb = findObject(objs, "PodDisruptionBudget", "orders-api");
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { "app.kubernetes.io/name": "orders-api" } },
    });
    expect(podLabels(deployment)).toMatchObject({ "app.kubernetes.io/name": "orders-api" });
  });

  it("runs non-root on a read-only root filesystem with requests and limits, off spot", () => {
    expectRestrictedWorkloads([...objs, ...job]);
    expectOffSpot([...objs, ...job]);
    const container = (
      podSpec(findObject(objs, "Deployment", "orders-api")).containers as Record<string, unknown>[]
    )[0];
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
      yugabyte,
      runAsUser: 101,
    });
    const objs = await configGroupObjs(capture, "events-api-manifests");
    const container = (
      podSpec(findObject(objs, "Deployment", "events-api")).containers as Record<string, unknown>[]
    )[0];
    expect(envOf(container)).toEqual(
      expect.arrayContaining([
        { name: "YCQL_PORT", value: "9042" },
        { name: "YCQL_KEYSPACE", value: "events" },
        { name: "YCQL_PASSWORD", valueFrom: { secretKeyRef: { name: "events-api-db-credentials", key: "password" } } },
      ]),
    );
    const setup = findObject(await configGroupObjs(capture, "events-api-db-setup"), "Job", "ycql-setup-events-api");
    expect(JSON.stringify((podSpec(setup).containers as Record<string, unknown>[])[0].command)).toContain("events");
  });
});

describe("Microservice with a login provisioned elsewhere (YugabyteDatabase)", () => {
  it("provisions nothing and reads the given Secret", async () => {
    const capture = await mockPulumi();
    const service = new Microservice("orders-api", { ...args, login: { secretName: "orders-api-credentials" } });
    expect(service.credentialsSecretName).toBe("orders-api-credentials");
    // Only PostgREST's generated JWT key: no database login is provisioned.
    expect((await registered(capture, "random:index/randomPassword:RandomPassword")).map((r) => r.name)).toEqual([
      "orders-api-pgrst_jwt_secret",
    ]);
    expect((await registered(capture, "kubernetes:core/v1:Secret")).map((r) => r.name)).toEqual([
      "orders-api-generated",
    ]);
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    expect(groups.map((g) => g.name)).toEqual(["orders-api-manifests"]);
    const container = (
      podSpec(findObject(await configGroupObjs(capture, "orders-api-manifests"), "Deployment", "orders-api"))
        .containers as Record<string, unknown>[]
    )[0];
    expect(envOf(container)).toContainEqual({
      name: "PGPASSWORD",
      valueFrom: { secretKeyRef: { name: "orders-api-credentials", key: "password" } },
    });
  });
});

describe("Microservice arguments", () => {
  it("refuse unpinned images, credentials in plain env, built-in roles and bad identifiers", () => {
    expect(validateMicroserviceArgs("x", { ...args, image: "postgrest/postgrest:latest" })).toEqual([
      expect.stringMatching(/^image: got "postgrest\/postgrest:latest"; pin it/),
    ]);
    expect(validateMicroserviceArgs("x", { ...args, env: { API_TOKEN: "abc", PGHOST: "h" } })).toEqual([
      "env.API_TOKEN: looks like a credential; plain env is configuration only, credentials come from Secrets",
      "env.PGHOST: set by the Microservice from the database connection",
    ]);
    expect(
      validateMicroserviceArgs("x", { ...args, database: { kind: "ysql", database: "Orders-DB", role: "yugabyte" } }),
    ).toEqual([
      expect.stringMatching(/^database\.database: got "Orders-DB"/),
      expect.stringMatching(/^database\.role: "yugabyte" is a built-in role/),
    ]);
    expect(validateMicroserviceArgs("x", { ...args, replicas: { min: 3, max: 2 } })).toEqual([
      expect.stringMatching(/^replicas: got/),
    ]);
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
    const objs = chart.toJson();
    expect(await mandatoryFindings(asPlanResources(objs))).toEqual([]);
    expect(objs).toMatchSnapshot();
  });
});

describe("Microservice behind JWT (PostgREST)", () => {
  it("has no anonymous role, reads its JWT key from a generated Secret and declares its listener", async () => {
    const capture = await mockPulumi();
    const service = new Microservice("orders-api", args);
    const deployment = findObject(await configGroupObjs(capture, "orders-api-manifests"), "Deployment", "orders-api");
    const container = (podSpec(deployment).containers as Record<string, unknown>[])[0];
    expect(envOf(container).map((e) => e.name)).not.toContain("PGRST_DB_ANON_ROLE");
    expect(envOf(container)).toContainEqual({
      name: "PGRST_JWT_SECRET",
      valueFrom: { secretKeyRef: { name: "orders-api-generated", key: "PGRST_JWT_SECRET" } },
    });
    expect(service.listeners.map((l) => `${l.port}:${l.tls}:${l.authentication}`)).toEqual(["3000:none:jwt"]);
    // Without TLS (dev's opt-out) PostgREST keeps its default address, one container, no proxy.
    expect(envOf(container).map((e) => e.name)).not.toContain("PGRST_SERVER_HOST");
    expect((podSpec(deployment).containers as unknown[]).length).toBe(1);
    const svc = findObject(
      await configGroupObjs(capture, "orders-api-manifests"),
      "Service",
      "orders-api",
    ) as unknown as { metadata: { annotations: Record<string, string> } };
    expect(JSON.parse(svc.metadata.annotations["batch-platform.io/listeners"])).toEqual([
      { port: 3000, tls: "none", authentication: "jwt" },
    ]);
  });
});

describe("Microservice behind TLS (PostgREST with the nginx proxy in the pod)", () => {
  const tls = {
    issuer: { name: "batch-platform-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
    caBundle: {
      secretName: "batch-platform-ca",
      caKey: "ca.crt",
      pkcs12TruststoreKey: "truststore.p12",
      jksTruststoreKey: "truststore.jks",
      storePasswordSecretName: "batch-platform-tls-store",
      storePasswordKey: "password",
    },
  } as const;
  let capture: RegistrationCapture;
  let service: Microservice;
  let objs: K8sObject[];
  let containers: Record<string, unknown>[];
  beforeAll(async () => {
    capture = await mockPulumi();
    service = new Microservice("orders-api", { ...args, tls });
    objs = await configGroupObjs(capture, "orders-api-manifests");
    containers = podSpec(findObject(objs, "Deployment", "orders-api")).containers as Record<string, unknown>[];
  });
  const proxy = () => containers.find((c) => c.name === "tls-proxy")!;
  const postgrest = () => containers.find((c) => c.name === "orders-api")!;

  it("exposes only the proxy's TLS port on the Service, with its listener", async () => {
    expect(await valueOf(service.url)).toBe("https://orders-api.serving.svc.cluster.local:8443");
    const svc = findObject(objs, "Service", "orders-api") as unknown as {
      metadata: { annotations: Record<string, string> };
      spec: Record<string, unknown>;
    };
    expect(svc.spec).toMatchObject({
      type: "ClusterIP",
      ports: [{ name: "https", port: 8443, targetPort: 8443 }],
      selector: { "app.kubernetes.io/name": "orders-api" },
    });
    expect(JSON.parse(svc.metadata.annotations["batch-platform.io/listeners"])).toEqual([
      { port: 8443, tls: "tls", authentication: "jwt" },
    ]);
    expect(service.listeners.map((l) => `${l.name}:${l.port}:${l.tls}:${l.authentication}`)).toEqual([
      "https:8443:tls:jwt",
    ]);
  });

  it("binds PostgREST (and its admin server) to 127.0.0.1: no pod port, no probe the kubelet could not reach", () => {
    expect(envOf(postgrest())).toContainEqual({ name: "PGRST_SERVER_HOST", value: "127.0.0.1" });
    expect(postgrest().ports).toBeUndefined();
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"])
      expect(postgrest()[probe], probe).toBeUndefined();
    expect(envOf(postgrest())).toContainEqual({
      name: "PGRST_JWT_SECRET",
      valueFrom: { secretKeyRef: { name: "orders-api-generated", key: "PGRST_JWT_SECRET" } },
    });
  });

  it("runs the proxy pinned, non-root, read-only, without privileges, its writable paths on emptyDirs", () => {
    expect(proxy().image).toBe("nginxinc/nginx-unprivileged:1.30.4-alpine-slim");
    expect(proxy().securityContext).toEqual({
      runAsUser: 101,
      runAsGroup: 101,
      runAsNonRoot: true,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(podSpec(findObject(objs, "Deployment", "orders-api")).securityContext).toMatchObject({
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(proxy().command).toEqual(["nginx", "-e", "stderr", "-c", "/etc/nginx/proxy/nginx.conf"]);
    expect(proxy().ports).toEqual([{ containerPort: 8443, name: "https" }]);
    const mounts = (proxy().volumeMounts as { mountPath: string; name: string; readOnly?: boolean }[]).map(
      (m) => `${m.mountPath}:${m.name}:${m.readOnly ?? false}`,
    );
    expect(mounts).toEqual([
      "/etc/nginx/proxy:tls-proxy-config:true",
      "/etc/nginx/tls:tls:true",
      "/tmp:tls-proxy-tmp:false",
    ]);
    const volumes = podSpec(findObject(objs, "Deployment", "orders-api")).volumes as Record<string, unknown>[];
    expect(volumes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "tls", secret: expect.objectContaining({ secretName: "orders-api-tls" }) }),
        expect.objectContaining({
          name: "tls-proxy-config",
          configMap: expect.objectContaining({ name: "orders-api-tls-proxy" }),
        }),
        expect.objectContaining({ name: "tls-proxy-tmp", emptyDir: expect.anything() }),
      ]),
    );
  });

  it("checks readiness through the proxy (PostgREST's /ready over HTTPS), liveness on the TLS port", () => {
    expect(proxy().readinessProbe).toMatchObject({ httpGet: { path: "/_health", port: 8443, scheme: "HTTPS" } });
    expect(proxy().livenessProbe).toMatchObject({ tcpSocket: { port: 8443 } });
    expect(proxy().startupProbe).toMatchObject({ tcpSocket: { port: 8443 } });
    const conf = (findObject(objs, "ConfigMap", "orders-api-tls-proxy") as unknown as { data: Record<string, string> })
      .data["nginx.conf"];
    expect(conf).toContain("    listen 8443 ssl;\n");
    expect(conf).toContain("    location = /_health {\n      proxy_pass http://127.0.0.1:3001/ready;\n    }\n");
    expect(conf).toContain("      proxy_pass http://127.0.0.1:3000;\n");
    expect(conf).toContain("    ssl_protocols TLSv1.2 TLSv1.3;\n");
    // Everything nginx writes goes to /tmp (the root filesystem is read-only).
    expect(conf.match(/^\s*(pid|\w+_temp_path) (\S+);$/gm)!.every((line) => line.includes(" /tmp/"))).toBe(true);
    // Only the health check is forwarded to the admin server (its /schema_cache and /metrics are not).
    expect(conf.match(/127\.0\.0\.1:3001\S*/g)).toEqual(["127.0.0.1:3001/ready;"]);
  });

  it("gets its certificate from the platform issuer for the Service's names", async () => {
    const certificate = findObject(objs, "Certificate", "orders-api-tls") as unknown as {
      spec: Record<string, unknown>;
    };
    expect(certificate.spec).toMatchObject({
      secretName: "orders-api-tls",
      issuerRef: tls.issuer,
      dnsNames: ["orders-api", "orders-api.serving", "orders-api.serving.svc", "orders-api.serving.svc.cluster.local"],
    });
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });

  it("refuses TLS without a bind address variable, and a TLS port the service uses", () => {
    const { bindAddressEnv: _unused, ...withoutBind } = { ...args, tls };
    expect(validateMicroserviceArgs("x", withoutBind)).toEqual([
      expect.stringMatching(/^bindAddressEnv: missing; with tls/),
    ]);
    expect(validateMicroserviceArgs("x", { ...args, tls, tlsPort: 3001 })).toEqual([
      expect.stringMatching(/^tlsPort: got 3001; the service already uses it/),
    ]);
    expect(validateMicroserviceArgs("x", { ...args, tls, tlsPort: 443 })).toEqual([
      expect.stringMatching(/^tlsPort: got 443; expected 1024-65535/),
    ]);
    expect(validateMicroserviceArgs("x", { ...args, env: { ...args.env, PGRST_SERVER_HOST: "0.0.0.0" } })).toEqual([
      "env.PGRST_SERVER_HOST: set by the Microservice (bindAddressEnv)",
    ]);
  });
});

describe("Microservice on YSQL with TLS", () => {
  const tlsServer = YUGABYTE_TLS_SERVER;
  let objs: K8sObject[];
  beforeAll(async () => {
    const capture = await mockPulumi();
    new Microservice("orders-api", { ...args, yugabyte: tlsServer });
    objs = await configGroupObjs(capture, "orders-api-manifests");
  });

  it("verifies the database's chain and host name with libpq against the CA bundle it mounts", () => {
    const pod = podSpec(findObject(objs, "Deployment", "orders-api"));
    const container = (pod.containers as Record<string, unknown>[])[0];
    expect(envOf(container)).toEqual(
      expect.arrayContaining([
        { name: "PGSSLMODE", value: "verify-full" },
        { name: "PGSSLROOTCERT", value: "/etc/batch-platform/db-ca/ca.crt" },
      ]),
    );
    expect(container.volumeMounts).toContainEqual({ mountPath: "/etc/batch-platform/db-ca", name: "db-ca", readOnly: true });
    // Only the CA's public file, never a key.
    expect(pod.volumes).toContainEqual({
      name: "db-ca",
      secret: { secretName: "batch-platform-ca", items: [{ key: "ca.crt", path: "ca.crt" }] },
    });
  });

  it("refuses the TLS variables among a service's own settings", () => {
    expect(validateMicroserviceArgs("x", { ...args, env: { PGSSLMODE: "disable" } })).toEqual([
      "env.PGSSLMODE: set by the Microservice from the database connection",
    ]);
  });
});
