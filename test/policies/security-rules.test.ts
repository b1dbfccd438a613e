import { describe, expect, it } from "vitest";
import { listenerAuthentication } from "../../policies/rules/listener-authentication";
import { listenerTls } from "../../policies/rules/listener-tls";
import { noOpenCidr } from "../../policies/rules/no-open-cidr";
import { noPublicNetworkAccess } from "../../policies/rules/no-public-network-access";
import { noRootLakeCredentials } from "../../policies/rules/no-root-lake-credentials";
import { noSecretsInPlainInputs } from "../../policies/rules/no-secrets-in-plain-inputs";
import { protectedDataResources } from "../../policies/rules/protected-data-resources";
import { restrictedSecurityContext } from "../../policies/rules/restricted-security-context";
import { PACK_RULES } from "../../policies/rules/packs";
import * as f from "../fixtures/policies/resources";
import * as s from "../fixtures/policies/security-resources";
import { stackViolations, violations } from "./check";

/** How policies/config names YSQL's metrics server in `listener-authentication.allowed`. */
const YSQL_METRICS = "chart yugabyte YSQL metrics server";

describe("security pack", () => {
  it("registers its eight rules, all in the security pack", () => {
    expect(PACK_RULES.security.map((r) => [r.name, r.pack])).toEqual(
      [
        "listener-tls",
        "listener-authentication",
        "no-root-lake-credentials",
        "no-secrets-in-plain-inputs",
        "restricted-security-context",
        "protected-data-resources",
        "no-public-network-access",
        "no-open-cidr",
      ].map((n) => [n, "security"]),
    );
  });
});

describe("listener-tls", () => {
  it("passes TLS listeners: Strimzi, Trino, YugabyteDB, an annotated Service", () => {
    for (const r of [s.kafka(), s.trinoChart(), s.yugabyteChart(), s.annotatedService()])
      expect(violations(listenerTls, r), r.name).toEqual([]);
  });
  it("reports the plain HTTP port Trino keeps beside HTTPS unless a config property turns it off", () => {
    const both = f.withField(s.trinoChart(), "values.additionalConfigProperties", [
      "internal-communication.https.required=true",
    ]);
    expect(violations(listenerTls, both)).toEqual([
      "chart trino plain HTTP (service.port, beside HTTPS) serves no TLS; to comply, issue it a certificate from the platform CA (batch-platform:oss.tls) and turn TLS on.",
    ]);
    expect(violations(listenerTls, both, { allowed: ["chart trino plain HTTP"] })).toEqual([]);
  });
  it("reports a plain Strimzi listener, Trino over HTTP, YugabyteDB without node-to-node TLS and an undeclared Service port", () => {
    expect(
      violations(
        listenerTls,
        f.withField(s.kafka(), "spec.kafka.listeners", [{ name: "plain", port: 9092, type: "internal", tls: false }]),
      ),
    ).toEqual([
      "Kafka/serving/events listener plain (9092) serves no TLS; to comply, issue it a certificate from the platform CA (batch-platform:oss.tls) and turn TLS on.",
    ]);
    expect(
      violations(listenerTls, f.withField(s.trinoChart(), "values.server.config.https", { enabled: false })),
    ).toHaveLength(1);
    expect(violations(listenerTls, f.withField(s.yugabyteChart(), "values.tls.nodeToNode", false))[0]).toMatch(
      /^chart yugabyte node-to-node RPC/,
    );
    expect(violations(listenerTls, f.service())).toEqual([
      "Service/query/trino port 8080 (no batch-platform.io/listeners entry) serves no TLS; to comply, issue it a certificate from the platform CA (batch-platform:oss.tls) and turn TLS on.",
    ]);
  });
  it("lets an environment allow a listener by its description", () => {
    expect(violations(listenerTls, f.service(), { allowed: ["Service/query/trino"] })).toEqual([]);
  });
  it("reports YugabyteDB status pages that listen beyond loopback (they have neither TLS nor a login)", () => {
    const open = f.withField(s.yugabyteChart(), "values.gflags.master", { webserver_interface: "0.0.0.0" });
    expect(violations(listenerTls, open)).toEqual([
      "chart yugabyte master status pages (gflags.master.webserver_interface) serves no TLS; to comply, issue it a certificate from the platform CA (batch-platform:oss.tls) and turn TLS on.",
    ]);
    expect(violations(listenerAuthentication, open, { allowed: [YSQL_METRICS] })).toEqual([
      "chart yugabyte master status pages (gflags.master.webserver_interface) requires no authentication; to comply, configure passwords, SCRAM, client certificates or JWTs on it.",
    ]);
  });
  it("reports YSQL's metrics server without the tservers' webserver certificate", () => {
    const tserver = { ysql_enable_auth: true, use_cassandra_authentication: true, webserver_interface: "127.0.0.1" };
    const plain = f.withField(s.yugabyteChart(), "values.gflags.tserver", tserver);
    expect(violations(listenerTls, plain)).toEqual([
      "chart yugabyte YSQL metrics server (gflags.tserver.webserver_certificate_file) serves no TLS; to comply, issue it a certificate from the platform CA (batch-platform:oss.tls) and turn TLS on.",
    ]);
    expect(violations(listenerTls, f.withField(s.yugabyteChart(), "values.disableYsql", true))).toEqual([]);
  });
});

