import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { newManifestChart } from "../../components/k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT } from "../../components/k8s/placement";
import { HiveMetastore, validateHiveMetastoreArgs, type HiveMetastoreArgs } from "../../components/metastore/hive-metastore";
import { addHiveMetastore, metastoreListener, metastoreSiteXml, type HiveMetastoreManifestProps } from "../../components/metastore/hive-metastore-manifests";
import { addMetastorePostgres } from "../../components/metastore/metastore-postgres-manifests";
import { CA_BUNDLE } from "../../components/tls/cert-manager";
import { PLATFORM_CA_ISSUER } from "../../components/tls/cert-manager-manifests";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";
import {
  asPlanResources,
  configGroupObjs,
  containersOf,
  envOf,
  expectCredentialsFromSecrets,
  expectNoGeneratedSecrets,
  expectOffSpot,
  expectRestrictedWorkloads,
  findObject,
  mandatoryFindings,
  podSpec,
  type K8sObject,
} from "../helpers/workload-assertions";
import { YUGABYTE_SERVER, YUGABYTE_TLS_SERVER } from "../helpers/yugabyte-server";

const args: HiveMetastoreArgs = {
  namespace: "query",
  lakeEndpoint: pulumi.output("http://minio.lake.svc.cluster.local:9000"),
  lakeCredentials: { accessKey: "lake-admin", secretKey: pulumi.secret("plan-random-lake-root-password") },
  replicas: 2,
  protect: true,
  labels: { costCenter: "data-platform" },
};

const props: HiveMetastoreManifestProps = {
  name: "hive-metastore",
  namespace: "query",
  lakeEndpoint: "http://minio.lake.svc.cluster.local:9000",
  lakeCredentialsSecret: "hms-lake-credentials",
  warehouseDir: "s3a://curated/warehouse",
  s3Region: "us-east-1",
  jdbcUrl: "jdbc:postgresql://hive-metastore-db.query.svc.cluster.local:5432/metastore",
  dbCredentialsSecret: "hms-db-credentials",
  replicas: 1,
  resources: { cpu: "250m", memory: "1536Mi" },
  pool: "stateful",
  placement: DEFAULT_PLACEMENT,
  labels: {},
  jdbcDriver: { image: "trinodb/trino:483", jarGlob: "/usr/lib/trino/plugin/postgresql/postgresql-*.jar" },
};

