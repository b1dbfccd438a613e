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
import {
  JVM_TRUSTSTORE,
  JVM_TRUSTSTORE_PATH,
  jvmTruststoreScript,
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
import { zeppelinProps } from "../fixtures/notebook/zeppelin-props";

const both: PlatformCaTrust = { secretName: "batch-platform-ca", lake: true };
/** TLS on, but the lake's certificate is the stack's own (it chains to a public root). */
const notTheLake: PlatformCaTrust = { ...both, lake: false };
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

  it("is the JVM's default truststore without a password option", () => {
    expect(truststoreJavaOptions().join(" ")).toBe(OPTIONS);
  });

  it("comes from a restricted init container with a read-only root filesystem", () => {
    const init = truststoreInitContainer("apache/spark:4.1.3-scala2.13-java17-python3-ubuntu", 185);
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

  it("lake: driver and executor build and use the truststore; the app validates strictly", () => {
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
    // The metastore is reached through a proxy (mutual TLS), never by the JVM's Thrift over TLS.
    expect(Object.keys(app.spec.sparkConf).filter((k) => /hive\.metastore\.(use\.SSL|truststore)/.test(k))).toEqual([]);
    expect(Object.keys(app.spec.sparkConf).filter((k) => /password/i.test(k))).toEqual([]);
  });

  it("a lake certificate the platform CA did not sign: nothing to trust", () => {
    const app = application(notTheLake);
    expect(validateSparkApplication(app)).toEqual([]);
    expect(app.spec.driver.initContainers).toBeUndefined();
    expect(app.spec.driver.javaOptions).toBeUndefined();
    expect(app.spec.executor.initContainers).toBeUndefined();
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
describe("the Hive Metastore with TLS and the platform CA", () => {
  it("plain Thrift and the JDK's roots without tls or a lake CA", () => {
    const site = metastoreSiteXml(metastoreProps);
    expect(site).not.toContain("metastore.use.SSL");
    expect(metastoreListener("hive-metastore", "processing")).toMatchObject({ tls: "none", authentication: "none" });
    const chart = newManifestChart("hms", "processing");
    addHiveMetastore(chart, metastoreProps);
    const spec = podSpec(findObject(chart.toJson() as K8sObject[], "Deployment", "hive-metastore"));
    expect(containersOf(spec).map((c) => c.name)).toEqual(["jdbc-driver", "schema", "metastore"]);
    expect((spec.initContainers as { name: string }[]).map((c) => c.name)).toEqual(["jdbc-driver", "schema"]);
  });

  it("behind its proxy: no keystore or password of its own; S3A trusts the lake's CA", async () => {
    const mtls = { secretName: "hive-metastore-tls", clients: [{ namespace: "query", workload: "trino" }] };
    const site = metastoreSiteXml({ ...metastoreProps, mtls });
    expect(site).not.toContain("keystore");
    const chart = newManifestChart("hms", "processing");
    addHiveMetastore(chart, { ...metastoreProps, mtls, platformCaSecret: "batch-platform-ca" });
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
    expect(env.map((e) => e.name)).not.toContain("HMS_KEYSTORE_PASSWORD");
    expect(env.find((e) => e.name === "SERVICE_OPTS")?.value).toBe(`-Xmx1152m ${OPTIONS}`);
    // The only store password in plain text is keytool's public default.
    const plain = [...JSON.stringify(objs).matchAll(/storepass ([A-Za-z0-9]+)/g)].map((m) => m[1]);
    expect(new Set(plain)).toEqual(new Set(["changeit"]));
  });
});


describe("Zeppelin's Spark interpreter and the platform CA", () => {
  it("without platformCa: no truststore", () => {
    const conf = zeppelinSparkConf(zeppelinProps);
    expect(conf["spark.executor.extraJavaOptions"]).toBeUndefined();
    expect(conf["spark.hadoop.hive.metastore.use.SSL"]).toBeUndefined();
    expect(executorPodTemplate(DEFAULT_PLACEMENT).spec).not.toHaveProperty("initContainers");
  });

  it("the driver (ZEPPELIN_INTP_JAVA_OPTS, an init container in the Zeppelin image) and the executors trust the CA", async () => {
    const conf = zeppelinSparkConf({ ...zeppelinProps, platformCa: both });
    expect(conf["spark.executor.extraJavaOptions"]).toBe(OPTIONS);
    expect(conf["spark.driver.extraJavaOptions"]).toBeUndefined(); // interpreter.sh's --driver-java-options wins
    expect(conf["spark.hadoop.hive.metastore.truststore.path"]).toBeUndefined();
    const template = executorPodTemplate(DEFAULT_PLACEMENT, both).spec as Record<string, unknown>;
    expect((template.initContainers as { image: string }[]).map((c) => c.image)).toEqual([
      "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu",
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

  it("a lake certificate the platform CA did not sign: no truststore anywhere", () => {
    const chart = newManifestChart("zeppelin", "explore");
    addZeppelin(chart, { ...zeppelinProps, platformCa: notTheLake });
    const spec = podSpec(findObject(chart.toJson() as K8sObject[], "Deployment", "zeppelin"));
    expect(((spec.initContainers ?? []) as { name: string }[]).map((c) => c.name)).not.toContain(JVM_TRUSTSTORE.container);
    const zeppelin = containersOf(spec).find((c) => c.name === "zeppelin")!;
    expect((zeppelin.env as { name: string }[]).map((e) => e.name)).not.toContain("ZEPPELIN_INTP_JAVA_OPTS");
    expect(zeppelinSparkConf({ ...zeppelinProps, platformCa: notTheLake })["spark.executor.extraJavaOptions"]).toBeUndefined();
  });
});