describe("listener-authentication", () => {
  it("passes listeners that require SCRAM, passwords or Shiro", () => {
    for (const r of [s.kafka(), s.annotatedService()])
      expect(violations(listenerAuthentication, r), r.name).toEqual([]);
    // YSQL's metrics server has no login to turn on: allowed by name in every environment.
    expect(violations(listenerAuthentication, s.yugabyteChart(), { allowed: [YSQL_METRICS] })).toEqual([]);
    expect(violations(listenerAuthentication, s.trinoChart())).toEqual([]);
  });
  it("reports YSQL's metrics server, which has no login, unless the environment allows it", () => {
    expect(violations(listenerAuthentication, s.yugabyteChart())).toEqual([
      "chart yugabyte YSQL metrics server (gflags.tserver.webserver_certificate_file) requires no authentication; to comply, configure passwords, SCRAM, client certificates or JWTs on it.",
    ]);
  });
  it("reports an unauthenticated Strimzi listener, Trino without an authentication type, YSQL without auth", () => {
    expect(
      violations(
        listenerAuthentication,
        f.withField(s.kafka(), "spec.kafka.listeners", [{ name: "tls", port: 9093, type: "internal", tls: true }]),
      ),
    ).toEqual([
      "Kafka/serving/events listener tls (9093) requires no authentication; to comply, configure passwords, SCRAM, client certificates or JWTs on it.",
    ]);
    const anonymous = f.withField(s.trinoChart(), "values.server.config.authenticationType", "");
    expect(violations(listenerAuthentication, anonymous)).toEqual([
      "chart trino HTTP(S) server (server.config.https, server.config.authenticationType) requires no authentication; to comply, configure passwords, SCRAM, client certificates or JWTs on it.",
    ]);
    expect(
      violations(
        listenerAuthentication,
        f.withField(s.yugabyteChart(), "values.gflags.tserver", { use_cassandra_authentication: true }),
      )[0],
    ).toMatch(/^chart yugabyte YSQL/);
    const open = f.withField(s.annotatedService(), "metadata.annotations", {
      "batch-platform.io/listeners": '[{"port":8443,"tls":"tls","authentication":"none"}]',
    });
    expect(violations(listenerAuthentication, open)).toHaveLength(1);
  });
});

describe("no-root-lake-credentials", () => {
  it("passes consumers reading their own lake credentials", () => {
    expect(
      stackViolations(noRootLakeCredentials, [
        s.minioChartWithRoot(),
        s.lakeConsumer("trino"),
        s.lakeConsumer("zeppelin"),
      ]),
    ).toEqual([]);
  });
  it("reports a workload reading the root Secret and a credentials Secret two components share", () => {
    const root = s.lakeConsumer("trino", "lake-root-credentials");
    const shared = [
      s.lakeConsumer("trino", "shared-lake-credentials"),
      s.lakeConsumer("zeppelin", "shared-lake-credentials"),
    ];
    expect(stackViolations(noRootLakeCredentials, [s.minioChartWithRoot(), root]).map((v) => v.message)).toEqual([
      "Deployment/query/trino spec.template.spec reads the lake's root credentials Secret lake-root-credentials; to comply, give the workload its own lake identity with grants for the zones it needs (DataLake.grant).",
    ]);
    expect(stackViolations(noRootLakeCredentials, [s.minioChartWithRoot(), ...shared])).toEqual([
      {
        urn: shared[0].urn,
        message:
          "lake credentials Secret query/shared-lake-credentials is shared by trino, zeppelin; to comply, give the workload its own lake identity with grants for the zones it needs (DataLake.grant).",
      },
    ]);
  });
});

