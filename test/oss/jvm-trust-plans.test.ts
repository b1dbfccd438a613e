import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { SparkApplicationObject } from "../../components/engine/spark-application";
import { JVM_TRUSTSTORE, JVM_TRUSTSTORE_PATH } from "../../components/tls/jvm-truststore";
import type { PlanDocument } from "../../infra/plan/document";
import { plannedKubernetesObjects } from "../../infra/plan/kubernetes-objects";
import { sharedPlan } from "../helpers/plans";

type Values = Record<string, unknown>;
type Container = {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
  volumeMounts?: Values[];
} & Values;

const TRUST_OPTIONS = `-Djavax.net.ssl.trustStore=${JVM_TRUSTSTORE_PATH} -Djavax.net.ssl.trustStoreType=JKS`;

function objectNamed(document: PlanDocument, kind: string, name: string): Values {
  const found = plannedKubernetesObjects(document).find(
    (o) => o.kind === kind && (o.object.metadata as Values).name === name,
  );
  if (!found) throw new Error(`${kind} ${name} is not in the plan`);
  return found.object;
}

function podSpec(document: PlanDocument, deployment: string): Values {
  return ((objectNamed(document, "Deployment", deployment).spec as Values).template as Values).spec as Values;
}

const applications = (document: PlanDocument) =>
  plannedKubernetesObjects(document)
    .filter((o) => o.kind === "SparkApplication")
    .map((o) => o.object as unknown as SparkApplicationObject);

const envOf = (container: Container, name: string) => container.env?.find((e) => e.name === name)?.value;

/** No password of any kind in JVM options, Spark conf or the Hive files (the truststore is JKS, read without one). */
const NO_PASSWORD = /password|storepass/i;