describe("HiveMetastore", () => {
  let capture: RegistrationCapture;
  let metastore: HiveMetastore;
  let objs: K8sObject[];
  beforeAll(async () => {
    capture = await mockPulumi();
    metastore = new HiveMetastore("hms", args);
    objs = await configGroupObjs(capture, "hms-manifests");
  });

  it("exposes the thrift URI of its Service", async () => {
    expect(await valueOf(metastore.thriftUri)).toBe("thrift://hive-metastore.query.svc.cluster.local:9083");
    expect(await valueOf(metastore.jdbcUrl)).toBe("jdbc:postgresql://hive-metastore-db.query.svc.cluster.local:5432/metastore");
    const service = findObject(objs, "Service", "hive-metastore");
    expect(service.spec).toMatchObject({ type: "ClusterIP", ports: [{ port: 9083, name: "thrift" }], selector: { "app.kubernetes.io/name": "hive-metastore" } });
  });

  it("puts the warehouse on the lake and S3A path-style in the ConfigMap, and no credential", () => {
    const config = findObject(objs, "ConfigMap", "hive-metastore-config");
    const data = config.data as Record<string, string>;
    expect(data["metastore-site.xml"]).toContain("<name>metastore.warehouse.dir</name>\n    <value>s3a://curated/warehouse</value>");
    expect(data["metastore-site.xml"]).toContain("<value>jdbc:postgresql://hive-metastore-db.query.svc.cluster.local:5432/metastore</value>");
    expect(data["metastore-site.xml"]).toContain("<value>${env.HMS_DB_PASSWORD}</value>");
    expect(data["core-site.xml"]).toContain("<name>fs.s3a.path.style.access</name>\n    <value>true</value>");
    expect(data["core-site.xml"]).toContain("<value>http://minio.lake.svc.cluster.local:9000</value>");
    expect(JSON.stringify(data)).not.toMatch(/plan-random|lake-admin|secret\.key|access\.key/);
  });

  it("initialises the schema idempotently before the metastore starts, with the JDBC driver on the classpath", () => {
    const spec = podSpec(findObject(objs, "Deployment", "hive-metastore"));
    const [driver, schema] = containersOf(spec);
    expect(driver).toMatchObject({ name: "jdbc-driver", image: "trinodb/trino:483" });
    expect(schema).toMatchObject({ name: "schema", image: "apache/hive:4.0.1", command: ["/opt/hive/bin/schematool", "-dbType", "postgres", "-initOrUpgradeSchema"] });
    const main = (spec.containers as Record<string, unknown>[])[0];
    expect(envOf(main)).toEqual(expect.arrayContaining([{ name: "SERVICE_NAME", value: "metastore" }, { name: "IS_RESUME", value: "true" }, { name: "HADOOP_CLASSPATH", value: "/opt/jdbc/*" }]));
  });

  it("reads the database and lake credentials only through secretKeyRefs", async () => {
    expectCredentialsFromSecrets(objs);
    const main = (podSpec(findObject(objs, "Deployment", "hive-metastore")).containers as Record<string, unknown>[])[0];
    expect(envOf(main)).toContainEqual({ name: "HMS_DB_PASSWORD", valueFrom: { secretKeyRef: { name: "hms-db-credentials", key: "password" } } });
    expect(envOf(main)).toContainEqual({ name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "hms-lake-credentials", key: "AWS_SECRET_ACCESS_KEY" } } });
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    expect(secrets.map((s) => s.name).sort()).toEqual(["hms-db-credentials", "hms-lake-credentials"]);
    for (const secret of secrets) expect(secret.inputs.stringData).toBe("[secret]");
    expectNoGeneratedSecrets(capture.captured());
  });

  it("runs non-root with requests and limits on on-demand nodes", () => {
    expectRestrictedWorkloads(objs);
    expectOffSpot(objs);
    expect(podSpec(findObject(objs, "StatefulSet", "hive-metastore-db")).nodeSelector).toEqual({ "batch-platform.io/pool": "stateful" });
  });

  it("keeps its catalog database's volume in a protected group of its own", async () => {
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const data = groups.find((g) => g.name === "hms-db-data");
    expect(data?.options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(data?.inputs.objs).toEqual([expect.objectContaining({ kind: "PersistentVolumeClaim", metadata: expect.objectContaining({ name: "hive-metastore-db-data" }) })]);
    expect(groups.find((g) => g.name === "hms-manifests")?.options.protect).toBe(false);
  });

  it("emits only objects valid against the Kubernetes schema, with a PodDisruptionBudget for two replicas", async () => {
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
    expect(findObject(objs, "PodDisruptionBudget", "hive-metastore").spec).toMatchObject({ maxUnavailable: 1 });
  });

  it("rejects spot placement, a warehouse off the lake and a JDBC URL with credentials", () => {
    expect(validateHiveMetastoreArgs({ ...args, pool: "batch" as never })).toEqual([expect.stringMatching(/^pool: got "batch"/)]);
    expect(validateHiveMetastoreArgs({ ...args, warehouseDir: "/opt/hive/data/warehouse" })).toEqual([expect.stringMatching(/^warehouseDir: got/)]);
    expect(validateHiveMetastoreArgs({ ...args, database: { kind: "external", jdbcUrl: "jdbc:postgresql://hive:secret@yb:5433/metastore", credentialsSecretName: "hms-yb" } })).toEqual([
      expect.stringMatching(/^database\.jdbcUrl: got/),
    ]);
    expect(() => new HiveMetastore("bad", { ...args, replicas: 0 })).toThrow(/replicas: got 0/);
  });
});

