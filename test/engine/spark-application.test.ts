import { describe, expect, it } from "vitest";
import { renderSparkApplication, storageSparkConf } from "../../components/engine/spark-application";
import { validateSparkApplication } from "../../components/engine/spark-application-schema";
import type { SparkJobSpec } from "../../components/engine/spark-job-spec";
import { metastoreProxyClient } from "../../components/metastore/metastore-proxy";
import { medallionSparkJob, type MedallionSparkSettings } from "../../components/pipeline/medallion-spark-job";
import { kubernetesTypeToken } from "../../infra/plan/kubernetes-objects";
import { evaluateRules } from "../../policies/engine/evaluate";
import { loadPolicyConfig } from "../../policies/engine/policy-config";
import { renderedApplications } from "../fixtures/pipeline/applications";
import { ossSpark, ossZones, ysqlTarget } from "../fixtures/pipeline/spark-settings";
import { pipelineNamed } from "../helpers/pipelines";

const job: SparkJobSpec = medallionSparkJob(pipelineNamed("orders"), ossSpark, ossZones, { stage: "process", landingUri: "s3a://landing/_inflight/orders/x/" }, "run-1");

describe("renderSparkApplication", () => {
  const app = renderSparkApplication(job);

  it("renders a v1beta2 Python SparkApplication (snapshot)", () => {
    expect(app).toMatchSnapshot();
    expect(app.apiVersion).toBe("sparkoperator.k8s.io/v1beta2");
    expect(app.kind).toBe("SparkApplication");
    expect(app.spec.type).toBe("Python");
    expect(app.spec.image).toBe("apache/spark:4.1.3-scala2.13-java17-python3-ubuntu");
    expect(app.spec.mainApplicationFile).toBe("local:///opt/batch-platform/jobs/medallion_job.py");
  });

  it("configures Delta, the metastore and MinIO without credentials in sparkConf", () => {
    const conf = app.spec.sparkConf;
    expect(conf["spark.sql.extensions"]).toBe("io.delta.sql.DeltaSparkSessionExtension");
    expect(conf["spark.sql.catalog.spark_catalog"]).toBe("org.apache.spark.sql.delta.catalog.DeltaCatalog");
    expect(conf["spark.hadoop.hive.metastore.uris"]).toBe("thrift://hive-metastore.metastore.svc.cluster.local:9083");
    expect(conf["spark.hadoop.fs.s3a.path.style.access"]).toBe("true");
    expect(conf["spark.hadoop.fs.s3a.connection.ssl.enabled"]).toBe("false");
    expect(Object.keys(conf).filter((k) => /access\.key|secret\.key|password/.test(k))).toEqual([]);
    expect(app.spec.deps?.packages).toEqual(["io.delta:delta-spark_4.1_2.13:4.4.0", "org.apache.hadoop:hadoop-aws:3.4.2"]);
  });

  it("runs Spark 4.1 with hadoop-aws 3.4: the AWS SDK v2 provider and a region to sign for", () => {
    const conf = app.spec.sparkConf;
    expect(app.spec.sparkVersion).toBe("4.1.3");
    expect(conf["spark.hadoop.fs.s3a.aws.credentials.provider"]).toBe(
      "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
    );
    expect(conf["spark.hadoop.fs.s3a.endpoint.region"]).toBe("us-east-1");
  });

  it("keeps silver's non-ANSI casts: Spark 4's ANSI default would fail a job on one unparsable value", () => {
    expect(app.spec.sparkConf["spark.sql.ansi.enabled"]).toBe("false");
    const load = renderSparkApplication(
      medallionSparkJob(pipelineNamed("orders"), ossSpark, ossZones, { stage: "load", target: { kind: "bigquery", table: "p.d.t" } }, "run-1"),
    );
    expect(load.spec.sparkConf["spark.sql.ansi.enabled"]).toBe("false");
    expect(load.spec.deps?.packages).toContain("com.google.cloud.spark:spark-4.1-bigquery:0.45.0");
  });

  it("reads storage keys from the Secret on driver and executors", () => {
    for (const pod of [app.spec.driver, app.spec.executor]) {
      expect(pod.env).toEqual([
        { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "spark-lake-credentials", key: "accessKey" } } },
        { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "spark-lake-credentials", key: "secretKey" } } },
      ]);
    }
  });

  it("places drivers off spot and executors on the tainted batch pool", () => {
    expect(app.spec.driver.nodeSelector).toEqual({ "batch-platform.io/pool": "system" });
    expect(app.spec.driver.tolerations).toBeUndefined();
    expect(app.spec.executor.nodeSelector).toEqual({ "batch-platform.io/pool": "batch" });
    expect(app.spec.executor.tolerations).toEqual([{ key: "batch-platform.io/spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    const stateful = renderSparkApplication({ ...job, driver: { ...job.driver, pool: "stateful" } });
    expect(stateful.spec.driver.nodeSelector).toEqual({ "batch-platform.io/pool": "stateful" });
  });

  it("runs non-root with a restricted security context and sized resources", () => {
    for (const pod of [app.spec.driver, app.spec.executor]) {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod.podSecurityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185, fsGroup: 185 });
      expect(pod.coreRequest).toBe(String(pod.cores));
      expect(pod.coreLimit).toBe(String(pod.cores));
      expect(pod.memoryOverhead).toMatch(/^\d+[mg]$/);
    }
    expect(app.spec.executor.instances).toBe(2);
    expect(app.spec.dynamicAllocation).toEqual({ enabled: true, shuffleTrackingEnabled: true, minExecutors: 1, maxExecutors: 6 });
  });

  it("mounts the job ConfigMap read-only and cleans up finished apps", () => {
    expect(app.spec.volumes).toEqual([{ name: "job-files", configMap: { name: "medallion-jobs" } }]);
    expect(app.spec.driver.volumeMounts).toEqual([{ name: "job-files", mountPath: "/opt/batch-platform/jobs", readOnly: true }]);
    expect(app.spec.timeToLiveSeconds).toBe(86_400);
    expect(app.spec.restartPolicy).toEqual({ type: "Never" });
  });

  it("refuses credentials in sparkConf", () => {
    expect(() => renderSparkApplication({ ...job, sparkConf: { "spark.hadoop.fs.s3a.secret.key": "x" } })).toThrow(/credentials must come from a Secret/);
  });

  it("uses the GCS connector with workload identity on GKE", () => {
    expect(storageSparkConf({ kind: "gcs", projectId: "p-12345" })).toMatchObject({ "spark.hadoop.fs.gs.impl": "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem" });
    const gke = renderSparkApplication({ ...job, storage: { kind: "gcs", projectId: "p-12345" } });
    expect(gke.spec.driver.env).toEqual([]);
    expect(gke.spec.deps?.jars?.[0]).toMatch(/gcs-connector\/4\.[0-9.]+\/gcs-connector-4\.[0-9.]+-shaded\.jar$/);
  });

  it("passes the stage's arguments and the load stage's database credentials from a Secret", () => {
    const load = renderSparkApplication(medallionSparkJob(pipelineNamed("card-transactions"), ossSpark, ossZones, { stage: "load", target: ysqlTarget }, "r1"));
    expect(load.metadata.name).toBe("card-transactions-load");
    expect(load.spec.arguments).toEqual([
      "--stage", "load",
      "--spec-file", "/opt/batch-platform/jobs/card_transactions.spec.json",
      "--processing", "s3a://processing/",
      "--curated", "s3a://curated/",
      "--run-id", "r1",
      "--load-target", "ysql",
      "--jdbc-url", "jdbc:postgresql://yb-tservers.yugabyte.svc.cluster.local:5433/yugabyte",
      "--ysql-schema", "serving",
    ]);
    expect(load.spec.driver.env.map((e) => e.name)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "YSQL_USER", "YSQL_PASSWORD"]);
    expect(load.spec.deps?.packages).toContain("org.postgresql:postgresql:42.7.14");
  });
});

