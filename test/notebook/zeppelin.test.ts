import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { ZEPPELIN_SPARK_IMAGE } from "../../components/notebook/zeppelin-spark-versions";
import { newManifestChart } from "../../components/k8s/cdk8s-manifests";
import { metastoreProxyClient } from "../../components/metastore/metastore-proxy";
import { Zeppelin, validateZeppelinArgs, type ZeppelinArgs } from "../../components/notebook/zeppelin";
import { addZeppelin, ZEPPELIN_IMAGE, type ZeppelinManifestProps } from "../../components/notebook/zeppelin-manifests";
import { shiroIni } from "../../components/notebook/zeppelin-security";
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
import { zeppelinPlainProps, zeppelinProps } from "../fixtures/notebook/zeppelin-props";

const args: ZeppelinArgs = {
  namespace: "explore",
  lakeEndpoint: pulumi.output("http://minio.lake.svc.cluster.local:9000"),
  lakeCredentials: { accessKey: "lake-admin", secretKey: pulumi.secret("plan-random-lake-root-password") },
  metastoreUri: pulumi.output("thrift://hive-metastore.query.svc.cluster.local:9083"),
  executors: { cores: 2, memory: "4g", maxExecutors: 6 },
  protect: true,
};

function sparkDefaults(objs: readonly K8sObject[]): Record<string, string> {
  const data = findObject(objs, "ConfigMap", "zeppelin-spark-conf").data as Record<string, string>;
  return Object.fromEntries(
    data["spark-defaults.conf"]
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf(" ")), line.slice(line.indexOf(" ") + 1)]),
  );
}