describe("JVM clients and the platform CA in the oss plans", () => {
  const staging = sharedPlan("oss-staging");
  const prod = sharedPlan("oss-prod");
  const dev = sharedPlan("oss-dev");

  it("oss-staging (MinIO's certificate from the platform CA): driver and executor build the truststore and use it", () => {
    const apps = applications(staging);
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      const { driver, executor } = app.spec;
      for (const [role, pod] of [
        ["driver", driver],
        ["executor", executor],
      ] as const) {
        // The truststore first, then the copy of the mirror's jars (mc trusts the same CA file), and
        // on the driver its metastore proxy (a native sidecar) last.
        const common = [JVM_TRUSTSTORE.container, "spark-packages"];
        const inits = role === "driver" ? [...common, "metastore-proxy"] : common;
        expect(
          pod.initContainers?.map((c) => c.name),
          `${app.metadata.name} ${role}`,
        ).toEqual(inits);
        const init = pod.initContainers![0]!;
        if (!("command" in init)) throw new Error(`${app.metadata.name} ${role}: no truststore init container`);
        // The Spark image itself: its JDK's roots (public endpoints a job may call) plus the CA.
        expect(init.image).toBe(app.spec.image);
        expect(init.securityContext).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        });
        expect(init.command.join(" ")).toContain(`${JVM_TRUSTSTORE.caDir}/ca.crt`);
        expect(pod.javaOptions, role).toBe(TRUST_OPTIONS);
        expect(pod.volumeMounts).toContainEqual({
          name: JVM_TRUSTSTORE.volume,
          mountPath: JVM_TRUSTSTORE.dir,
          readOnly: true,
        });
        // The operator's webhook adds a volume only if the Spark container mounts it.
        expect(pod.volumeMounts).toContainEqual({
          name: JVM_TRUSTSTORE.caVolume,
          mountPath: JVM_TRUSTSTORE.caDir,
          readOnly: true,
        });
      }
      expect(app.spec.volumes).toContainEqual({
        name: JVM_TRUSTSTORE.caVolume,
        secret: { secretName: "batch-platform-ca" },
      });
      expect(app.spec.volumes).toContainEqual({ name: JVM_TRUSTSTORE.volume, emptyDir: { sizeLimit: "16Mi" } });
      // The metastore through the driver's own proxy; the JVM speaks plain Thrift to it on loopback.
      expect(app.spec.sparkConf["spark.hadoop.hive.metastore.uris"]).toBe("thrift://localhost:9083");
      expect(JSON.stringify(app.spec.sparkConf)).not.toMatch(/hive\.metastore\.(use\.SSL|truststore)/);
      expect(JSON.stringify(app.spec.sparkConf)).not.toMatch(NO_PASSWORD);
    }
  });

  it("oss-prod (stack-given MinIO certificate): the truststore for YSQL, whose certificate the platform CA signs", () => {
    const apps = applications(prod);
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      const inits = [JVM_TRUSTSTORE.container, "spark-packages"];
      expect(app.spec.driver.initContainers?.map((c) => c.name)).toEqual([...inits, "metastore-proxy"]);
      expect(app.spec.executor.initContainers?.map((c) => c.name)).toEqual(inits);
      // The JDK's roots plus the CA: MinIO's own certificate still chains to a public root.
      expect(app.spec.driver.javaOptions).toBe(TRUST_OPTIONS);
      expect(app.spec.executor.javaOptions).toBe(TRUST_OPTIONS);
      // The mirror's copy (mc) trusts the image's roots for MinIO, not the platform CA file.
      expect(JSON.stringify(app.spec.executor.initContainers)).not.toContain("certs/CAs");
      expect(app.spec.sparkConf["spark.hadoop.hive.metastore.use.SSL"]).toBeUndefined();
      expect(app.spec.volumes).toContainEqual({
        name: "metastore-proxy-tls",
        secret: { secretName: "spark-driver-metastore-client" },
      });
    }
    // Every YSQL URL in the plan (the load stages', the metastore's, Trino's) verifies the chain
    // (the truststore) and the host name.
    const urls = JSON.stringify(prod).match(/jdbc:postgresql:\/\/yb-tservers[^\s"\\<]*/g) ?? [];
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) expect(url).toMatch(/\?sslmode=verify-full&(amp;)?sslfactory=org\.postgresql\.ssl\.DefaultJavaSSLFactory$/);
  });

  it("the metastore listens on loopback behind its proxy, which admits the three clients' certificates", () => {
    for (const document of [dev, staging, prod]) {
      const site = (objectNamed(document, "ConfigMap", "hive-metastore-config").data as Record<string, string>)[
        "metastore-site.xml"
      ]!;
      expect(site).toContain("<name>metastore.thrift.bind.host</name>\n    <value>127.0.0.1</value>");
      expect(site).not.toMatch(/use\.SSL|keystore/);
      const containers = podSpec(document, "hive-metastore").containers as Container[];
      const proxy = containers.find((c) => c.name === "metastore-proxy")!;
      expect((proxy.args as string[]).filter((a) => a.startsWith("--allow-uri="))).toEqual([
        "--allow-uri=spiffe://batch-platform/ns/processing/workload/spark-driver",
        "--allow-uri=spiffe://batch-platform/ns/query/workload/trino",
        "--allow-uri=spiffe://batch-platform/ns/explore/workload/zeppelin",
      ]);
      const metastore = containers.find((c) => c.name === "metastore")!;
      expect(metastore.env?.map((e) => e.name)).not.toContain("HMS_KEYSTORE_PASSWORD");
      const certificate = objectNamed(document, "Certificate", "hive-metastore-tls").spec as Values;
      expect(certificate.dnsNames).toContain("hive-metastore.processing.svc.cluster.local");
      expect(certificate.issuerRef).toMatchObject({ name: "batch-platform-ca", kind: "ClusterIssuer" });
      for (const [namespace, workload] of [
        ["processing", "spark-driver"],
        ["query", "trino"],
        ["explore", "zeppelin"],
      ]) {
        const client = plannedKubernetesObjects(document).find(
          (o) =>
            o.kind === "Certificate" &&
            (o.object.metadata as Values).name === `${workload}-metastore-client` &&
            (o.object.metadata as Values).namespace === namespace,
        );
        expect((client?.object.spec as Values | undefined)?.uris, `${namespace}/${workload}`).toEqual([
          `spiffe://batch-platform/ns/${namespace}/workload/${workload}`,
        ]);
      }
    }
  });

  it("the metastore's JVM trusts the platform CA: S3A to MinIO (staging) and its YSQL catalog (staging, prod)", () => {
    for (const document of [staging, prod]) {
      const spec = podSpec(document, "hive-metastore");
      const init = (spec.initContainers as Container[]).find((c) => c.name === JVM_TRUSTSTORE.container)!;
      expect(init.image).toBe("apache/hive:4.0.1");
      expect(init.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      const metastore = (spec.containers as Container[]).find((c) => c.name === "metastore")!;
      expect(envOf(metastore, "SERVICE_OPTS")).toMatch(
        new RegExp(`^-Xmx[0-9]+m ${TRUST_OPTIONS.replace(/\./g, "\\.")}$`),
      );
      const site = (objectNamed(document, "ConfigMap", "hive-metastore-config").data as Record<string, string>)[
        "metastore-site.xml"
      ]!;
      expect(site).toContain(
        "yb-tservers.serving.svc.cluster.local:5433/metastore" +
          "?sslmode=verify-full&amp;sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory</value>",
      );
      // schematool, which runs first and connects to the catalog database too, after the truststore.
      const inits = spec.initContainers as Container[];
      const schema = inits.find((c) => c.name === "schema")!;
      expect(inits.findIndex((c) => c.name === JVM_TRUSTSTORE.container)).toBeLessThan(inits.indexOf(schema));
      expect(envOf(schema, "HADOOP_CLIENT_OPTS")).toBe(`-Xmx512m ${TRUST_OPTIONS}`);
      expect(schema.volumeMounts).toContainEqual({
        name: JVM_TRUSTSTORE.volume,
        mountPath: JVM_TRUSTSTORE.dir,
        readOnly: true,
      });
    }
  });

  it("Zeppelin: the interpreter's driver (ZEPPELIN_INTP_JAVA_OPTS) and its executors (pod template) trust the CA", () => {
    const spec = podSpec(staging, "zeppelin");
    const init = (spec.initContainers as Container[]).find((c) => c.name === JVM_TRUSTSTORE.container)!;
    expect(init.image).toBe("apache/zeppelin:0.11.2");
    expect(init.securityContext).toMatchObject({ readOnlyRootFilesystem: true });
    const zeppelin = (spec.containers as Container[]).find((c) => c.name === "zeppelin")!;
    expect(envOf(zeppelin, "ZEPPELIN_INTP_JAVA_OPTS")).toBe(TRUST_OPTIONS);
    const files = objectNamed(staging, "ConfigMap", "zeppelin-spark-conf").data as Record<string, string>;
    const defaults = files["spark-defaults.conf"]!;
    expect(defaults).toContain(`spark.executor.extraJavaOptions ${TRUST_OPTIONS}\n`);
    expect(defaults).toContain("spark.hadoop.hive.metastore.uris thrift://localhost:9083\n");
    expect(defaults).not.toMatch(/hive\.metastore\.(use\.SSL|truststore)/);
    expect(defaults).not.toMatch(NO_PASSWORD);
    const template = parse(files["executor-pod-template.yaml"]!) as { spec: Values };
    expect((template.spec.initContainers as Container[]).map((c) => [c.name, c.image])).toEqual([
      [JVM_TRUSTSTORE.container, "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu"],
    ]);
    // prod: the JDK's roots everywhere (MinIO's certificate is the stack's own).
    const prodFiles = objectNamed(prod, "ConfigMap", "zeppelin-spark-conf").data as Record<string, string>;
    expect(prodFiles["spark-defaults.conf"]).not.toContain("spark.executor.extraJavaOptions");
    expect((parse(prodFiles["executor-pod-template.yaml"]!) as { spec: Values }).spec.initContainers).toBeUndefined();
    const prodZeppelin = (podSpec(prod, "zeppelin").containers as Container[]).find((c) => c.name === "zeppelin")!;
    expect(envOf(prodZeppelin, "ZEPPELIN_INTP_JAVA_OPTS")).toBeUndefined();
  });

  it("Trino's delta catalog reaches the metastore through the proxy beside the coordinator and each worker", () => {
    for (const document of [staging, prod]) {
      const trino = document.resources.find(
        (r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === "trino",
      )!;
      const values = trino.inputs.values as Values;
      const delta = (values.catalogs as Record<string, string>).delta!;
      expect(delta).toContain("hive.metastore.uri=thrift://localhost:9083\n");
      expect(delta).not.toContain("hive.metastore.thrift.client.ssl");
      const sidecars = values.sidecarContainers as Record<string, Container[]>;
      for (const role of ["coordinator", "worker"])
        expect(sidecars[role]!.map((c) => [c.name, (c.args as string[])[2]])).toEqual([
          ["metastore-proxy", "--target=hive-metastore.processing.svc.cluster.local:9083"],
        ]);
    }
  });

  it("oss-dev keeps TLS on (it does not opt out), so its clients trust the CA like staging's", () => {
    expect(applications(dev).every((app) => app.spec.executor.javaOptions === TRUST_OPTIONS)).toBe(true);
  });
});