describe("a Spark image with the jars baked in (packagesInImage)", () => {
  const baked = { ...ossSpark, image: "registry.example.com/spark-delta:4.1.3-1", packagesInImage: true };
  const stage = { stage: "load", target: ysqlTarget } as const;

  it("resolves no package (no Maven Central, no Ivy directory) and runs the given image", () => {
    for (const app of [
      renderSparkApplication(medallionSparkJob(pipelineNamed("orders"), baked, ossZones, { stage: "process", landingUri: "s3a://landing/_inflight/orders/x/" }, "r1")),
      renderSparkApplication(medallionSparkJob(pipelineNamed("orders"), baked, ossZones, stage, "r1")),
    ]) {
      expect(app.spec.deps).toBeUndefined();
      expect(app.spec.sparkConf["spark.jars.ivy"]).toBeUndefined();
      expect(app.spec.image).toBe("registry.example.com/spark-delta:4.1.3-1");
      expect(validateSparkApplication(app)).toEqual([]);
    }
    // Without it, the same load job resolves Delta, hadoop-aws and the PostgreSQL driver.
    const resolved = renderSparkApplication(medallionSparkJob(pipelineNamed("orders"), ossSpark, ossZones, stage, "r1"));
    expect(resolved.spec.deps?.packages).toEqual([
      "io.delta:delta-spark_4.1_2.13:4.4.0",
      "org.apache.hadoop:hadoop-aws:3.4.2",
      "org.postgresql:postgresql:42.7.14",
    ]);
    expect(resolved.spec.sparkConf["spark.jars.ivy"]).toBe("/tmp/.ivy2");
  });
});