describe("no-root-lake-credentials and the lake's own setup Job", () => {
  /** The Job that creates buckets, users and policies with the root key (the chart hook's stand-in). */
  const setup = (namespace: string) =>
    f.withField(
      f.withField(s.lakeConsumer("lake-setup", "lake-root-credentials"), "metadata.namespace", namespace),
      "metadata.labels",
      { "app.kubernetes.io/component": "lake-setup" },
    );

  it("passes it in the lake release's namespace", () => {
    expect(stackViolations(noRootLakeCredentials, [s.minioChartWithRoot(), setup("lake")])).toEqual([]);
  });
  it("reports the same workload anywhere else", () => {
    expect(stackViolations(noRootLakeCredentials, [s.minioChartWithRoot(), setup("query")]).map((v) => v.message)).toEqual([
      "Deployment/query/lake-setup spec.template.spec reads the lake's root credentials Secret lake-root-credentials; to comply, give the workload its own lake identity with grants for the zones it needs (DataLake.grant).",
    ]);
  });
});

describe("no-root-lake-credentials and Spark's jobs", () => {
  /** A SparkApplication whose driver (role env) and init container read the engine's lake keys. */
  const job = (name: string, serviceAccount: string, secret = "spark-lake-credentials") => {
    const env = [{ name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: secret, key: "AWS_ACCESS_KEY_ID" } } }];
    const app = f.withField(f.withField(f.sparkApplication(), "metadata.name", name), "metadata.namespace", "processing");
    return f.withField(app, "spec.driver", { serviceAccount, env, initContainers: [{ name: "spark-packages", env }] });
  };

  it("counts the jobs of one driver service account as one identity, whatever their names", () => {
    expect(stackViolations(noRootLakeCredentials, [job("orders-load", "spark"), job("orders-process", "spark")])).toEqual(
      [],
    );
  });
  it("reports the engine's keys read by another workload, and the root Secret in a driver's env", () => {
    const other = f.withField(s.lakeConsumer("notebook", "spark-lake-credentials"), "metadata.namespace", "processing");
    expect(
      stackViolations(noRootLakeCredentials, [job("orders-load", "spark"), other]).map((v) => v.message),
    ).toEqual([
      "lake credentials Secret processing/spark-lake-credentials is shared by notebook, the Spark jobs of service account spark; to comply, give the workload its own lake identity with grants for the zones it needs (DataLake.grant).",
    ]);
    const rooted = job("orders-load", "spark", "lake-root-credentials");
    expect(stackViolations(noRootLakeCredentials, [s.minioChartWithRoot(), rooted]).map((v) => v.message)[0]).toMatch(
      /^SparkApplication\/processing\/orders-load spec\.driver reads the lake's root credentials Secret lake-root-credentials/,
    );
  });
});

describe("no-secrets-in-plain-inputs", () => {
  it("passes plain values, Secrets and a provider's kubeconfig", () => {
    expect(
      violations(noSecretsInPlainInputs, s.configMap({ "catalog.properties": "connector.name=delta_lake" })),
    ).toEqual([]);
    const secret = f.resource("kubernetes:core/v1:Secret", "s", {
      kind: "Secret",
      stringData: { password: "[secret]" },
    });
    expect(violations(noSecretsInPlainInputs, secret)).toEqual([]);
    expect(
      violations(
        noSecretsInPlainInputs,
        f.resource("pulumi:providers:kubernetes", "cluster", { kubeconfig: "[secret]" }),
      ),
    ).toEqual([]);
  });
  it("reports a secret in a label and in ConfigMap data", () => {
    const labelled = f.withField(s.configMap({ a: "[secret]" }), "metadata.labels", { owner: "[secret]" });
    expect(violations(noSecretsInPlainInputs, labelled)).toEqual([
      "ConfigMap/query/settings input metadata.labels.owner holds a secret value in a plain field; to comply, put it in a Secret and reference the Secret by name.",
      "ConfigMap/query/settings input data.a holds a secret value in a plain field; to comply, put it in a Secret and reference the Secret by name.",
    ]);
  });
});