describe("HiveMetastore on an external (YugabyteDB YSQL) database", () => {
  it("creates no database of its own and uses the given JDBC URL and Secret", async () => {
    const capture = await mockPulumi();
    const metastore = new HiveMetastore("hms", {
      ...args,
      lakeCredentials: { secretName: "lake-s3" },
      database: { kind: "external", jdbcUrl: "jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/metastore", credentialsSecretName: "metastore-ysql" },
    });
    expect(await valueOf(metastore.jdbcUrl)).toBe("jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/metastore");
    const objs = await configGroupObjs(capture, "hms-manifests");
    expect(objs.map((o) => o.kind)).not.toContain("StatefulSet");
    expect(await registered(capture, "random:index/randomPassword:RandomPassword")).toEqual([]);
    expect(await registered(capture, "kubernetes:core/v1:Secret")).toEqual([]);
    const main = (podSpec(findObject(objs, "Deployment", "hive-metastore")).containers as Record<string, unknown>[])[0];
    expect(envOf(main)).toContainEqual({ name: "HMS_DB_USER", valueFrom: { secretKeyRef: { name: "metastore-ysql", key: "username" } } });
    expect(envOf(main)).toContainEqual({ name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "lake-s3", key: "AWS_ACCESS_KEY_ID" } } });
  });
});

describe("HiveMetastore on YugabyteDB YSQL (staging/prod)", () => {
  it("gets a metastore database and role through a YugabyteDatabase and connects through YSQL", async () => {
    const capture = await mockPulumi();
    const server = YUGABYTE_SERVER;
    const metastore = new HiveMetastore("hms", { ...args, database: { kind: "yugabyte", server } });
    expect(await valueOf(metastore.jdbcUrl)).toBe("jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/metastore");
    const objs = await configGroupObjs(capture, "hms-manifests");
    expect(objs.map((o) => o.kind)).not.toContain("StatefulSet");
    const config = findObject(objs, "ConfigMap", "hive-metastore-config").data as Record<string, string>;
    expect(config["metastore-site.xml"]).toContain("<value>jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/metastore</value>");
    const [login] = await registered(capture, "batch-platform:warehouse:YugabyteDatabase");
    expect(login.name).toBe("hms-db");
    const job = findObject(await configGroupObjs(capture, "hms-db-setup"), "Job", "ysql-setup-hive-metastore");
    expect(job.metadata.namespace).toBe("serving");
    expect(JSON.stringify(podSpec(job).containers)).toContain('CREATE DATABASE \\"metastore\\"');
    const main = (podSpec(findObject(objs, "Deployment", "hive-metastore")).containers as Record<string, unknown>[])[0];
    expect(envOf(main)).toContainEqual({ name: "HMS_DB_PASSWORD", valueFrom: { secretKeyRef: { name: "hive-metastore-db-credentials", key: "password" } } });
    // Depending on the login component means waiting for its children: the setup Job above all.
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const manifests = groups.find((g) => g.name === "hms-manifests")!;
    expect(manifests.options.dependsOn).toContain(groups.find((g) => g.name === "hms-db-setup")!.urn);
    expectNoGeneratedSecrets(capture.captured());
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });

  const tlsServer = YUGABYTE_TLS_SERVER;
  const url = "jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/metastore";

  it("verifies YSQL against its JVM truststore where that holds the CA the server names", async () => {
    await mockPulumi();
    const platformCa = { secretName: "batch-platform-ca", lake: true };
    const metastore = new HiveMetastore("hms", { ...args, platformCa, database: { kind: "yugabyte", server: tlsServer } });
    expect(await valueOf(metastore.jdbcUrl)).toBe(
      `${url}?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory`,
    );
  });

  it("only encrypts where it builds no truststore or the server names another CA bundle", async () => {
    for (const platformCa of [{ secretName: "batch-platform-ca", lake: false }, { secretName: "other-ca", lake: true }]) {
      await mockPulumi();
      const metastore = new HiveMetastore("hms", { ...args, platformCa, database: { kind: "yugabyte", server: tlsServer } });
      expect(await valueOf(metastore.jdbcUrl)).toBe(`${url}?sslmode=require`);
    }
  });
});