describe("validateSparkApplication", () => {
  it("accepts every rendered application", () => {
    const apps = renderedApplications();
    expect(apps.length).toBe(10); // per pipeline: oss process, load and process with the CA; gke process, load
    for (const app of apps) expect(validateSparkApplication(app)).toEqual([]);
  });

  it("reports a misspelt field as one the API server would prune", () => {
    const app = renderSparkApplication(job);
    const broken = { ...app, spec: { ...app.spec, executor: { ...app.spec.executor, tolerration: app.spec.executor.tolerations } } };
    expect(validateSparkApplication(broken)).toEqual([
      "spec.executor.tolerration: not a field of SparkApplication v1beta2; the API server would silently prune it",
    ]);
  });

  it("reports wrong types, enums and missing required fields", () => {
    const app = renderSparkApplication(job);
    const { sparkVersion: _v, ...specWithoutVersion } = app.spec;
    const broken = {
      ...app,
      spec: { ...specWithoutVersion, mode: "local", driver: { ...app.spec.driver, cores: "1" }, executor: { ...app.spec.executor, tolerations: [{ key: "k", operator: "In" }] } },
    };
    expect(validateSparkApplication(broken)).toEqual([
      'spec.mode: got "local"; expected one of cluster, client',
      "spec.sparkVersion: missing; expected string",
      'spec.driver.cores: got "1"; expected number',
      'spec.executor.tolerations[0].operator: got "In"; expected one of Exists, Equal',
    ]);
  });

  it("rejects anything that is not a SparkApplication", () => {
    expect(validateSparkApplication({ apiVersion: "v1", kind: "Pod" }).length).toBeGreaterThan(0);
  });
});

