import { describe, expect, it } from "vitest";
import { renderSparkApplication } from "../../components/engine/spark-application";
import { validateSparkApplication } from "../../components/engine/spark-application-schema";
import { sparkEngineProblems } from "../../components/engine/spark-engine";
import { newManifestChart } from "../../components/k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT } from "../../components/k8s/placement";
import {
  addHiveMetastore,
  metastoreListener,
  metastoreSiteXml,
} from "../../components/metastore/hive-metastore-manifests";
import { addZeppelin } from "../../components/notebook/zeppelin-manifests";
import { executorPodTemplate, zeppelinSparkConf } from "../../components/notebook/zeppelin-spark-conf";
import { medallionSparkJob } from "../../components/pipeline/medallion-spark-job";
import { deltaCatalog } from "../../components/query/trino-catalogs";
import { validateTrinoArgs } from "../../components/query/trino";
import {
  JVM_TRUSTSTORE,
  JVM_TRUSTSTORE_PATH,
  jvmTruststoreScript,
  metastoreClientTlsConf,
  truststoreInitContainer,
  truststoreJavaOptions,
  type PlatformCaTrust,
} from "../../components/tls/jvm-truststore";
import { declaredPipelines } from "../../infra/pipelines";
import { ossSpark, ossZones } from "../fixtures/pipeline/spark-settings";
import {
  asPlanResources,
  containersOf,
  expectRestrictedWorkloads,
  findObject,
  mandatoryFindings,
  podSpec,
  type K8sObject,
} from "../helpers/workload-assertions";

const both: PlatformCaTrust = { secretName: "batch-platform-ca", lake: true, metastore: true };
const metastoreOnly: PlatformCaTrust = { ...both, lake: false };
const OPTIONS = `-Djavax.net.ssl.trustStore=${JVM_TRUSTSTORE_PATH} -Djavax.net.ssl.trustStoreType=JKS`;

function application(platformCa?: PlatformCaTrust, hiveMetastoreUri = ossSpark.hiveMetastoreUri) {
  const settings = {
    ...ossSpark,
    ...(hiveMetastoreUri ? { hiveMetastoreUri } : { hiveMetastoreUri: undefined }),
    ...(platformCa ? { platformCa } : {}),
  };
  const stage = { stage: "process", landingUri: "s3a://landing/_inflight/x/" } as const;
  return renderSparkApplication(medallionSparkJob(declaredPipelines[0]!, settings, ossZones, stage, "{{ run_id }}"));
}

