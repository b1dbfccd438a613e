import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { SparkEngine, sparkEngineProblems, SPARK_SUBMITTER_RULES, type SparkEngineArgs } from "../../components/engine/spark-engine";
import { SparkOperator, sparkOperatorChartValues, sparkOperatorProblems, SPARK_OPERATOR_CHART } from "../../components/engine/spark-operator";
import { medallionSparkJob } from "../../components/pipeline/medallion-spark-job";
import { gcsLake, gkeIdentity, minioLake } from "../helpers/parts";
import { mockPulumi, registered } from "../helpers/pulumi";
import { pipelineNamed } from "../helpers/pipelines";

const system = { "batch-platform.io/pool": "system" };
const sizes = {
  namespace: "processing",
  driver: { cores: 1, memory: "1g", memoryOverhead: "384m", pool: "system" },
  executor: { cores: 2, memory: "4g", memoryOverhead: "1g", instances: 2 },
  dynamicAllocation: { minExecutors: 1, maxExecutors: 6 },
  hiveMetastoreUri: "thrift://hive-metastore.processing.svc.cluster.local:9083",
  timeToLiveSeconds: 3600,
} as const;
let engineArgs: SparkEngineArgs;

describe("Spark Operator chart values", () => {
  const values = sparkOperatorChartValues({ namespace: "processing", jobNamespaces: ["processing"], nodeSelector: system, controllerReplicas: 2 });

  it("pins chart 2.5.2 and its images, watches only the job namespace, leaves the Spark RBAC to the platform", () => {
    expect(SPARK_OPERATOR_CHART).toEqual({ repo: "https://kubeflow.github.io/spark-operator", chart: "spark-operator", version: "2.5.2" });
    expect(values.image).toEqual({ registry: "ghcr.io", repository: "kubeflow/spark-operator/controller", tag: "2.5.2", pullPolicy: "IfNotPresent" });
    expect(values.hook.image.tag).toBe("2.5.2");
    expect(values.spark).toEqual({ jobNamespaces: ["processing"], serviceAccount: { create: false }, rbac: { create: false } });
  });

  it("keeps the mutating webhook (it applies the pods' placement and volumes) and runs on the system pool, restricted, sized", () => {
    expect(values.webhook).toMatchObject({ enable: true, port: 9443, failurePolicy: "Fail" });
    for (const workload of [values.controller, values.webhook]) {
      expect(workload.nodeSelector).toEqual(system);
      expect(workload.tolerations).toEqual([]);
      expect(workload.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
      expect(workload.resources.requests).toBeDefined();
      expect(workload.resources.limits).toBeDefined();
    }
    expect(values.controller.podDisruptionBudget).toEqual({ enable: true, minAvailable: 1 });
  });

  it("fits its concurrent spark-submit JVMs in the controller's memory limit", () => {
    // Each worker may run one spark-submit JVM in the controller container; their heaps are capped.
    expect(values.controller.workers).toBe(4);
    expect(values.controller.env).toEqual([{ name: "SPARK_SUBMIT_OPTS", value: "-Xmx256m" }]);
    expect(values.controller.resources.limits.memory).toBe("2Gi");
  });

  it("refuses a controller limit the concurrent spark-submit JVMs cannot fit in", () => {
    const sized = (memory: string) => ({
      namespace: "processing",
      jobNamespaces: ["processing"],
      controllerResources: { requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "1", memory } },
    });
    // 4 × (256 MiB heap + 128 MiB non-heap) + 256 MiB for the controller.
    expect(sparkOperatorProblems(sized("1Gi"))).toEqual([
      'controllerResources.limits.memory: got "1Gi"; expected at least 1792Mi (4 concurrent spark-submit JVMs run inside the controller)',
    ]);
    expect(sparkOperatorProblems(sized("lots"))).toHaveLength(1);
    expect(sparkOperatorProblems(sized("1792Mi"))).toEqual([]);
    expect(sparkOperatorProblems(sized("4Gi"))).toEqual([]);
  });

  it("refuses an empty (= every namespace) watch list", () => {
    expect(sparkOperatorProblems({ namespace: "processing", jobNamespaces: [] })).toHaveLength(1);
    expect(sparkOperatorProblems({ namespace: "processing", jobNamespaces: [""] })).toHaveLength(1);
  });
});

