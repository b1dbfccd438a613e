import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import { DEFAULT_PLACEMENT } from "../../components/k8s/placement";
import { metastoreProxyClient } from "../../components/metastore/metastore-proxy";
import { inlineCredentials, kafkaTableDescriptions } from "../../components/query/trino-catalogs";
import { Trino, TRINO_SIZES, trinoChartValues, validateTrinoArgs, type TrinoArgs } from "../../components/query/trino";
import { trinoProbesOverHttps } from "../../components/query/trino-probes";
import { TRINO_CHART, TRINO_IMAGE } from "../../components/query/trino-versions";
import { PIPELINE_EVENT_TOPICS } from "../../components/streaming/kafka-topics";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";
import {
  configGroupObjs,
  expectNoGeneratedSecrets,
  findObject,
  mandatoryFindings,
} from "../helpers/workload-assertions";

interface Values {
  catalogs: Record<string, string>;
  env: { name: string; valueFrom?: { secretKeyRef: { name: string; key: string } }; value?: string }[];
  kafka: { mountPath: string; tableDescriptions: Record<string, string> };
  image: { repository: string; tag: string };
  server: { workers: number; config: { query: { maxMemory: string } } };
  coordinator: Record<string, unknown> & {
    resources: { requests: object; limits: object };
    jvm: { maxHeapSize: string };
  };
  worker: Record<string, unknown> & {
    resources: { requests: object; limits: object };
    jvm: { maxHeapSize: string };
    config: { query: { maxMemoryPerNode: string } };
  };
  securityContext: Record<string, unknown>;
  containerSecurityContext: Record<string, unknown>;
  sidecarContainers?: { coordinator: Record<string, unknown>[]; worker: Record<string, unknown>[] };
}

function args(ybPassword: pulumi.Input<string>): TrinoArgs {
  return {
    namespace: "query",
    metastoreUri: pulumi.output("thrift://hive-metastore.query.svc.cluster.local:9083"),
    lakeEndpoint: "http://minio.lake.svc.cluster.local:9000",
    lakeCredentials: { accessKey: "lake-admin", secretKey: pulumi.secret("plan-random-lake-root-password") },
    yugabyte: {
      host: "yb-tservers.serving.svc.cluster.local",
      database: "analytics",
      login: { username: "trino", password: ybPassword },
    },
    kafka: {
      bootstrapServers: pulumi.output("events-kafka-bootstrap.serving.svc.cluster.local:9092"),
      topics: PIPELINE_EVENT_TOPICS,
    },
    sizing: TRINO_SIZES.prod,
    spreadOverZones: true,
    labels: { costCenter: "data-platform" },
  };
}

