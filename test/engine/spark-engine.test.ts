import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { SparkApplicationObject } from "../../components/engine/spark-application";
import { SparkEngine, sparkEngineProblems, type SparkEngineArgs } from "../../components/engine/spark-engine";
import { metastoreProxyClient } from "../../components/metastore/metastore-proxy";
import { minioLake } from "../helpers/parts";
import { pipelineNamed } from "../helpers/pipelines";
import { mockPulumi } from "../helpers/pulumi";

const METASTORE = "thrift://hive-metastore.metastore.svc.cluster.local:9083";
const client = { namespace: "processing", workload: "spark-driver" };
const args = {
  namespace: "processing",
  lake: { kind: "minio" as const },
  driver: { cores: 1, memory: "1g", memoryOverhead: "384m" },
  executor: { cores: 1, memory: "1g", memoryOverhead: "384m", instances: 1 },
  hiveMetastoreUri: METASTORE,
};

describe("sparkEngineProblems: packagesInImage", () => {
  it("needs an image with the jars (the pinned apache/spark has none)", () => {
    expect(sparkEngineProblems({ ...args, packagesInImage: true })).toEqual([
      "packagesInImage: got true without image; expected an image with the jars (the pinned apache/spark has none)",
    ]);
    expect(sparkEngineProblems({ ...args, packagesInImage: true, image: "registry.example.com/spark:1" })).toEqual([]);
  });
});

describe("sparkEngineProblems: metastoreClient", () => {
  it("accepts a client in the engine's namespace with a metastore", () => {
    expect(sparkEngineProblems({ ...args, metastoreClient: client })).toEqual([]);
  });

  it("needs hiveMetastoreUri", () => {
    const { hiveMetastoreUri: _uri, ...noMetastore } = args;
    expect(sparkEngineProblems({ ...noMetastore, metastoreClient: client })).toEqual([
      "metastoreClient: set without hiveMetastoreUri; expected the URI of the metastore its proxy reaches",
    ]);
  });

  it("needs the engine's namespace, where the drivers and the certificate Secret are", () => {
    expect(sparkEngineProblems({ ...args, metastoreClient: { ...client, namespace: "x" } })).toEqual([
      'metastoreClient.namespace: got "x"; expected the engine\'s namespace "processing"',
    ]);
  });

  it("needs a workload that can name a Secret", () => {
    expect(sparkEngineProblems({ ...args, metastoreClient: { ...client, workload: "Spark_Driver" } })).toEqual([
      'metastoreClient.workload: got "Spark_Driver"; expected a DNS label (it names the certificate Secret)',
    ]);
  });
});

describe("SparkEngine and the metastore proxy", () => {
  const orders = pipelineNamed("orders");
  const gold = {
    kind: "jdbc" as const,
    jdbcUrl: "jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/warehouse",
    schema: "orders",
    credentialsSecret: { name: "orders-ysql", usernameKey: "username", passwordKey: "password" },
  };
  let proxied: SparkEngine;
  let plain: SparkEngine;
  beforeAll(async () => {
    await mockPulumi();
    const engine = (name: string, extra: Partial<SparkEngineArgs>) =>
      new SparkEngine(name, { ...args, lake: minioLake(`${name}-lake`), ...extra });
    proxied = engine("proxied", { metastoreClient: client });
    plain = engine("plain", {});
  });
  /** The SparkApplications as the DAG ships them: YAML beside the DAG file. */
  const dagApplications = (engine: SparkEngine): SparkApplicationObject[] => {
    const run = engine.pipelineRun(
      "orders",
      { spec: orders, landingUri: "s3a://landing/_inflight/orders/x/", gold },
      engine,
    );
    const files = Object.entries(run.dagFiles).filter(([file]) => file.endsWith(".yaml"));
    expect(files.map(([file]) => file).sort()).toEqual(["orders_load.yaml", "orders_process.yaml"]);
    return files.map(([, text]) => parse(text) as SparkApplicationObject);
  };

  it("gives the jobs the client's proxy, a native sidecar to hiveMetastoreUri", () => {
    expect(proxied.medallionSettings("jobs").metastoreProxy).toEqual(metastoreProxyClient(client, METASTORE, true));
    expect(plain.medallionSettings("jobs").metastoreProxy).toBeUndefined();
  });

  it("ships the proxy in the DAG's SparkApplications: the driver's sidecar, its Secret volume, loopback Thrift", () => {
    for (const app of dagApplications(proxied)) {
      const proxy = app.spec.driver.initContainers?.at(-1);
      expect(proxy).toMatchObject({ name: "metastore-proxy", restartPolicy: "Always" });
      expect(proxy && "args" in proxy ? proxy.args : []).toContain(
        "--target=hive-metastore.metastore.svc.cluster.local:9083",
      );
      expect(app.spec.volumes).toContainEqual({
        name: "metastore-proxy-tls",
        secret: { secretName: "spark-driver-metastore-client" },
      });
      expect(app.spec.sparkConf["spark.hadoop.hive.metastore.uris"]).toBe("thrift://localhost:9083");
      expect(app.spec.executor.initContainers).toBeUndefined();
    }
  });

  it("without metastoreClient: plain Thrift to the metastore, no proxy", () => {
    for (const app of dagApplications(plain)) {
      expect(app.spec.sparkConf["spark.hadoop.hive.metastore.uris"]).toBe(METASTORE);
      expect(app.spec.driver.initContainers).toBeUndefined();
      expect(app.spec.volumes.map((v) => v.name)).toEqual(["job-files"]);
    }
  });

  it("refuses a client in another namespace when it is built", () => {
    expect(
      () =>
        new SparkEngine("elsewhere", {
          ...args,
          lake: minioLake("elsewhere-lake"),
          metastoreClient: { ...client, namespace: "x" },
        }),
    ).toThrow(/metastoreClient\.namespace: got "x"; expected the engine's namespace "processing"/);
  });
});