describe("the driver's metastore proxy", () => {
  const client = { namespace: "spark-jobs", workload: "spark-driver" };
  const metastoreProxy = metastoreProxyClient(client, ossSpark.hiveMetastoreUri!, true);
  const lakeCa = { secretName: "batch-platform-ca", lake: true };
  /** TLS on, but the lake's certificate is the stack's own: the JVMs trust nothing more. */
  const notTheLakeCa = { ...lakeCa, lake: false };
  const process = { stage: "process", landingUri: "s3a://landing/_inflight/orders/x/" } as const;
  const render = (settings: MedallionSparkSettings) =>
    renderSparkApplication(medallionSparkJob(pipelineNamed("orders"), settings, ossZones, process, "run-1"));
  const proxied = render({ ...ossSpark, metastoreProxy });
  const proxiedWithCa = render({ ...ossSpark, metastoreProxy, platformCa: lakeCa });
  const PROXY_VOLUME = { name: "metastore-proxy-tls", secret: { secretName: "spark-driver-metastore-client" } };

  it("runs as the driver's last init container, a native sidecar forwarding loopback to the metastore", () => {
    for (const app of [proxied, proxiedWithCa]) {
      const proxy = app.spec.driver.initContainers?.at(-1);
      expect(proxy).toMatchObject({ name: "metastore-proxy", restartPolicy: "Always" });
      expect(proxy && "args" in proxy ? proxy.args : []).toEqual(
        expect.arrayContaining([
          "client",
          "--listen=localhost:9083",
          "--target=hive-metastore.metastore.svc.cluster.local:9083",
        ]),
      );
    }
    // Native sidecars start in order: the truststore is built first.
    expect(proxiedWithCa.spec.driver.initContainers?.map((c) => c.name)).toEqual(["jvm-truststore", "metastore-proxy"]);
  });

  it("points Spark at the proxy on loopback, with no JVM TLS settings for the metastore", () => {
    for (const app of [proxied, proxiedWithCa]) {
      expect(app.spec.sparkConf["spark.hadoop.hive.metastore.uris"]).toBe("thrift://localhost:9083");
      expect(app.spec.sparkConf["spark.sql.catalogImplementation"]).toBe("hive");
      expect(JSON.stringify(app)).not.toMatch(/hive\.metastore\.(use\.SSL|truststore)/);
    }
  });

  it("declares the certificate Secret's volume; the Spark container mounts only its CA, never the key", () => {
    for (const app of [proxied, proxiedWithCa]) expect(app.spec.volumes).toContainEqual(PROXY_VOLUME);
    expect(proxied.spec.volumes).toEqual([{ name: "job-files", configMap: { name: "medallion-jobs" } }, PROXY_VOLUME]);
    // The operator's webhook adds a pod volume only if the Spark container mounts it.
    const mounts = proxied.spec.driver.volumeMounts.filter((m) => m.name === PROXY_VOLUME.name);
    expect(mounts).toEqual([
      { name: PROXY_VOLUME.name, mountPath: "/etc/metastore-proxy/ca.crt", subPath: "ca.crt", readOnly: true },
    ]);
  });

  it("gives executors nothing: only the driver talks to the metastore", () => {
    expect(proxied.spec.executor.initContainers).toBeUndefined();
    expect(proxiedWithCa.spec.executor.initContainers?.map((c) => c.name)).toEqual(["jvm-truststore"]);
    for (const app of [proxied, proxiedWithCa]) {
      expect(app.spec.executor.volumeMounts.map((m) => m.name)).not.toContain(PROXY_VOLUME.name);
    }
  });

  it("without a proxy: the URI as given, no proxy container or volume", () => {
    for (const app of [render(ossSpark), render({ ...ossSpark, platformCa: lakeCa })]) {
      expect(app.spec.sparkConf["spark.hadoop.hive.metastore.uris"]).toBe(
        "thrift://hive-metastore.metastore.svc.cluster.local:9083",
      );
      const names = [...(app.spec.driver.initContainers ?? []), ...(app.spec.executor.initContainers ?? [])].map(
        (c) => c.name,
      );
      expect(names).not.toContain("metastore-proxy");
      expect(app.spec.volumes.map((v) => v.name)).not.toContain(PROXY_VOLUME.name);
      expect(JSON.stringify(app)).not.toMatch(/hive\.metastore\.(use\.SSL|truststore)/);
    }
  });

  it("builds no truststore for the metastore: with a lake the CA did not sign, the driver trusts nothing more", () => {
    for (const app of [
      render({ ...ossSpark, platformCa: notTheLakeCa }),
      render({ ...ossSpark, metastoreProxy, platformCa: notTheLakeCa }),
    ]) {
      expect(app.spec.driver.initContainers?.map((c) => c.name) ?? []).not.toContain("jvm-truststore");
      expect(app.spec.driver.javaOptions).toBeUndefined();
      expect(app.spec.volumes.map((v) => v.name)).not.toContain("platform-ca");
    }
  });

  it("refuses a proxy without a metastore", () => {
    const { hiveMetastoreUri: _uri, ...noMetastore } = ossSpark;
    expect(() => render({ ...noMetastore, metastoreProxy })).toThrow(/metastoreProxy: set without hiveMetastoreUri/);
  });

  it("validates strictly and passes every policy in prod", () => {
    for (const app of [proxied, proxiedWithCa]) expect(validateSparkApplication(app)).toEqual([]);
    const targets = [proxied, proxiedWithCa].map((app, i) => ({
      resource: {
        type: kubernetesTypeToken(app.apiVersion, app.kind),
        props: app as unknown as Record<string, unknown>,
        urn: `urn:app-${i}`,
        name: app.metadata.name,
      },
    }));
    const estimate = { monthlyUsd: 0, lines: [], notPriced: [], assumptions: {} };
    expect(evaluateRules({ targets, stackUrn: "urn:stack", config: loadPolicyConfig("prod"), estimate })).toEqual([]);
  });

  it("the strict schema takes only Always as an init container's restartPolicy", () => {
    const [proxy] = proxied.spec.driver.initContainers ?? [];
    const broken = {
      ...proxied,
      spec: {
        ...proxied.spec,
        driver: { ...proxied.spec.driver, initContainers: [{ ...proxy, restartPolicy: "OnFailure" }] },
      },
    };
    expect(validateSparkApplication(broken)).toEqual([
      'spec.driver.initContainers[0].restartPolicy: got "OnFailure"; expected one of Always',
    ]);
  });
});