describe("Zeppelin", () => {
  let capture: RegistrationCapture;
  let zeppelin: Zeppelin;
  let objs: K8sObject[];
  beforeAll(async () => {
    capture = await mockPulumi();
    zeppelin = new Zeppelin("zeppelin", args);
    objs = await configGroupObjs(capture, "zeppelin-manifests");
  });

  it("runs the pinned image behind a ClusterIP Service", async () => {
    expect(await valueOf(zeppelin.url)).toBe("http://zeppelin.explore.svc.cluster.local:8080");
    const deployment = findObject(objs, "Deployment", "zeppelin");
    expect((podSpec(deployment).containers as Record<string, unknown>[])[0].image).toBe(ZEPPELIN_IMAGE);
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: "Recreate" } });
    expect(findObject(objs, "Service", "zeppelin").spec).toMatchObject({ type: "ClusterIP", ports: [{ port: 8080 }] });
  });

  it("points the Spark interpreter at Spark on Kubernetes in its own namespace", () => {
    const conf = sparkDefaults(objs);
    expect(conf).toMatchObject({
      "spark.master": "k8s://https://kubernetes.default.svc",
      "spark.submit.deployMode": "client",
      "spark.kubernetes.namespace": "explore",
      "spark.kubernetes.container.image": ZEPPELIN_SPARK_IMAGE,
      "spark.kubernetes.executor.request.cores": "2",
      "spark.executor.memory": "4g",
      "spark.dynamicAllocation.maxExecutors": "6",
      "spark.hadoop.fs.s3a.endpoint": "http://minio.lake.svc.cluster.local:9000",
      "spark.hadoop.fs.s3a.path.style.access": "true",
      // Spark 3.5's hadoop-aws 3.3.4 is on the AWS SDK v1.
      "spark.hadoop.fs.s3a.aws.credentials.provider": "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
      "spark.hadoop.hive.metastore.uris": "thrift://hive-metastore.query.svc.cluster.local:9083",
      "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
      "spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY": "zeppelin-lake-credentials:AWS_SECRET_ACCESS_KEY",
    });
    const main = (podSpec(findObject(objs, "Deployment", "zeppelin")).containers as Record<string, unknown>[])[0];
    expect(envOf(main)).toEqual(
      expect.arrayContaining([
        { name: "SPARK_MASTER", value: "k8s://https://kubernetes.default.svc" },
        { name: "SPARK_CONF_DIR", value: "/opt/zeppelin/spark-conf" },
        { name: "SPARK_SUBMIT_OPTIONS", value: "--conf spark.driver.host=$(POD_IP) --conf spark.kubernetes.driver.pod.name=$(POD_NAME)" },
      ]),
    );
    const names = envOf(main).map((e) => e.name);
    expect(names.indexOf("POD_IP")).toBeLessThan(names.indexOf("SPARK_SUBMIT_OPTIONS"));
  });

  it("without metastoreClient runs no metastore proxy and mounts no client certificate", () => {
    const spec = podSpec(findObject(objs, "Deployment", "zeppelin"));
    expect(containersOf(spec).map((c) => c.name)).toEqual(["spark-dist", "zeppelin"]);
    expect(JSON.stringify(spec.volumes)).not.toContain("metastore-client");
  });

  it("places executors on the batch pool with the spot toleration, and its own pod off spot", () => {
    const template = parse((findObject(objs, "ConfigMap", "zeppelin-spark-conf").data as Record<string, string>)["executor-pod-template.yaml"]) as {
      spec: { nodeSelector: Record<string, string>; tolerations: unknown[]; securityContext: Record<string, unknown> };
    };
    expect(template.spec.nodeSelector).toEqual({ "batch-platform.io/pool": "batch" });
    expect(template.spec.tolerations).toEqual([{ key: "batch-platform.io/spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    expect(template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185 });
    expectOffSpot(objs);
    expect(podSpec(findObject(objs, "Deployment", "zeppelin")).nodeSelector).toEqual({ "batch-platform.io/pool": "stateful" });
  });

  it("may create executor pods in its own namespace only (a Role, not a ClusterRole)", () => {
    const role = findObject(objs, "Role", "zeppelin-spark-executors");
    expect(role.metadata.namespace).toBe("explore");
    expect(role.rules).toEqual([
      { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "delete", "deletecollection", "patch"] },
      { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "get", "list", "watch", "delete", "deletecollection"] },
    ]);
    expect(findObject(objs, "RoleBinding", "zeppelin-spark-executors")).toMatchObject({
      roleRef: { kind: "Role", name: "zeppelin-spark-executors" },
      subjects: [{ kind: "ServiceAccount", name: "zeppelin", namespace: "explore" }],
    });
    expect(objs.map((o) => o.kind)).not.toContain("ClusterRole");
    expect(podSpec(findObject(objs, "Deployment", "zeppelin"))).toMatchObject({ serviceAccountName: "zeppelin", automountServiceAccountToken: true });
  });

  it("reads the lake credentials from a Secret it creates, never from values", async () => {
    expectCredentialsFromSecrets(objs);
    const [secret] = await registered(capture, "kubernetes:core/v1:Secret");
    expect(secret.inputs).toMatchObject({ metadata: { name: "zeppelin-lake-credentials", namespace: "explore" }, stringData: "[secret]" });
    expect(JSON.stringify(objs)).not.toMatch(/lake-admin|plan-random/);
    expectNoGeneratedSecrets(capture.captured());
  });

  it("runs non-root with requests and limits and keeps notebooks on a protected volume", async () => {
    expectRestrictedWorkloads(objs);
    const [notebooks] = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).filter((g) => g.name === "zeppelin-notebooks");
    expect(notebooks.options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(notebooks.inputs.objs).toEqual([expect.objectContaining({ kind: "PersistentVolumeClaim", metadata: expect.objectContaining({ name: "zeppelin-notebooks" }) })]);
  });

  it("declares only valid Kubernetes objects", async () => {
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });

  it("refuses a metastore client identity of another namespace, or one without a metastore", () => {
    const elsewhere = { namespace: "processing", workload: "zeppelin" };
    const client = { namespace: "explore", workload: "zeppelin" };
    expect(validateZeppelinArgs({ ...args, metastoreClient: elsewhere })).toEqual([
      'metastoreClient.namespace: got "processing"; expected Zeppelin\'s namespace "explore"',
    ]);
    const { metastoreUri: _unused, ...noMetastore } = args;
    expect(validateZeppelinArgs({ ...noMetastore, metastoreClient: client })).toEqual([
      "metastoreClient: needs metastoreUri (the metastore the proxy connects to)",
    ]);
    expect(validateZeppelinArgs({ ...args, metastoreClient: client })).toEqual([]);
    // A namespace known only at deployment is not compared.
    const later = { ...args, namespace: pulumi.output("explore") };
    expect(validateZeppelinArgs({ ...later, metastoreClient: elsewhere })).toEqual([]);
  });

  it("refuses the spot pool and malformed executor sizes", () => {
    expect(validateZeppelinArgs({ ...args, pool: "batch" as never })).toEqual([expect.stringMatching(/^pool: got "batch"/)]);
    expect(validateZeppelinArgs({ ...args, executors: { memory: "4GB", cores: 0 } })).toEqual([
      "executors.cores: got 0; expected an integer of at least 1",
      'executors.memory: got "4GB"; expected a Spark size such as "512m" or "2g"',
    ]);
  });
});