describe("the JVM truststore", () => {
  it("is built from the image JDK's own cacerts plus the platform CA, into the emptyDir, as JKS", () => {
    const script = jvmTruststoreScript();
    expect(script).toContain('"$home/lib/security/cacerts"');
    expect(script).toContain('"$home/jre/lib/security/cacerts"'); // a JDK 8 layout
    expect(script).toContain(`-importkeystore -noprompt -srckeystore "$cacerts"`);
    expect(script).toContain(`-destkeystore ${JVM_TRUSTSTORE_PATH} -deststoretype JKS`);
    expect(script).toContain(`-importcert -noprompt -alias batch-platform-ca -file ${JVM_TRUSTSTORE.caDir}/ca.crt`);
    // The root fs is read-only: no hsperfdata file; keytool only writes the emptyDir.
    expect(script).toContain("keytool -J-XX:-UsePerfData");
    // keytool's password is the JDK's public default, nothing from a Secret.
    expect(script.match(/-(src|dest)?storepass (\S+)/g)?.map((m) => m.split(" ")[1])).toEqual([
      "changeit",
      "changeit",
      "changeit",
    ]);
  });

  it("is the JVM's default truststore without a password option, and the metastore client's without one", () => {
    expect(truststoreJavaOptions().join(" ")).toBe(OPTIONS);
    expect(metastoreClientTlsConf()).toEqual({
      "hive.metastore.use.SSL": "true",
      "hive.metastore.truststore.path": JVM_TRUSTSTORE_PATH,
    });
  });

  it("comes from a restricted init container with a read-only root filesystem", () => {
    const init = truststoreInitContainer("apache/spark:3.5.5-scala2.12-java17-python3-ubuntu", 185);
    expect(init.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 185,
      runAsGroup: 185,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(init.volumeMounts).toEqual([
      { name: JVM_TRUSTSTORE.caVolume, mountPath: JVM_TRUSTSTORE.caDir, readOnly: true },
      { name: JVM_TRUSTSTORE.volume, mountPath: JVM_TRUSTSTORE.dir },
    ]);
    expect(init.resources.limits).toEqual({ cpu: "500m", memory: "256Mi" });
  });
});

describe("SparkApplication and the platform CA", () => {
  it("adds nothing without platformCa (TLS off, or a lake on GCS)", () => {
    const app = application();
    expect(app.spec.driver.initContainers).toBeUndefined();
    expect(app.spec.executor.initContainers).toBeUndefined();
    expect(app.spec.driver.javaOptions).toBeUndefined();
    expect(app.spec.volumes.map((v) => v.name)).toEqual(["job-files"]);
    expect(app.spec.sparkConf["spark.hadoop.hive.metastore.use.SSL"]).toBeUndefined();
  });

  it("lake and metastore: driver and executor build and use the truststore; the app validates strictly", () => {
    const app = application(both);
    expect(validateSparkApplication(app)).toEqual([]);
    for (const pod of [app.spec.driver, app.spec.executor]) {
      expect(pod.initContainers?.map((c) => c.image)).toEqual([app.spec.image]);
      expect(pod.javaOptions).toBe(OPTIONS);
      expect(pod.volumeMounts.map((m) => m.name)).toEqual([
        "job-files",
        JVM_TRUSTSTORE.caVolume,
        JVM_TRUSTSTORE.volume,
      ]);
    }
    expect(app.spec.sparkConf["spark.hadoop.hive.metastore.truststore.path"]).toBe(JVM_TRUSTSTORE_PATH);
    expect(Object.keys(app.spec.sparkConf).filter((k) => /password/i.test(k))).toEqual([]);
  });

  it("metastore only: the driver builds the store for its metastore client, the JVM default and executors stay", () => {
    const app = application(metastoreOnly);
    expect(validateSparkApplication(app)).toEqual([]);
    expect(app.spec.driver.initContainers).toHaveLength(1);
    expect(app.spec.driver.javaOptions).toBeUndefined();
    expect(app.spec.executor.initContainers).toBeUndefined();
    expect(app.spec.executor.volumeMounts.map((m) => m.name)).toEqual(["job-files"]);
  });

  it("metastore only without a metastore: nothing to trust", () => {
    const app = application(metastoreOnly, "");
    expect(app.spec.driver.initContainers).toBeUndefined();
    expect(app.spec.volumes).toHaveLength(1);
  });

  it("the strict schema refuses an init container field the CRD subset lacks", () => {
    const app = application(both);
    const init = { ...app.spec.driver.initContainers![0]!, stdin: true };
    const broken = { ...app, spec: { ...app.spec, driver: { ...app.spec.driver, initContainers: [init] } } };
    expect(validateSparkApplication(broken).join("\n")).toContain("stdin");
  });

  it("the engine refuses a platformCa Secret that is no Secret name", () => {
    const args = {
      namespace: "processing",
      lake: { kind: "minio" as const },
      driver: { cores: 1, memory: "1g", memoryOverhead: "384m" },
      executor: { cores: 1, memory: "1g", memoryOverhead: "384m", instances: 1 },
      platformCa: { ...both, secretName: "Not A Secret" },
    };
    expect(sparkEngineProblems(args)).toEqual([
      'platformCa.secretName: got "Not A Secret"; expected the name of a Secret in the namespace',
    ]);
  });
});

const metastoreProps = {
  name: "hive-metastore",
  namespace: "processing",
  lakeEndpoint: "https://minio.lake.svc.cluster.local:9000",
  lakeCredentialsSecret: "hms-lake-credentials",
  warehouseDir: "s3a://curated/warehouse",
  s3Region: "us-east-1",
  jdbcUrl: "jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/metastore?sslmode=require",
  dbCredentialsSecret: "hms-db-credentials",
  replicas: 2,
  resources: { cpu: "250m", memory: "1536Mi" },
  pool: "stateful" as const,
  placement: DEFAULT_PLACEMENT,
  labels: {},
  jdbcDriver: { image: "trinodb/trino:479", jarGlob: "/usr/lib/trino/plugin/postgresql/postgresql-*.jar" },
};
const metastoreTls = {
  secretName: "hive-metastore-tls",
  password: { name: "batch-platform-tls-store", key: "password" },
};

describe("the Hive Metastore with TLS and the platform CA", () => {
  it("plain Thrift and the JDK's roots without tls or a lake CA", () => {
    const site = metastoreSiteXml(metastoreProps);
    expect(site).not.toContain("metastore.use.SSL");
    expect(metastoreListener("hive-metastore", "processing")).toMatchObject({ tls: "none", certificate: "" });
    const chart = newManifestChart("hms", "processing");
    addHiveMetastore(chart, metastoreProps);
    const spec = podSpec(findObject(chart.toJson() as K8sObject[], "Deployment", "hive-metastore"));
    expect(containersOf(spec).map((c) => c.name)).toEqual(["jdbc-driver", "schema", "metastore"]);
    expect((spec.initContainers as { name: string }[]).map((c) => c.name)).toEqual(["jdbc-driver", "schema"]);
  });

  it("serves TLS from the certificate's JKS keystore, its password only from a Secret; S3A trusts the lake's CA", async () => {
    const site = metastoreSiteXml({ ...metastoreProps, tls: metastoreTls });
    expect(site).toContain("<name>metastore.keystore.password</name>\n    <value>${env.HMS_KEYSTORE_PASSWORD}</value>");
    expect(metastoreListener("hive-metastore", "processing", true)).toMatchObject({
      tls: "tls",
      certificate: "cert-manager Certificate hive-metastore-tls (JKS keystore)",
      authentication: "none",
    });
    const chart = newManifestChart("hms", "processing");
    addHiveMetastore(chart, { ...metastoreProps, tls: metastoreTls, lakeCaSecret: "batch-platform-ca" });
    const objs = chart.toJson() as K8sObject[];
    expectRestrictedWorkloads(objs);
    expect(await mandatoryFindings(asPlanResources(objs))).toEqual([]);
    const spec = podSpec(findObject(objs, "Deployment", "hive-metastore"));
    const inits = spec.initContainers as { name: string; image: string; securityContext: object }[];
    expect(inits.map((c) => c.name)).toEqual(["jdbc-driver", JVM_TRUSTSTORE.container, "schema"]);
    const init = inits.find((c) => c.name === JVM_TRUSTSTORE.container)!;
    expect(init.image).toBe("apache/hive:4.0.1");
    expect(init.securityContext).toMatchObject({ readOnlyRootFilesystem: true });
    const metastore = containersOf(spec).find((c) => c.name === "metastore");
    const env = metastore!.env as { name: string; value?: string; valueFrom?: object }[];
    expect(env.find((e) => e.name === "HMS_KEYSTORE_PASSWORD")).toEqual({
      name: "HMS_KEYSTORE_PASSWORD",
      valueFrom: { secretKeyRef: { name: "batch-platform-tls-store", key: "password" } },
    });
    expect(env.find((e) => e.name === "SERVICE_OPTS")?.value).toBe(`-Xmx1152m ${OPTIONS}`);
    // The only store password in plain text is keytool's public default; the keystore's comes from the Secret.
    const plain = [...JSON.stringify(objs).matchAll(/storepass ([A-Za-z0-9]+)/g)].map((m) => m[1]);
    expect(new Set(plain)).toEqual(new Set(["changeit"]));
  });
});

const zeppelinProps = {
  name: "zeppelin",
  namespace: "explore",
  shiroSecret: "zeppelin-shiro",
  lakeEndpoint: "https://minio.lake.svc.cluster.local:9000",
  lakeCredentialsSecret: "lake-s3",
  metastoreUri: "thrift://hive-metastore.processing.svc.cluster.local:9083",
  executors: {},
  claimName: "zeppelin-notebooks",
  resources: { cpu: "500m", memory: "3Gi", cpuLimit: "2" },
  pool: "stateful" as const,
  placement: DEFAULT_PLACEMENT,
  labels: {},
};

describe("Zeppelin's Spark interpreter and the platform CA", () => {
  it("without platformCa: no truststore, no TLS to the metastore", () => {
    const conf = zeppelinSparkConf(zeppelinProps);
    expect(conf["spark.executor.extraJavaOptions"]).toBeUndefined();
    expect(conf["spark.hadoop.hive.metastore.use.SSL"]).toBeUndefined();
    expect(executorPodTemplate(DEFAULT_PLACEMENT).spec).not.toHaveProperty("initContainers");
  });

  it("the driver (ZEPPELIN_INTP_JAVA_OPTS, an init container in the Zeppelin image) and the executors trust the CA", async () => {
    const conf = zeppelinSparkConf({ ...zeppelinProps, platformCa: both });
    expect(conf["spark.executor.extraJavaOptions"]).toBe(OPTIONS);
    expect(conf["spark.driver.extraJavaOptions"]).toBeUndefined(); // interpreter.sh's --driver-java-options wins
    expect(conf["spark.hadoop.hive.metastore.truststore.path"]).toBe(JVM_TRUSTSTORE_PATH);
    const template = executorPodTemplate(DEFAULT_PLACEMENT, both).spec as Record<string, unknown>;
    expect((template.initContainers as { image: string }[]).map((c) => c.image)).toEqual([
      "apache/spark:3.5.5-scala2.12-java17-python3-ubuntu",
    ]);
    const chart = newManifestChart("zeppelin", "explore");
    addZeppelin(chart, { ...zeppelinProps, platformCa: both });
    const objs = chart.toJson() as K8sObject[];
    expectRestrictedWorkloads(objs);
    expect(await mandatoryFindings(asPlanResources(objs))).toEqual([]);
    const spec = podSpec(findObject(objs, "Deployment", "zeppelin"));
    const init = (spec.initContainers as { name: string; image: string }[]).find(
      (c) => c.name === JVM_TRUSTSTORE.container,
    );
    expect(init?.image).toBe("apache/zeppelin:0.11.2");
    const zeppelin = containersOf(spec).find((c) => c.name === "zeppelin")!;
    const env = zeppelin.env as { name: string; value?: string }[];
    expect(env.find((e) => e.name === "ZEPPELIN_INTP_JAVA_OPTS")?.value).toBe(OPTIONS);
  });

  it("metastore only: the driver gets the store for its metastore client, the JVM default stays the JDK's", () => {
    const chart = newManifestChart("zeppelin", "explore");
    addZeppelin(chart, { ...zeppelinProps, platformCa: metastoreOnly });
    const spec = podSpec(findObject(chart.toJson() as K8sObject[], "Deployment", "zeppelin"));
    expect((spec.initContainers as { name: string }[]).map((c) => c.name)).toContain(JVM_TRUSTSTORE.container);
    const zeppelin = containersOf(spec).find((c) => c.name === "zeppelin")!;
    expect((zeppelin.env as { name: string }[]).map((e) => e.name)).not.toContain("ZEPPELIN_INTP_JAVA_OPTS");
    expect(
      zeppelinSparkConf({ ...zeppelinProps, platformCa: metastoreOnly })["spark.executor.extraJavaOptions"],
    ).toBeUndefined();
  });
});

describe("Trino's delta catalog and the metastore's TLS", () => {
  const input = {
    metastoreUri: "thrift://hive-metastore.processing.svc.cluster.local:9083",
    s3Endpoint: "https://m:9000",
    s3Region: "us-east-1",
  };

  it("plain Thrift unless a trust certificate is given; then TLS verified by the CA's PEM file, no password", () => {
    expect(deltaCatalog(input)).not.toContain("hive.metastore.thrift.client.ssl");
    const catalog = deltaCatalog({ ...input, metastoreTrustCertificate: "/etc/trino/ca/ca.crt" });
    expect(catalog).toContain("hive.metastore.thrift.client.ssl.enabled=true\n");
    expect(catalog).toContain("hive.metastore.thrift.client.ssl.trust-certificate=/etc/trino/ca/ca.crt\n");
  });

  it("refuses metastoreTls without tls (no CA bundle mounted to verify with)", () => {
    const args = {
      namespace: "query",
      metastoreUri: input.metastoreUri,
      lakeEndpoint: input.s3Endpoint,
      lakeCredentials: { secretName: "trino-lake" },
      metastoreTls: true,
    };
    expect(validateTrinoArgs(args)).toContain("metastoreTls: true needs tls (its CA verifies the metastore)");
  });
});