describe("Trino", () => {
  let capture: RegistrationCapture;
  let trino: Trino;
  let chart: PlanResource;
  let values: Values;
  beforeAll(async () => {
    capture = await mockPulumi();
    const password = new RandomPassword("trino-yb-password", { length: 24, special: false });
    trino = new Trino("trino", args(password.result));
    [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    values = chart.inputs.values as unknown as Values;
  });

  it("installs the pinned upstream chart and image", async () => {
    expect(chart.inputs).toMatchObject({
      chart: TRINO_CHART.chart,
      version: TRINO_CHART.version,
      repositoryOpts: { repo: TRINO_CHART.repo },
      namespace: "query",
      name: "trino",
    });
    expect(values.image).toMatchObject({ repository: TRINO_IMAGE.repository, tag: TRINO_IMAGE.tag });
    expect(await valueOf(trino.endpoint)).toBe("http://trino.query.svc.cluster.local:8080");
    expect(trino.catalogNames).toEqual(["delta", "yugabyte", "kafka"]);
    // Plain HTTP serves clients without TLS: the chart's probes stay as they are.
    expect(chart.options.transforms).toBeUndefined();
    // No TLS client needs the platform CA: the JDK's own truststore, no init container.
    expect(values).not.toHaveProperty("initContainers");
    expect((values.coordinator as unknown as { additionalJVMConfig: string[] }).additionalJVMConfig).toEqual([]);
  });

  it("generates the delta catalog from the metastore and lake outputs", () => {
    const delta = values.catalogs.delta.split("\n");
    expect(delta).toEqual(
      expect.arrayContaining([
        "connector.name=delta_lake",
        "hive.metastore.uri=thrift://hive-metastore.query.svc.cluster.local:9083",
        "fs.s3.enabled=true",
        "s3.endpoint=http://minio.lake.svc.cluster.local:9000",
        "s3.path-style-access=true",
        "s3.region=us-east-1",
        "s3.aws-access-key=${ENV:TRINO_S3_ACCESS_KEY}",
        "s3.aws-secret-key=${ENV:TRINO_S3_SECRET_KEY}",
      ]),
    );
    expect(values.catalogs.delta).not.toContain("hive.metastore.thrift.client.ssl");
  });

  it("without metastoreClient runs no metastore proxy and mounts no client certificate", () => {
    expect(values.sidecarContainers).toBeUndefined();
    for (const role of [values.coordinator, values.worker])
      expect((role.additionalVolumes as { name: string }[]).map((v) => v.name)).toEqual(["node-data", "scratch-tmp"]);
  });

  it("generates the yugabyte catalog against YSQL and the kafka catalog from the topics", () => {
    expect(values.catalogs.yugabyte).toBe(
      "connector.name=postgresql\nconnection-url=jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/analytics\nconnection-user=${ENV:TRINO_YUGABYTE_USER}\nconnection-password=${ENV:TRINO_YUGABYTE_PASSWORD}\n",
    );
    expect(values.catalogs.kafka.split("\n")).toEqual(
      expect.arrayContaining([
        "connector.name=kafka",
        "kafka.nodes=events-kafka-bootstrap.serving.svc.cluster.local:9092",
        "kafka.table-names=events.orders_events,events.card_transactions",
        "kafka.table-description-dir=/etc/trino/schemas",
      ]),
    );
    expect(Object.keys(values.kafka.tableDescriptions).sort()).toEqual([
      "events.card_transactions.json",
      "events.orders_events.json",
    ]);
    expect(values.kafka.mountPath).toBe("/etc/trino/schemas");
  });

  it("keeps every credential out of the catalogs and values: ${ENV:…} set from Secrets", async () => {
    expect(inlineCredentials(values.catalogs)).toEqual([]);
    for (const text of Object.values(values.catalogs)) {
      for (const line of text.split("\n").filter((l) => /(password|secret|key|user)=/.test(l)))
        expect(line).toMatch(/=\$\{ENV:TRINO_[A-Z0-9_]+\}$/);
    }
    expect(values.env).toEqual([
      {
        name: "TRINO_S3_ACCESS_KEY",
        valueFrom: { secretKeyRef: { name: "trino-lake-credentials", key: "AWS_ACCESS_KEY_ID" } },
      },
      {
        name: "TRINO_S3_SECRET_KEY",
        valueFrom: { secretKeyRef: { name: "trino-lake-credentials", key: "AWS_SECRET_ACCESS_KEY" } },
      },
      { name: "TRINO_YUGABYTE_USER", valueFrom: { secretKeyRef: { name: "trino-yugabyte-login", key: "username" } } },
      {
        name: "TRINO_YUGABYTE_PASSWORD",
        valueFrom: { secretKeyRef: { name: "trino-yugabyte-login", key: "password" } },
      },
    ]);
    expect(JSON.stringify(values)).not.toMatch(/lake-admin|plan-random/);
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    expect(secrets.map((s) => [s.name, s.inputs.stringData])).toEqual([
      ["trino-lake-credentials", "[secret]"],
      ["trino-yugabyte-login", "[secret]"],
    ]);
    expectNoGeneratedSecrets(capture.captured());
  });

  it("sizes coordinator and workers per environment with requests and limits, off spot, non-root", () => {
    expect(values.server.workers).toBe(3);
    expect(values.worker.resources).toEqual({
      requests: { cpu: "3", memory: "12Gi" },
      limits: { cpu: "4", memory: "12Gi" },
    });
    expect(values.coordinator.resources).toEqual({
      requests: { cpu: "2", memory: "8Gi" },
      limits: { cpu: "4", memory: "8Gi" },
    });
    expect(values.worker.jvm.maxHeapSize).toBe("9830M");
    expect(values.worker.config.query.maxMemoryPerNode).toBe("2949MB");
    expect(values.server.config.query.maxMemory).toBe("8847MB");
    for (const role of [values.coordinator, values.worker]) {
      expect(role.nodeSelector).toEqual({ "batch-platform.io/pool": "stateful" });
      expect(role.tolerations).toEqual([]);
    }
    expect(values.worker.topologySpreadConstraints).toEqual([
      expect.objectContaining({ topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }),
    ]);
    // Chart 1.42.0 reads topologySpreadConstraints for workers only.
    expect(Object.keys(values.coordinator)).not.toContain("topologySpreadConstraints");
    expect(values.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(values.containerSecurityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
  });

  it("declares only valid Kubernetes objects", async () => {
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });
});

describe("Trino arguments and catalogs", () => {
  it("refuses the spot pool and undersized pods", () => {
    const base = {
      namespace: "query",
      metastoreUri: "thrift://hive-metastore.query.svc.cluster.local:9083",
      lakeEndpoint: "http://minio:9000",
      lakeCredentials: { secretName: "lake" },
    } as const;
    expect(validateTrinoArgs({ ...base, pool: "batch" as never })).toEqual([
      expect.stringMatching(/^pool: got "batch"; Trino workers are long-lived/),
    ]);
    expect(
      validateTrinoArgs({
        ...base,
        sizing: { workers: 0, coordinator: { cpu: "1", memory: "1Gi" }, worker: { cpu: "1", memory: "4Gi" } },
      }),
    ).toEqual([
      "sizing.workers: got 0; expected an integer of at least 1",
      'sizing.coordinator.memory: got "1Gi"; Trino needs at least 2Gi',
    ]);
    expect(validateTrinoArgs({ ...base, metastoreUri: "hive-metastore:9083" })).toEqual([
      expect.stringMatching(/^metastoreUri: got/),
    ]);
  });

  it("refuses a metastore client identity of another namespace (its certificate Secret is not in Trino's)", () => {
    const base = {
      namespace: "query",
      metastoreUri: "thrift://hive-metastore.processing.svc.cluster.local:9083",
      lakeEndpoint: "http://minio:9000",
      lakeCredentials: { secretName: "lake" },
    } as const;
    const elsewhere = { namespace: "processing", workload: "trino" };
    expect(validateTrinoArgs({ ...base, metastoreClient: elsewhere })).toEqual([
      'metastoreClient.namespace: got "processing"; expected Trino\'s namespace "query"',
    ]);
    expect(validateTrinoArgs({ ...base, metastoreClient: { namespace: "query", workload: "trino" } })).toEqual([]);
    // A namespace known only at deployment is not compared.
    expect(validateTrinoArgs({ ...base, namespace: pulumi.output("query"), metastoreClient: elsewhere })).toEqual([]);
  });

  it("finds a credential written into a catalog", () => {
    expect(
      inlineCredentials({ pg: "connection-url=jdbc:postgresql://h:5433/d\nconnection-password=hunter2\n" }),
    ).toEqual(["pg: connection-password"]);
  });

  it("builds without yugabyte and kafka catalogs when they are not given", () => {
    const values = trinoChartValues({
      catalogs: { delta: "connector.name=delta_lake\n" },
      tableDescriptions: {},
      env: [],
      sizing: TRINO_SIZES.dev,
      pool: "system",
      spreadOverZones: false,
      placement: DEFAULT_PLACEMENT,
      labels: {},
      namespace: "query",
    });
    expect(Object.keys(values.catalogs)).toEqual(["delta"]);
    // Without TLS: plain HTTP on 8080 between the nodes, nothing appended to the chart's config.
    expect(values.server).toMatchObject({ coordinatorExtraConfig: "", workerExtraConfig: "" });
    expect(values.additionalConfigProperties).toEqual([]);
    expect(values.worker.nodeSelector).toEqual({ "batch-platform.io/pool": "system" });
    expect(values.worker.topologySpreadConstraints).toEqual([]);
  });

  it("describes JSON topics field by field, temporal fields as ISO 8601", () => {
    const [orders] = Object.values(kafkaTableDescriptions("events", PIPELINE_EVENT_TOPICS));
    const description = JSON.parse(orders) as {
      tableName: string;
      topicName: string;
      message: { dataFormat: string; fields: Record<string, string>[] };
    };
    expect(description).toMatchObject({
      tableName: "orders_events",
      topicName: "orders-events",
      message: { dataFormat: "json" },
    });
    expect(description.message.fields).toContainEqual({
      name: "event_ts",
      mapping: "event_ts",
      type: "TIMESTAMP",
      dataFormat: "iso8601",
    });
    expect(description.message.fields).toContainEqual({ name: "amount", mapping: "amount", type: "DOUBLE" });
    expect(kafkaTableDescriptions("events", PIPELINE_EVENT_TOPICS)).toMatchSnapshot();
  });
});

describe("Trino through the metastore's mutual-TLS proxy", () => {
  const metastoreUri = "thrift://hive-metastore.processing.svc.cluster.local:9083";
  const client = { namespace: "query", workload: "trino" };
  let capture: RegistrationCapture;
  let values: Values & Record<string, unknown>;
  beforeAll(async () => {
    capture = await mockPulumi();
    // An Output, as HiveMetastore.thriftUri is: the proxy is built once it resolves.
    new Trino("trino", { ...args("pw"), metastoreUri: pulumi.output(metastoreUri), metastoreClient: client });
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    values = chart.inputs.values as unknown as Values & Record<string, unknown>;
  });

  it("runs the proxy as a regular container beside the coordinator and every worker", () => {
    const expected = metastoreProxyClient(client, metastoreUri).container;
    expect(values.sidecarContainers).toEqual({ coordinator: [expected], worker: [expected] });
    const [proxy] = values.sidecarContainers!.worker;
    expect(proxy).toMatchObject({ name: "metastore-proxy", image: "ghostunnel/ghostunnel:v1.11.1-distroless" });
    expect((proxy.args as string[]).slice(0, 3)).toEqual([
      "client",
      "--listen=localhost:9083",
      "--target=hive-metastore.processing.svc.cluster.local:9083",
    ]);
    // Chart 1.42.0 renders sidecarContainers into `containers:`, where a restartPolicy is invalid.
    expect(proxy).not.toHaveProperty("restartPolicy");
    expect(proxy.volumeMounts).toEqual([
      { name: "metastore-proxy-tls", mountPath: "/etc/metastore-proxy", readOnly: true },
    ]);
  });

  it("mounts the client certificate Secret HiveMetastore creates in both roles, beside the scratch emptyDirs", () => {
    for (const role of [values.coordinator, values.worker])
      expect(role.additionalVolumes).toEqual([
        { name: "node-data", emptyDir: { sizeLimit: "2Gi" } },
        { name: "scratch-tmp", emptyDir: { sizeLimit: "1Gi" } },
        { name: "metastore-proxy-tls", secret: { secretName: "trino-metastore-client" } },
      ]);
  });

  it("points the delta catalog at the proxy on loopback in plain Thrift", () => {
    const delta = values.catalogs.delta.split("\n");
    expect(delta).toContain("hive.metastore.uri=thrift://localhost:9083");
    expect(delta.filter((line) => line.startsWith("hive.metastore."))).toEqual([
      "hive.metastore.uri=thrift://localhost:9083",
    ]);
    expect(values.catalogs.delta).not.toContain("hive-metastore.processing");
  });

  it("declares only valid Kubernetes objects", async () => {
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });
});

describe("Trino with TLS, passwords and access control", () => {
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
  let trino: Trino;
  let values: Record<string, unknown>;
  beforeAll(async () => {
    capture = await mockPulumi();
    const base = args("pw");
    trino = new Trino("trino", {
      ...base,
      tls,
      yugabyte: { ...base.yugabyte!, tls: true },
      kafka: {
        ...base.kafka!,
        credentials: { secretName: "trino-kafka-credentials", clientPropertiesKey: "client.properties" },
      },
    });
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    values = chart.inputs.values as Record<string, unknown>;
  });

  it("serves HTTPS with a cert-manager PEM keystore and requires passwords from a Secret's password file", async () => {
    expect(values.server).toMatchObject({
      config: {
        https: { enabled: true, port: 8443, keystore: { path: "/etc/trino/tls/tls-combined.pem" } },
        authenticationType: "PASSWORD",
      },
    });
    expect(values.auth).toEqual({ passwordAuthSecret: "trino-password-file" });
    expect(values.coordinator).toMatchObject({
      secretMounts: [{ name: "tls", secretName: "trino-tls", path: "/etc/trino/tls" }],
    });
    expect(values.additionalConfigProperties).toEqual([
      "internal-communication.shared-secret=${ENV:TRINO_INTERNAL_SHARED_SECRET}",
      "internal-communication.https.required=true",
      "http-server.http.enabled=false",
    ]);
    expect(await valueOf(trino.endpoint)).toBe("https://trino.query.svc.cluster.local:8443");
    const [cert] = await (async () => {
      await capture.settled();
      const group = capture.captured().find((r) => r.name === "trino-tls")!;
      return group.inputs.objs as unknown as { spec: { additionalOutputFormats: unknown } }[];
    })();
    expect(cert.spec.additionalOutputFormats).toEqual([{ type: "CombinedPEM" }]);
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    const file = secrets.find((s) => s.name === "trino-password-file")!;
    expect(JSON.stringify(file.inputs)).not.toMatch(/\$2[aby]\$/);
  });

  it("serves no plain HTTP: the chart's liveness probes are moved to HTTPS by a transform", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    expect(chart.options.transforms).toEqual([trinoProbesOverHttps.name]);
    expect(values.service).toEqual({ type: "ClusterIP", port: 8080 });
  });

  it("lets only the admin write or drop: every other user reads", () => {
    const rules = JSON.parse((values.accessControl as { rules: Record<string, string> }).rules["rules.json"]) as {
      catalogs: { user?: string; allow: string }[];
      tables: { user?: string; privileges: string[] }[];
    };
    expect(rules.catalogs.filter((c) => c.allow === "all")).toEqual([{ user: "admin", allow: "all" }]);
    expect(rules.tables.find((t) => t.user === undefined)).toEqual({ privileges: ["SELECT"] });
    expect(values.accessControl).toMatchObject({ type: "configmap", configFile: "rules.json" });
  });

  it("trusts the platform CA in the JVM, logs in to Kafka from client.properties and verifies YSQL against it", () => {
    // The JDK's roots plus the platform CA, which each pod's init container writes into an emptyDir:
    // MinIO's stack-given certificate (oss-prod) chains to a public root, Kafka's and YSQL's to the CA.
    for (const role of ["coordinator", "worker"] as const) {
      const pod = values[role] as { additionalJVMConfig: string[]; additionalVolumeMounts: unknown[] };
      expect(pod.additionalJVMConfig, role).toEqual([
        "-Djavax.net.ssl.trustStore=/opt/batch-platform/truststore/truststore.jks",
        "-Djavax.net.ssl.trustStoreType=JKS",
      ]);
      expect(pod.additionalVolumeMounts, role).toContainEqual({
        name: "jvm-truststore",
        mountPath: "/opt/batch-platform/truststore",
        readOnly: true,
      });
      type Init = { image: string; command: string[]; volumeMounts: unknown[] };
      const [init] = (values.initContainers as Record<string, Init[]>)[role]!;
      expect(init!.image).toBe("trinodb/trino:483");
      expect(init!.command.join(" ")).toContain("-file /opt/batch-platform/platform-ca/ca.crt");
      // The CA from the same volume the chart mounts the CA bundle's Secret as (secretMounts below).
      expect(init!.volumeMounts).toContainEqual({
        name: "platform-ca",
        mountPath: "/opt/batch-platform/platform-ca",
        readOnly: true,
      });
    }
    const catalogs = values.catalogs as Record<string, string>;
    expect(catalogs.kafka).toContain("kafka.config.resources=/etc/trino/kafka-client/client.properties");
    // Trino's catalog takes only PLAINTEXT or SSL as kafka.security-protocol (KafkaSecurityConfig), and
    // SSL would override the file's SASL_SSL: the protocol and SASL login come from client.properties,
    // the trust from the JVM's truststore above.
    expect(catalogs.kafka).not.toMatch(/kafka\.security-protocol|kafka\.ssl\./);
    // pgJDBC checks the chain against the JVM's truststore above and the host name in the certificate.
    expect(catalogs.yugabyte).toContain(
      "connection-url=jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/analytics" +
        "?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory",
    );
    expect(inlineCredentials(catalogs)).toEqual([]);
    expect(values.secretMounts).toEqual([
      { name: "platform-ca", secretName: "batch-platform-ca", path: "/etc/trino/ca" },
      { name: "kafka-client", secretName: "trino-kafka-credentials", path: "/etc/trino/kafka-client" },
    ]);
    expect(trino.listeners.map((l) => `${l.service}/${l.name}:${l.port}:${l.tls}:${l.authentication}`)).toEqual([
      "trino/https:8443:tls:password",
      "trino-discovery/https-internal:8443:tls:jwt",
    ]);
  });

  it("encrypts node-to-node calls: internal HTTPS on every node, discovery over HTTPS", () => {
    const server = values.server as { coordinatorExtraConfig: string; workerExtraConfig: string };
    // The order chart 1.42.0 writes config.properties in (configmap-worker/-coordinator.yaml);
    // java.util.Properties keeps the last value of a repeated key.
    const additional = values.additionalConfigProperties as string[];
    const worker = chartConfigProperties([
      "coordinator=false",
      "http-server.http.port=8080",
      "discovery.uri=http://trino:8080",
      ...additional,
      server.workerExtraConfig,
    ]);
    expect(worker).toMatchObject({
      "internal-communication.https.required": "true",
      "http-server.https.enabled": "true",
      "http-server.https.port": "8443",
      "discovery.uri": "https://trino-discovery.query.svc.cluster.local:8443",
      // HTTPS only: the chart's http-server.http.port stays written but nothing listens on it.
      "http-server.http.enabled": "false",
    });
    // No internal keystore or truststore: Trino derives the certificates from the shared secret.
    expect(
      Object.keys(worker).filter(
        (key) => key.startsWith("internal-communication.https.") && key !== "internal-communication.https.required",
      ),
    ).toEqual([]);
    const coordinator = chartConfigProperties([
      "coordinator=true",
      "http-server.http.port=8080",
      "discovery.uri=http://localhost:8080",
      ...additional,
      "http-server.https.enabled=true",
      "http-server.https.port=8443",
      server.coordinatorExtraConfig,
    ]);
    expect(coordinator).toMatchObject({
      "internal-communication.https.required": "true",
      "http-server.https.enabled": "true",
      "http-server.http.enabled": "false",
      "discovery.uri": "https://localhost:8443",
    });
    // The image's health-check greps these keys and breaks on a repeated one: the platform writes
    // each at most once per node (the chart writes http-server.http.port, which HTTPS-only ignores).
    for (const key of ["http-server.http.enabled", "http-server.http.port", "http-server.https.port"]) {
      for (const node of [server.workerExtraConfig, server.coordinatorExtraConfig]) {
        const lines = [...additional, node].join("\n").split("\n");
        expect(lines.filter((line) => line.startsWith(`${key}=`)).length, key).toBe(
          key === "http-server.http.port" || (key === "http-server.https.port" && node === server.coordinatorExtraConfig)
            ? 0
            : 1,
        );
      }
    }
  });

  it("publishes the coordinator's pod IP (what its certificate names) through a headless Service", async () => {
    const objs = await configGroupObjs(capture, "trino-tls");
    const service = findObject(objs, "Service", "trino-discovery") as unknown as {
      metadata: { annotations: Record<string, string> };
      spec: Record<string, unknown>;
    };
    expect(service.spec).toEqual({
      clusterIP: "None",
      publishNotReadyAddresses: true,
      selector: {
        "app.kubernetes.io/name": "trino",
        "app.kubernetes.io/instance": "trino",
        "app.kubernetes.io/component": "coordinator",
      },
      ports: [{ name: "https", port: 8443, targetPort: "https", protocol: "TCP" }],
    });
    expect(JSON.parse(service.metadata.annotations["batch-platform.io/listeners"])).toEqual([
      { port: 8443, tls: "tls", authentication: "jwt" },
    ]);
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });
});

/** `key=value` lines as java.util.Properties reads them: the last value of a key wins. */
function chartConfigProperties(lines: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of lines.join("\n").split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) result[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return result;
}