describe("Zeppelin manifests (synthesized chart)", () => {
  it("synthesize valid objects", async () => {
    const chart = newManifestChart("zeppelin", "explore");
    addZeppelin(chart, zeppelinPlainProps);
    const objs = chart.toJson();
    expect(await mandatoryFindings(asPlanResources(objs))).toEqual([]);
    expect(objs).toMatchSnapshot();
    const spec = objs.find((o) => o.kind === "Deployment").spec.template.spec;
    const containers = [...spec.initContainers, ...spec.containers];
    for (const c of containers) expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    const server = spec.containers[0];
    const writable = server.volumeMounts.filter((m: { readOnly?: boolean }) => !m.readOnly);
    expect(writable.map((m: { mountPath: string }) => m.mountPath)).toEqual(
      expect.arrayContaining(["/opt/zeppelin/logs", "/opt/zeppelin/run", "/opt/zeppelin/webapps"]),
    );
  });
});

describe("Zeppelin through the metastore's mutual-TLS proxy", () => {
  const metastoreUri = "thrift://hive-metastore.processing.svc.cluster.local:9083";
  const client = { namespace: "explore", workload: "zeppelin" };
  let capture: RegistrationCapture;
  let objs: K8sObject[];
  beforeAll(async () => {
    capture = await mockPulumi();
    // An Output, as HiveMetastore.thriftUri is: the proxy is built once it resolves.
    new Zeppelin("zeppelin", { ...args, metastoreUri: pulumi.output(metastoreUri), metastoreClient: client });
    objs = await configGroupObjs(capture, "zeppelin-manifests");
  });

  it("runs the proxy as a regular container of the pod the interpreter's driver runs in, with its certificate", () => {
    const spec = podSpec(findObject(objs, "Deployment", "zeppelin"));
    expect((spec.containers as Record<string, unknown>[]).map((c) => c.name)).toEqual(["zeppelin", "metastore-proxy"]);
    expect((spec.initContainers as Record<string, unknown>[]).map((c) => c.name)).toEqual(["spark-dist"]);
    const proxy = (spec.containers as Record<string, unknown>[])[1];
    const expected = metastoreProxyClient(client, metastoreUri).container;
    // Exactly the proxy's container (cdk8s-plus states `privileged: false` whether the object does or not).
    expect(proxy).toEqual({ ...expected, securityContext: { ...expected.securityContext, privileged: false } });
    expect((proxy.args as string[]).slice(0, 3)).toEqual([
      "client",
      "--listen=localhost:9083",
      "--target=hive-metastore.processing.svc.cluster.local:9083",
    ]);
    expect(proxy.securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, readOnlyRootFilesystem: true });
    expect(proxy).not.toHaveProperty("restartPolicy");
    const volume = { name: "metastore-proxy-tls", secret: { secretName: "zeppelin-metastore-client" } };
    expect(spec.volumes).toContainEqual(volume);
    expectRestrictedWorkloads(objs);
  });

  it("points the interpreter's Hive client at the proxy on loopback; executors need nothing", () => {
    const conf = sparkDefaults(objs);
    expect(conf["spark.hadoop.hive.metastore.uris"]).toBe("thrift://localhost:9083");
    expect(conf["spark.sql.catalogImplementation"]).toBe("hive");
    expect(Object.keys(conf).filter((key) => key.startsWith("spark.hadoop.hive.metastore."))).toEqual([
      "spark.hadoop.hive.metastore.uris",
    ]);
    const data = findObject(objs, "ConfigMap", "zeppelin-spark-conf").data as Record<string, string>;
    expect(data["executor-pod-template.yaml"]).not.toContain("metastore");
  });

  it("declares only valid Kubernetes objects", async () => {
    await capture.settled();
    expect(await mandatoryFindings(capture.captured())).toEqual([]);
  });
});