describe("Hive Metastore manifests (synthesized chart)", () => {
  it("synthesizes valid objects", async () => {
    const chart = newManifestChart("hms", "query");
    addMetastorePostgres(chart, { name: "hive-metastore-db", database: "metastore", credentialsSecret: "hms-db-credentials", claimName: "hive-metastore-db-data", resources: { cpu: "250m", memory: "512Mi" }, placement: DEFAULT_PLACEMENT, labels: {} });
    addHiveMetastore(chart, props);
    const objs = chart.toJson();
    expect(await mandatoryFindings(asPlanResources(objs))).toEqual([]);
    // The dev catalog database: the newest PostgreSQL 16 patch, never a moving tag.
    const db = objs.find((o) => o.kind === "StatefulSet") as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(db.spec.template.spec.containers[0]!.image).toBe("postgres:16.15");
    expect(objs).toMatchSnapshot();
  });

  it("runs every container on a read-only root filesystem with /tmp as its scratch space", () => {
    const chart = newManifestChart("hms", "query");
    addHiveMetastore(chart, props);
    const deployment = chart.toJson().find((o) => o.kind === "Deployment");
    const spec = deployment.spec.template.spec;
    const containers = [...spec.initContainers, ...spec.containers];
    expect(containers.map((c: { name: string }) => c.name)).toEqual(["jdbc-driver", "schema", "metastore"]);
    for (const c of containers) expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    const tmpMounted = containers.filter((c: { volumeMounts: { mountPath: string }[] }) =>
      c.volumeMounts.some((m) => m.mountPath === "/tmp"),
    );
    expect(tmpMounted.map((c: { name: string }) => c.name)).toEqual(["schema", "metastore"]);
    expect(spec.volumes).toContainEqual({ name: "tmp", emptyDir: { sizeLimit: "1024Mi" } });
  });

  it("turns notification auth off under the name MetastoreConf reads (metastore.metastore.…)", () => {
    const xml = metastoreSiteXml({ jdbcUrl: "jdbc:postgresql://h:5432/m", warehouseDir: "s3a://curated/warehouse" });
    expect(xml).toContain("<name>metastore.metastore.event.db.notification.api.auth</name>");
    expect(xml).not.toMatch(/<name>metastore\.event\.db\.notification/);
  });

  it("escapes XML in values", () => {
    expect(metastoreSiteXml({ jdbcUrl: "jdbc:postgresql://h:5432/m?ssl=true&sslmode=require", warehouseDir: "s3a://curated/warehouse" })).toContain("?ssl=true&amp;sslmode=require");
  });
});