describe("SparkEngine", () => {
  let capture: RegistrationCapture;
  let engine: SparkEngine;
  beforeAll(async () => {
    capture = await mockPulumi();
    engineArgs = { ...sizes, lake: minioLake() };
    new SparkOperator("spark-operator", { namespace: "processing", jobNamespaces: ["processing"] });
    engine = new SparkEngine("spark", engineArgs);
  });

  it("creates the drivers' ServiceAccount, Role and RoleBinding in the job namespace (snapshot)", async () => {
    const group = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).find((g) => g.name === "spark-rbac")!;
    const objs = group.inputs.objs as { kind: string; metadata: { name: string; namespace: string } }[];
    expect(objs).toMatchSnapshot();
    expect(objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "ServiceAccount/processing/spark",
      "ServiceAccount/processing/spark-executor",
      "Role/processing/spark-driver",
      "RoleBinding/processing/spark-driver",
    ]);
  });

  it("limits the driver's Role to what a driver does (no deletecollection, no update, no PVCs) and binds only the driver", async () => {
    const group = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).find((g) => g.name === "spark-rbac")!;
    type Obj = { kind: string; metadata: { name: string }; rules?: { resources: string[]; verbs: string[] }[] };
    const objs = group.inputs.objs as unknown as (Obj & Record<string, unknown>)[];
    const role = objs.find((o) => o.kind === "Role")!;
    const verbs = role.rules!.flatMap((r) => r.verbs);
    expect(verbs).not.toContain("deletecollection");
    expect(verbs).not.toContain("update");
    expect(role.rules!.flatMap((r) => r.resources).sort()).toEqual(["configmaps", "pods", "services"]);
    const binding = objs.find((o) => o.kind === "RoleBinding")!;
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "spark", namespace: "processing" }]);
    const executor = objs.find((o) => o.metadata.name === "spark-executor")!;
    expect(executor.automountServiceAccountToken).toBe(false);
  });

  it("runs executors on their own service account, without API access", () => {
    const settings = engine.medallionSettings("orders-job-files");
    const zones = { processing: "s3a://processing", curated: "s3a://curated" };
    const job = medallionSparkJob(pipelineNamed("orders"), settings, zones, { stage: "process", landingUri: "s3a://landing/x/" }, "run");
    const app = engine.application(job);
    expect(app.spec.driver.serviceAccount).toBe("spark");
    expect(app.spec.executor.serviceAccount).toBe("spark-executor");
  });

  it("keeps the lake keys in a Secret, masked", async () => {
    const secret = (await registered(capture, "kubernetes:core/v1:Secret")).find((s) => s.name === "spark-lake-credentials")!;
    expect(secret.inputs.metadata).toMatchObject({ name: "spark-lake-credentials", namespace: "processing" });
    expect(secret.inputs.stringData).toBe("[secret]");
  });

  it("renders pipeline jobs as strict SparkApplications: driver off spot, executors on batch with the toleration", () => {
    const settings = engine.medallionSettings("orders-job-files");
    expect(settings.storage).toEqual({
      kind: "s3a",
      endpoint: "http://minio.lake.svc.cluster.local:9000",
      sslEnabled: false,
      credentialsSecret: { name: "spark-lake-credentials", accessKeyKey: "AWS_ACCESS_KEY_ID", secretKeyKey: "AWS_SECRET_ACCESS_KEY" },
    });
    const app = engine.application(medallionSparkJob(pipelineNamed("orders"), settings, { processing: "s3a://processing", curated: "s3a://curated" }, { stage: "process", landingUri: "s3a://landing/x/" }, "run"));
    expect(app.spec.driver).toMatchObject({ serviceAccount: "spark", nodeSelector: system });
    expect(app.spec.driver.tolerations).toBeUndefined();
    expect(app.spec.executor).toMatchObject({ nodeSelector: { "batch-platform.io/pool": "batch" }, tolerations: [{ key: "batch-platform.io/spot", operator: "Equal", value: "true", effect: "NoSchedule" }] });
    expect(app.spec.dynamicAllocation).toEqual({ enabled: true, shuffleTrackingEnabled: true, minExecutors: 1, maxExecutors: 6 });
    expect(app.spec.timeToLiveSeconds).toBe(3600);
    expect(app.spec.sparkConf["spark.hadoop.hive.metastore.uris"]).toBe(engineArgs.hiveMetastoreUri);
    expect(app.spec.deps?.packages).toContain("io.delta:delta-spark_4.1_2.13:4.4.0");
    expect(JSON.stringify(app)).not.toMatch(/plan-random|lake-admin/);
  });

  it("on a GCS lake: binds its service account to a Google account, needs no keys, reads and writes its zones", async () => {
    const lake = gcsLake("gke-lake");
    const gke = new SparkEngine("gke-spark", { ...sizes, namespace: "spark-jobs", lake, workloadIdentity: gkeIdentity() });
    expect(gke.medallionSettings("x").storage).toEqual({ kind: "gcs", projectId: "acme-data-dev" });
    expect(gke.lakeCredentialsSecretName).toBeUndefined();
    const [account] = (await registered(capture, "gcp:serviceaccount/account:Account")).filter((a) => a.name === "gke-spark-identity-account");
    expect(account.inputs.accountId).toBe("acme-dev-gke-spark");
    const grants = (await registered(capture, "gcp:storage/bucketIAMMember:BucketIAMMember")).map((m) => m.name).sort();
    expect(grants).toEqual(["gke-spark-curated-write", "gke-spark-landing-read", "gke-spark-processing-write"]);
    const group = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).find((g) => g.name === "gke-spark-rbac")!;
    const [serviceAccount] = group.inputs.objs as unknown as { metadata: { annotations: Record<string, string> } }[];
    expect(serviceAccount.metadata.annotations).toEqual({ "iam.gke.io/gcp-service-account": "acme-dev-gke-spark@acme-data-dev.iam.gserviceaccount.com" });
  });

  it("tells an orchestrator what it may do with SparkApplications, nothing more", () => {
    expect(SPARK_SUBMITTER_RULES.flatMap((r) => r.resources)).toEqual(["sparkapplications", "sparkapplications/status", "pods", "pods/log", "events"]);
    expect(SPARK_SUBMITTER_RULES.flatMap((r) => r.verbs)).not.toContain("*");
    // The pod operator's cleanup patches a failed driver's pod; it never creates or deletes pods.
    expect(SPARK_SUBMITTER_RULES.find((r) => r.resources.includes("pods"))!.verbs).toEqual(["get", "list", "watch", "patch"]);
  });

  it("rejects executor counts outside the dynamic allocation bounds and a metastore URI that is not thrift", () => {
    expect(sparkEngineProblems({ ...engineArgs, executor: { ...engineArgs.executor, instances: 9 }, hiveMetastoreUri: "http://hms:9083" })).toEqual([
      'hiveMetastoreUri: got "http://hms:9083"; expected thrift://host:9083',
      "executor.instances: got 9; expected within dynamicAllocation 1..6",
    ]);
  });
});