describe("Zeppelin's trust in the platform CA", () => {
  const props = zeppelinProps;
  function synth(platformCa: ZeppelinManifestProps["platformCa"]) {
    const chart = newManifestChart("zeppelin", "explore");
    addZeppelin(chart, { ...props, platformCa });
    const objs = chart.toJson() as K8sObject[];
    const spec = podSpec(findObject(objs, "Deployment", "zeppelin"));
    const zeppelin = (spec.containers as Record<string, unknown>[])[0];
    return { conf: sparkDefaults(objs), inits: spec.initContainers as Record<string, unknown>[], zeppelin };
  }

  it("builds a truststore only where the platform CA signed the lake's certificate, never for the metastore", () => {
    const notTheLake = { secretName: "batch-platform-ca", lake: false };
    const none = synth(notTheLake);
    expect(none.inits.map((c) => c.name)).toEqual(["spark-dist"]);
    expect(envOf(none.zeppelin).map((e) => e.name)).not.toContain("ZEPPELIN_INTP_JAVA_OPTS");
    expect(Object.keys(none.conf).filter((key) => /use\.SSL|truststore/.test(key))).toEqual([]);
    expect(none.conf["spark.hadoop.hive.metastore.uris"]).toBe(props.metastoreUri);
    const lake = synth({ ...notTheLake, lake: true });
    expect(lake.inits.map((c) => c.name)).toEqual(["spark-dist", "jvm-truststore"]);
    expect(envOf(lake.zeppelin).map((e) => e.name)).toContain("ZEPPELIN_INTP_JAVA_OPTS");
    expect(Object.keys(lake.conf).filter((key) => key.startsWith("spark.hadoop.hive.metastore."))).toEqual([
      "spark.hadoop.hive.metastore.uris",
    ]);
  });
});

