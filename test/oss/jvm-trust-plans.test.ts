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
        expect(
          pod.initContainers?.map((c) => c.name),
          `${app.metadata.name} ${role}`,
        ).toEqual([JVM_TRUSTSTORE.container]);
        const init = pod.initContainers![0]!;
        // The Spark image itself: its JDK's roots (Maven Central for spark.jars.packages) plus the CA.
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
      expect(app.spec.sparkConf).toMatchObject({
        "spark.hadoop.hive.metastore.use.SSL": "true",
        "spark.hadoop.hive.metastore.truststore.path": JVM_TRUSTSTORE_PATH,
      });
      expect(JSON.stringify(app.spec.sparkConf)).not.toMatch(NO_PASSWORD);
    }
  });

  it("oss-prod (stack-given MinIO certificate): only the driver's metastore client trusts the platform CA", () => {
    for (const app of applications(prod)) {
      expect(app.spec.driver.initContainers?.map((c) => c.name)).toEqual([JVM_TRUSTSTORE.container]);
      // The JVM's default truststore stays the JDK's: MinIO's own certificate must chain to a public root.
      expect(app.spec.driver.javaOptions).toBeUndefined();
      expect(app.spec.executor.initContainers).toBeUndefined();
      expect(app.spec.executor.javaOptions).toBeUndefined();
      expect(app.spec.sparkConf["spark.hadoop.hive.metastore.use.SSL"]).toBe("true");
    }
  });

  it("the metastore serves Thrift over TLS with a JKS keystore whose password comes from a Secret", () => {
    for (const document of [dev, staging, prod]) {
      const site = (objectNamed(document, "ConfigMap", "hive-metastore-config").data as Record<string, string>)[
        "metastore-site.xml"
      ]!;
      for (const [name, value] of [
        ["metastore.use.SSL", "true"],
        ["metastore.keystore.path", "/opt/hive/tls/keystore.jks"],
        ["metastore.keystore.type", "JKS"],
        ["metastore.keystore.password", "${env.HMS_KEYSTORE_PASSWORD}"],
      ])
        expect(site).toContain(`<name>${name}</name>\n    <value>${value}</value>`);
      const metastore = (podSpec(document, "hive-metastore").containers as Container[]).find(
        (c) => c.name === "metastore",
      )!;
      expect(metastore.env).toContainEqual({
        name: "HMS_KEYSTORE_PASSWORD",
        valueFrom: { secretKeyRef: { name: "batch-platform-tls-store", key: "password" } },
      });
      const certificate = objectNamed(document, "Certificate", "hive-metastore-tls").spec as Values;
      expect(certificate.dnsNames).toContain("hive-metastore.processing.svc.cluster.local");
      expect(certificate.issuerRef).toMatchObject({ name: "batch-platform-ca", kind: "ClusterIssuer" });
    }
  });

  it("the metastore's S3A trusts the platform CA where it signed MinIO's certificate (staging), not with prod's own", () => {
    const spec = podSpec(staging, "hive-metastore");
    const init = (spec.initContainers as Container[]).find((c) => c.name === JVM_TRUSTSTORE.container)!;
    expect(init.image).toBe("apache/hive:4.0.1");
    expect(init.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    const metastore = (spec.containers as Container[]).find((c) => c.name === "metastore")!;
    expect(envOf(metastore, "SERVICE_OPTS")).toMatch(
      new RegExp(`^-Xmx[0-9]+m ${TRUST_OPTIONS.replace(/\./g, "\\.")}$`),
    );
    const prodSpec = podSpec(prod, "hive-metastore");
    expect((prodSpec.initContainers as Container[]).map((c) => c.name)).not.toContain(JVM_TRUSTSTORE.container);
    const prodMetastore = (prodSpec.containers as Container[]).find((c) => c.name === "metastore")!;
    expect(envOf(prodMetastore, "SERVICE_OPTS")).toMatch(/^-Xmx[0-9]+m$/);
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
    expect(defaults).toContain("spark.hadoop.hive.metastore.use.SSL true\n");
    expect(defaults).toContain(`spark.hadoop.hive.metastore.truststore.path ${JVM_TRUSTSTORE_PATH}\n`);
    expect(defaults).not.toMatch(NO_PASSWORD);
    const template = parse(files["executor-pod-template.yaml"]!) as { spec: Values };
    expect((template.spec.initContainers as Container[]).map((c) => [c.name, c.image])).toEqual([
      [JVM_TRUSTSTORE.container, "apache/spark:3.5.5-scala2.12-java17-python3-ubuntu"],
    ]);
    // prod: only the metastore client; the executors keep the JDK's roots.
    const prodFiles = objectNamed(prod, "ConfigMap", "zeppelin-spark-conf").data as Record<string, string>;
    expect(prodFiles["spark-defaults.conf"]).not.toContain("spark.executor.extraJavaOptions");
    expect(prodFiles["spark-defaults.conf"]).toContain("spark.hadoop.hive.metastore.use.SSL true\n");
    expect((parse(prodFiles["executor-pod-template.yaml"]!) as { spec: Values }).spec.initContainers).toBeUndefined();
    const prodZeppelin = (podSpec(prod, "zeppelin").containers as Container[]).find((c) => c.name === "zeppelin")!;
    expect(envOf(prodZeppelin, "ZEPPELIN_INTP_JAVA_OPTS")).toBeUndefined();
  });

  it("Trino's delta catalog speaks TLS to the metastore and verifies it with the CA's PEM file", () => {
    for (const document of [staging, prod]) {
      const trino = document.resources.find(
        (r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === "trino",
      )!;
      const delta = ((trino.inputs.values as Values).catalogs as Record<string, string>).delta!;
      expect(delta).toContain("hive.metastore.thrift.client.ssl.enabled=true\n");
      expect(delta).toContain("hive.metastore.thrift.client.ssl.trust-certificate=/etc/trino/ca/ca.crt\n");
      expect(delta).not.toMatch(/trust-certificate-password/);
    }
  });

  it("oss-dev keeps TLS on (it does not opt out), so its clients trust the CA like staging's", () => {
    expect(applications(dev).every((app) => app.spec.executor.javaOptions === TRUST_OPTIONS)).toBe(true);
  });
});