describe("renderSparkApplication with the packages from a mirror's copy", () => {
  const copy = {
    source: { bucket: "curated", prefix: "platform/spark-packages/0123456789ab" },
    packages: ["io.delta:delta-spark_4.1_2.13:4.4.0", "org.apache.hadoop:hadoop-aws:3.4.2", "org.postgresql:postgresql:42.7.14"],
  };
  const trust = { secretName: "batch-platform-ca", lake: true };
  const app = renderSparkApplication({ ...job, packageSource: copy, platformCa: trust });

  it("resolves nothing: no packages, no Ivy directory; the jars on both classpaths, Delta's Python from its jar", () => {
    expect(app.spec.deps).toEqual({ pyFiles: ["local:///opt/spark/packages/io.delta_delta-spark_4.1_2.13-4.4.0.jar"] });
    expect(app.spec.sparkConf["spark.jars.ivy"]).toBeUndefined();
    expect(app.spec.sparkConf["spark.driver.extraClassPath"]).toBe("/opt/spark/packages/*");
    expect(app.spec.sparkConf["spark.executor.extraClassPath"]).toBe("/opt/spark/packages/*");
    expect(app.spec.volumes).toContainEqual({ name: "spark-packages", emptyDir: { sizeLimit: "2Gi" } });
    expect(validateSparkApplication(app)).toEqual([]);
  });

  it("copies the jars into driver and executors with the job's own lake keys, after the truststore", () => {
    for (const pod of [app.spec.driver, app.spec.executor]) {
      const names = (pod.initContainers ?? []).map((c) => c.name);
      expect(names.slice(0, 2)).toEqual(["jvm-truststore", "spark-packages"]);
      const init = pod.initContainers![1]!;
      if (!("args" in init) || !("env" in init)) throw new Error("no package copy");
      expect(init.args[0]).toContain('until mc --config-dir /opt/spark/packages/.mc stat "lake/curated/platform/spark-packages/0123456789ab/_COMPLETE"');
      expect(init.args[0]).toContain('mirror --overwrite "lake/curated/platform/spark-packages/0123456789ab/jars" /opt/spark/packages');
      expect(init.env).toEqual([
        { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "spark-lake-credentials", key: "accessKey" } } },
        { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "spark-lake-credentials", key: "secretKey" } } },
        { name: "MC_HOST_lake", value: "http://$(AWS_ACCESS_KEY_ID):$(AWS_SECRET_ACCESS_KEY)@minio.minio.svc.cluster.local:9000" },
      ]);
      // mc trusts the platform CA from the truststore's CA volume, the one public file.
      // mc exits if it cannot write its config: the CA is mounted beside it and copied in.
      expect(init.volumeMounts).toEqual([
        { name: "spark-packages", mountPath: "/opt/spark/packages" },
        { name: "platform-ca", mountPath: "/opt/batch-platform/platform-ca", readOnly: true },
      ]);
      expect(init.args[0]).toContain(
        "mkdir -p /opt/spark/packages/.mc/certs/CAs\ncp /opt/batch-platform/platform-ca/ca.crt /opt/spark/packages/.mc/certs/CAs/\n",
      );
      expect(init.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 185 });
      // The operator's webhook adds a volume only if the Spark container mounts it.
      expect(pod.volumeMounts).toContainEqual({ name: "spark-packages", mountPath: "/opt/spark/packages", readOnly: true });
    }
  });

  it("refuses a copy without a package the job needs, a GCS job and jars also in the image", () => {
    const load = medallionSparkJob(pipelineNamed("orders"), ossSpark, ossZones, { stage: "load", target: ysqlTarget }, "run-1");
    const short = { ...copy, packages: copy.packages.slice(0, 2) };
    expect(() => renderSparkApplication({ ...load, packageSource: short })).toThrow(
      `SparkJob ${load.name}: packageSource: the mirror holds no org.postgresql:postgresql:42.7.14; add it to the mirror's packages`,
    );
    expect(() => renderSparkApplication({ ...job, storage: { kind: "gcs", projectId: "p" }, packageSource: copy })).toThrow(/needs an S3 lake/);
    expect(() => renderSparkApplication({ ...job, packagesInImage: true, packageSource: copy })).toThrow(/one place for the jars/);
  });
});