describe("Zeppelin on a Spark image with the jars baked in", () => {
  const props: ZeppelinManifestProps = { ...zeppelinProps, platformCa: { secretName: "batch-platform-ca", lake: true } };
  const image = "registry.example.com/spark-delta:3.5.8-1";

  it("resolves no package and runs that image for the interpreter's Spark, the executors and their truststore", () => {
    const chart = newManifestChart("zeppelin", "explore");
    addZeppelin(chart, { ...props, sparkImage: image, packagesInImage: true });
    const objs = chart.toJson() as K8sObject[];
    const conf = sparkDefaults(objs);
    expect(Object.keys(conf).filter((key) => key.startsWith("spark.jars."))).toEqual([]);
    expect(conf["spark.kubernetes.container.image"]).toBe(image);
    const spec = podSpec(findObject(objs, "Deployment", "zeppelin"));
    const dist = (spec.initContainers as { name: string; image: string }[]).find((c) => c.name === "spark-dist");
    expect(dist?.image).toBe(image);
    const data = findObject(objs, "ConfigMap", "zeppelin-spark-conf").data as Record<string, string>;
    expect(data["executor-pod-template.yaml"]).toContain(`image: ${image}`);
    // The default: the pinned apache/spark, with Delta and hadoop-aws from Maven Central.
    const plain = newManifestChart("zeppelin", "explore");
    addZeppelin(plain, props);
    expect(sparkDefaults(plain.toJson() as K8sObject[])["spark.jars.packages"]).toBe(
      "io.delta:delta-spark_2.12:3.3.2,org.apache.hadoop:hadoop-aws:3.3.4",
    );
  });

  it("refuses packagesInImage without the image that has them", () => {
    expect(validateZeppelinArgs({ ...args, packagesInImage: true })).toEqual([
      "packagesInImage: got true without sparkImage; expected an image with the jars (the pinned apache/spark has none)",
    ]);
    expect(validateZeppelinArgs({ ...args, packagesInImage: true, sparkImage: image })).toEqual([]);
  });
});

describe("Zeppelin with its Spark packages from the lake's mirror", () => {
  const source = { bucket: "curated", prefix: "platform/spark-packages/0123456789ab" };
  const trust = { secretName: "batch-platform-ca", lake: true };
  function synth(platformCa?: ZeppelinManifestProps["platformCa"]) {
    const chart = newManifestChart("zeppelin", "explore");
    addZeppelin(chart, { ...zeppelinProps, packageSource: source, ...(platformCa ? { platformCa } : {}) });
    const objs = chart.toJson() as K8sObject[];
    return { objs, spec: podSpec(findObject(objs, "Deployment", "zeppelin")) };
  }

  it("copies the mirror's jars into the pod once its marker is there, and resolves nothing at start", () => {
    const { objs, spec } = synth(trust);
    const conf = sparkDefaults(objs);
    expect(conf["spark.jars"]).toBe("file:///opt/zeppelin/spark-packages/*.jar");
    expect(Object.keys(conf).filter((key) => key.startsWith("spark.jars."))).toEqual([]);
    const inits = spec.initContainers as Record<string, unknown>[];
    expect(inits.map((c) => c.name)).toEqual(["spark-dist", "jvm-truststore", "spark-packages"]);
    const copy = inits[2] as { image: string; args: string[]; volumeMounts: unknown[] };
    expect(copy.image).toBe("quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z");
    const from = `lake/curated/${source.prefix}`;
    const script = copy.args[0]!;
    expect(script).toContain(`until mc --config-dir /tmp/mc stat "${from}/_COMPLETE"`);
    expect(script).toContain(`mc --config-dir /tmp/mc mirror --overwrite "${from}/jars" /opt/zeppelin/spark-packages`);
    // Zeppelin's own lake keys (read on curated), and the platform CA where it signed the lake's certificate.
    expect(envOf(copy as unknown as Record<string, unknown>)).toEqual([
      {
        name: "AWS_ACCESS_KEY_ID",
        valueFrom: { secretKeyRef: { key: "AWS_ACCESS_KEY_ID", name: zeppelinProps.lakeCredentialsSecret } },
      },
      {
        name: "AWS_SECRET_ACCESS_KEY",
        valueFrom: { secretKeyRef: { key: "AWS_SECRET_ACCESS_KEY", name: zeppelinProps.lakeCredentialsSecret } },
      },
      {
        name: "MC_HOST_lake",
        value: zeppelinProps.lakeEndpoint.replace("://", "://$(AWS_ACCESS_KEY_ID):$(AWS_SECRET_ACCESS_KEY)@"),
      },
    ]);
    expect(copy.volumeMounts).toContainEqual({ mountPath: "/etc/batch-platform/lake-ca", name: "lake-ca", readOnly: true });
    expect(script).toContain("cp /etc/batch-platform/lake-ca/lake-ca.crt /tmp/mc/certs/CAs/");
    const zeppelin = (spec.containers as { volumeMounts: unknown[] }[])[0]!;
    expect(zeppelin.volumeMounts).toContainEqual({
      mountPath: "/opt/zeppelin/spark-packages",
      name: "spark-packages",
      readOnly: true,
    });
    expectRestrictedWorkloads(objs);
  });

  it("trusts only the image's roots for a lake certificate the platform CA did not sign", () => {
    const { spec } = synth({ ...trust, lake: false });
    const copy = (spec.initContainers as { name: string; volumeMounts: { name: string }[] }[]).find(
      (c) => c.name === "spark-packages",
    )!;
    expect(copy.volumeMounts.map((m) => m.name)).toEqual(["spark-packages", "tmp"]);
  });

  it("refuses the mirror together with jars in the image", () => {
    const image = "registry.example.com/spark-delta:3.5.8-1";
    expect(validateZeppelinArgs({ ...args, packagesInImage: true, sparkImage: image, packageSource: source })).toEqual([
      "packageSource: set with packagesInImage; expected one place for the jars (the image or the mirror)",
    ]);
  });
});