describe("restricted-security-context", () => {
  it("passes a container restricted on its own or through its pod", () => {
    expect(violations(restrictedSecurityContext, s.lakeConsumer("trino"), { readOnlyRootFilesystem: true })).toEqual(
      [],
    );
  });
  it("reports what a container lacks", () => {
    const loose = f.withField(s.lakeConsumer("trino"), "spec.template.spec.securityContext", {});
    expect(violations(restrictedSecurityContext, loose)).toEqual([]);
    expect(violations(restrictedSecurityContext, f.deployment(), { readOnlyRootFilesystem: true })).toEqual([
      "Deployment/notebook/zeppelin spec.template.spec.containers[0] (zeppelin) lacks runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL], seccompProfile.type: RuntimeDefault, readOnlyRootFilesystem: true; to comply, set them in its securityContext.",
    ]);
  });
});

describe("protected-data-resources", () => {
  it("passes protected volumes and a Cloud SQL instance with deletion protection", () => {
    expect(violations(protectedDataResources, { ...f.persistentVolumeClaim(), opts: { protect: true } })).toEqual([]);
    expect(violations(protectedDataResources, s.cloudSql())).toEqual([]);
    expect(violations(protectedDataResources, f.deployment())).toEqual([]);
  });
  it("reports an unprotected claim and a database without deletion protection", () => {
    expect(violations(protectedDataResources, f.persistentVolumeClaim())).toEqual([
      "PersistentVolumeClaim/notebook/notebooks holds a persistent volume claim (its volume is deleted with it unless the reclaim policy retains it) and is not protected; to comply, set protect (batch-platform:protectData) or its deletion protection.",
    ]);
    expect(violations(protectedDataResources, f.withField(s.cloudSql(), "deletionProtection", false))).toHaveLength(1);
  });
});

describe("no-public-network-access", () => {
  it("passes private storage, a private Cloud SQL instance and MinIO buckets without anonymous policies", () => {
    for (const r of [
      s.privateStorageAccount(),
      s.cloudSql(),
      s.minioChartWithRoot(),
      f.withField(f.gcsBucket("landing"), "publicAccessPrevention", "enforced"),
    ]) {
      expect(violations(noPublicNetworkAccess, r), r.name).toEqual([]);
    }
  });
  it("reports blob public access, a public IP, a public bucket policy and a grant to allUsers", () => {
    expect(
      violations(noPublicNetworkAccess, f.withField(s.privateStorageAccount(), "allowBlobPublicAccess", true)),
    ).toEqual([
      "azure-native:storage:StorageAccount lake: allowBlobPublicAccess is not false; to comply, keep it private (private endpoints, no public grants).",
    ]);
    expect(
      violations(noPublicNetworkAccess, f.withField(s.cloudSql(), "settings.ipConfiguration.ipv4Enabled", true)),
    ).toHaveLength(1);
    expect(
      violations(
        noPublicNetworkAccess,
        f.withField(s.minioChartWithRoot(), "values.buckets", [{ name: "curated", policy: "download" }]),
      ),
    ).toEqual(["chart minio bucket curated has policy download (anonymous access); to comply, set policy none."]);
    const member = f.resource("gcp:storage/bucketIAMMember:BucketIAMMember", "public", {
      bucket: "curated",
      role: "roles/storage.objectViewer",
      member: "allUsers",
    });
    expect(violations(noPublicNetworkAccess, member)).toHaveLength(1);
  });
});

describe("no-open-cidr", () => {
  it("passes narrow ranges, and HTTPS egress excluding private ranges where the environment allows it", () => {
    expect(violations(noOpenCidr, s.networkPolicy("10.20.0.0/28"))).toEqual([]);
    expect(
      violations(noOpenCidr, s.networkPolicy("0.0.0.0/0", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]), {
        allowHttpsEgress: true,
      }),
    ).toEqual([]);
  });
  it("reports 0.0.0.0/0 in a NetworkPolicy and in a firewall's source ranges", () => {
    expect(violations(noOpenCidr, s.networkPolicy("0.0.0.0/0"), { allowHttpsEgress: true })).toEqual([
      "NetworkPolicy/processing/allow-https-out input spec.egress[0].to[0].ipBlock.cidr is 0.0.0.0/0 (anywhere); to comply, narrow it to the addresses that need access.",
    ]);
    const firewall = f.resource("gcp:compute/firewall:Firewall", "ssh", { sourceRanges: ["::/0"] });
    expect(violations(noOpenCidr, firewall)).toEqual([
      "gcp:compute/firewall:Firewall ssh input sourceRanges[0] is ::/0 (anywhere); to comply, narrow it to the addresses that need access.",
    ]);
  });
});