describe("renderSparkApplication with a job's own class path and JVM options", () => {
  const copy = {
    source: { bucket: "curated", prefix: "platform/spark-packages/0123456789ab" },
    packages: ["io.delta:delta-spark_4.1_2.13:4.4.0", "org.apache.hadoop:hadoop-aws:3.4.2", "org.postgresql:postgresql:42.7.14"],
  };
  const trust = { secretName: "batch-platform-ca", lake: true };
  const own = {
    "spark.driver.extraClassPath": "/opt/extra/driver.jar",
    "spark.executor.extraClassPath": "/opt/extra/executor.jar",
    "spark.driver.extraJavaOptions": "-XX:+UseG1GC",
    "spark.executor.extraJavaOptions": " -Duser.timezone=UTC ",
  };
  const truststore = "-Djavax.net.ssl.trustStore=/opt/batch-platform/truststore/truststore.jks -Djavax.net.ssl.trustStoreType=JKS";

  it("extends the mirror's class paths, the mirror's jars first", () => {
    const app = renderSparkApplication({ ...job, packageSource: copy, platformCa: trust, sparkConf: own });
    expect(app.spec.sparkConf["spark.driver.extraClassPath"]).toBe("/opt/spark/packages/*:/opt/extra/driver.jar");
    expect(app.spec.sparkConf["spark.executor.extraClassPath"]).toBe("/opt/spark/packages/*:/opt/extra/executor.jar");
  });

  it("puts the job's JVM options after the truststore's in javaOptions, which the operator passes last", () => {
    const app = renderSparkApplication({ ...job, platformCa: trust, sparkConf: own });
    expect(app.spec.driver.javaOptions).toBe(`${truststore} -XX:+UseG1GC`);
    expect(app.spec.executor.javaOptions).toBe(`${truststore} -Duser.timezone=UTC`);
    // Not also in sparkConf, where the operator's javaOptions would replace them.
    expect(app.spec.sparkConf).not.toHaveProperty("spark.driver.extraJavaOptions");
    expect(app.spec.sparkConf).not.toHaveProperty("spark.executor.extraJavaOptions");
    expect(validateSparkApplication(app)).toEqual([]);
  });

  it("leaves the job's settings as they are where the platform sets none", () => {
    const app = renderSparkApplication({ ...job, sparkConf: own });
    expect(app.spec.driver).not.toHaveProperty("javaOptions");
    expect(app.spec.sparkConf["spark.driver.extraJavaOptions"]).toBe("-XX:+UseG1GC");
    expect(app.spec.sparkConf["spark.driver.extraClassPath"]).toBe("/opt/extra/driver.jar");
  });

  it("refuses a job's own truststore where the platform's is needed for the lake", () => {
    const sparkConf = { "spark.executor.extraJavaOptions": "-Djavax.net.ssl.trustStore=/tmp/mine.jks" };
    expect(() => renderSparkApplication({ ...job, platformCa: trust, sparkConf })).toThrow(
      /sparkConf\.spark\.executor\.extraJavaOptions: sets the JVM truststore, which the platform provides/,
    );
    expect(() => renderSparkApplication({ ...job, sparkConf })).not.toThrow();
  });
});