describe("Zeppelin with TLS and Shiro", () => {
  it("requires logins (Shiro from a Secret), keeps notebooks private, serves HTTPS from a PKCS#12 keystore", async () => {
    const capture = await mockPulumi();
    const tls = {
      issuer: { name: "batch-platform-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
      caBundle: { secretName: "batch-platform-ca", caKey: "ca.crt", pkcs12TruststoreKey: "truststore.p12", jksTruststoreKey: "truststore.jks", storePasswordSecretName: "batch-platform-tls-store", storePasswordKey: "password" },
    } as const;
    const zeppelin = new Zeppelin("zeppelin", { ...args, tls });
    const objs = await configGroupObjs(capture, "zeppelin-manifests");
    const deployment = findObject(objs, "Deployment", "zeppelin");
    const container = containersOf(podSpec(deployment)).find((c) => c.name === "zeppelin")!;
    const env = Object.fromEntries(envOf(container).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({ ZEPPELIN_NOTEBOOK_PUBLIC: "false", ZEPPELIN_SSL: "true", ZEPPELIN_SSL_PORT: "8443", ZEPPELIN_SSL_KEYSTORE_TYPE: "PKCS12" });
    // Zeppelin reads no such variable since 0.9: the mounted shiro.ini is what turns anonymous access off.
    expect(env.ZEPPELIN_ANONYMOUS_ALLOWED).toBeUndefined();
    // Local run mode: with the pod's service account token, "auto" would launch interpreters as pods of their own.
    expect(env.ZEPPELIN_RUN_MODE).toBe("local");
    expect(env.ZEPPELIN_SSL_KEYSTORE_PASSWORD).toEqual({ secretKeyRef: { name: "batch-platform-tls-store", key: "password" } });
    expect(JSON.stringify(container)).toContain('"subPath":"shiro.ini"');
    expect(zeppelin.listeners.map((l) => `${l.port}:${l.tls}:${l.authentication}`)).toEqual(["8443:tls:shiro"]);
    expect(await valueOf(zeppelin.url)).toBe("https://zeppelin.explore.svc.cluster.local:8443");
    const cert = (await configGroupObjs(capture, "zeppelin-tls"))[0] as unknown as { spec: { keystores: { pkcs12: unknown } } };
    expect(cert.spec.keystores.pkcs12).toEqual({ create: true, passwordSecretRef: { name: "batch-platform-tls-store", key: "password" }, profile: "Modern2023" });
  });

  it("writes a shiro.ini without anonymous access, the admin role guarding interpreters and credentials", () => {
    const ini = shiroIni({ admin: "a", analyst: "b" });
    expect(ini).toContain("admin = a, admin\nanalyst = b, user");
    expect(ini).toContain("/api/interpreter/** = authc, roles[admin]");
    expect(ini.trim().endsWith("/** = authc")).toBe(true);
  });
});