describe("Hive Metastore behind the mutual-TLS proxy", () => {
  const tls = { issuer: PLATFORM_CA_ISSUER, caBundle: CA_BUNDLE };
  const clients = [
    { namespace: "processing", workload: "spark-driver" },
    { namespace: "query", workload: "trino" },
  ];
  type Container = {
    name: string;
    args?: string[];
    env?: { name: string; value?: string }[];
    ports?: object[];
    readinessProbe?: object;
    securityContext: object;
  };
  const envValue = (c: Container, name: string) => c.env?.find((e) => e.name === name)?.value;

  it("binds the metastore to loopback on 9084 and serves 9083 from a proxy that admits only the clients", () => {
    const xml = metastoreSiteXml({ ...props, mtls: { secretName: "hive-metastore-tls", clients } });
    expect(xml).toContain("<name>metastore.thrift.port</name>\n    <value>9084</value>");
    expect(xml).toContain("<name>metastore.thrift.bind.host</name>\n    <value>127.0.0.1</value>");
    expect(xml).not.toContain("use.SSL");
    const chart = newManifestChart("hms", "query");
    addHiveMetastore(chart, { ...props, mtls: { secretName: "hive-metastore-tls", clients } });
    const objs = chart.toJson() as K8sObject[];
    expectRestrictedWorkloads(objs);
    const spec = podSpec(findObject(objs, "Deployment", "hive-metastore"));
    const containers = spec.containers as Container[];
    expect(containers.map((c) => c.name)).toEqual(["metastore", "metastore-proxy"]);
    const [metastore, proxy] = containers;
    expect(metastore!.ports ?? []).toEqual([]);
    expect(metastore!.readinessProbe).toMatchObject({ exec: { command: ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9084"] } });
    // The image's entrypoint exports METASTORE_PORT=9083 when unset, and it wins over the XML:
    // without this the metastore and the proxy would both bind 9083.
    expect(envValue(metastore!, "METASTORE_PORT")).toBe("9084");
    const plain = newManifestChart("hms-plain", "query");
    addHiveMetastore(plain, props);
    const direct = (podSpec(findObject(plain.toJson() as K8sObject[], "Deployment", "hive-metastore")).containers as Container[])[0]!;
    expect(envValue(direct, "METASTORE_PORT")).toBe("9083");
    expect(proxy!.args).toEqual([
      "server",
      "--listen=0.0.0.0:9083",
      "--target=localhost:9084",
      "--allow-uri=spiffe://batch-platform/ns/processing/workload/spark-driver",
      "--allow-uri=spiffe://batch-platform/ns/query/workload/trino",
      "--cert=/etc/metastore-proxy/tls.crt",
      "--key=/etc/metastore-proxy/tls.key",
      "--cacert=/etc/metastore-proxy/ca.crt",
      "--timed-reload=1h",
    ]);
    expect(proxy!.ports).toEqual([{ name: "thrift", containerPort: 9083 }]);
    expect(proxy!.securityContext).toMatchObject({ runAsUser: 65532, readOnlyRootFilesystem: true });
    expect(spec.volumes).toContainEqual({ name: "metastore-proxy-tls", secret: { secretName: "hive-metastore-tls" } });
    const service = findObject(objs, "Service", "hive-metastore");
    expect(service.spec).toMatchObject({ ports: [{ port: 9083, targetPort: 9083, name: "thrift" }] });
    expect(metastoreListener("hive-metastore", "query", clients)).toMatchObject({
      tls: "mtls",
      authentication: "client-certificate",
      authorization: "only the client certificates of processing/spark-driver, query/trino (URI SAN)",
    });
  });

  it("issues its server certificate and one client certificate per client, in the client's namespace", async () => {
    const capture = await mockPulumi();
    new HiveMetastore("hms-mtls", { ...args, namespace: "processing", tls, clients });
    const certificates = (await configGroupObjs(capture, "hms-mtls-tls")) as K8sObject[];
    const names = certificates.map((c) => `${c.metadata.namespace}/${c.metadata.name}`);
    expect(names).toEqual(["processing/hive-metastore-tls", "processing/spark-driver-metastore-client", "query/trino-metastore-client"]);
    const server = certificates[0]!.spec as { keystores?: object; dnsNames: string[] };
    expect(server.keystores).toBeUndefined();
    expect(server.dnsNames).toContain("hive-metastore.processing.svc.cluster.local");
    expect(certificates[2]!.spec).toMatchObject({
      secretName: "trino-metastore-client",
      uris: ["spiffe://batch-platform/ns/query/workload/trino"],
      usages: ["digital signature", "client auth"],
      issuerRef: tls.issuer,
    });
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });

  it("refuses tls without clients, clients without tls and a workload name that is no DNS label", () => {
    const base = { ...args, namespace: "processing" };
    expect(validateHiveMetastoreArgs({ ...base, tls })).toEqual(["clients: got []; expected at least one client with tls"]);
    expect(validateHiveMetastoreArgs({ ...base, clients })).toEqual([
      "clients: need tls (clients prove who they are with certificates)",
    ]);
    expect(validateHiveMetastoreArgs({ ...base, tls, clients: [{ namespace: "query", workload: "Trino" }] })).toEqual([
      'clients[0].workload: got "Trino"; expected a DNS label of at most 40 characters',
    ]);
  });
});
