import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Listener } from "../../components/k8s/listener";
import { insecureListeners } from "../../components/k8s/listener";
import { plannedKubernetesObjects } from "../../infra/plan/kubernetes-objects";
import { listStacks } from "../../infra/plan/stack-file";
import { ROOT } from "../helpers/cli";
import { sharedPlan } from "../helpers/plans";

/**
 * Listeners that do not have TLS or authentication yet, as `component/name: what is missing`, with
 * why. Each is in docs/security.md ("Listeners", known gaps); the listener rules allow the ones the
 * security pack can see by name in policies/config. The test fails when one is fixed (remove it) or
 * a new one appears.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  "yugabytedb/ysql-metrics: no authentication": "YugabyteDB's embedded webservers have no working login",
  "cloud-sql-proxy/postgres: no TLS": "the proxy's in-namespace hop; proxy to Cloud SQL is TLS",
  "cloud-sql-proxy/postgres: no authentication": "the proxy logs in with its IAM identity for any caller",
};

const gap = (line: string) => line.replace(/ \([^)]*\)/, "");

type PolicyPort = { protocol?: string; port?: number | string; endPort?: number };
type PolicySpec = { ingress?: { ports?: PolicyPort[] }[] };

/** Whether an ingress rule of the policy lets traffic in on the TCP port (a rule without ports: every port). */
function admits(spec: PolicySpec, port: number): boolean {
  return (spec.ingress ?? []).some(
    (rule) =>
      rule.ports === undefined ||
      rule.ports.some(
        (p) =>
          (p.protocol ?? "TCP") === "TCP" &&
          (p.port === undefined ||
            p.port === port ||
            (typeof p.port === "number" && p.port <= port && port <= (p.endPort ?? p.port))),
      ),
  );
}

describe("the listener inventory of the staging and prod plans", () => {
  const stacks = listStacks(join(ROOT, "stacks")).filter((stack) => !stack.endsWith("-dev"));
  const listenersOf = (stack: string) => (sharedPlan(stack).outputs.listeners ?? []) as unknown as Listener[];

  it.each(stacks.filter((stack) => !stack.startsWith("azure")))(
    "%s: every listener is described, with its TLS and authentication",
    (stack) => {
      const listeners = listenersOf(stack);
      expect(listeners.length, stack).toBeGreaterThan(0);
      for (const listener of listeners) {
        expect(listener.port, `${listener.component}/${listener.name}`).toBeGreaterThan(0);
        expect(["none", "tls", "mtls"]).toContain(listener.tls);
        if (listener.tls !== "none")
          expect(listener.certificate, `${listener.component}/${listener.name}`).not.toBe("");
      }
      const keys = listeners.map((l) => `${l.namespace}/${l.service}:${l.port}`);
      expect(new Set(keys).size, `${stack}: one entry per Service port`).toBe(keys.length);
    },
  );

  it.each(stacks)("%s: has TLS and authentication on every listener but the known gaps", (stack) => {
    const missing = insecureListeners(listenersOf(stack)).map(gap);
    expect(
      missing.filter((line) => KNOWN_GAPS[line] === undefined),
      stack,
    ).toEqual([]);
  });

  it("lists only gaps that still exist", () => {
    const found = new Set(stacks.flatMap((stack) => insecureListeners(listenersOf(stack)).map(gap)));
    expect(Object.keys(KNOWN_GAPS).filter((line) => !found.has(line))).toEqual([]);
  });

  it("oss-prod: TLS on all 15 listeners and authentication on 14 (the figures docs/security.md states)", () => {
    const listeners = listenersOf("oss-prod");
    expect(listeners).toHaveLength(15);
    expect(listeners.filter((l) => l.tls === "none").map((l) => `${l.component}/${l.name}`)).toEqual([]);
    expect(listeners.filter((l) => l.authentication === "none").map((l) => `${l.component}/${l.name}`)).toEqual([
      "yugabytedb/ysql-metrics",
    ]);
    // The UIs and APIs people use: all behind TLS and a login.
    const people = listeners.filter(
      (l) =>
        ["airflow", "trino", "zeppelin", "kafka", "minio"].includes(l.component) &&
        l.kind !== "internal" &&
        l.authorization.startsWith("sealed") === false,
    );
    expect(people.map((l) => `${l.component}/${l.name}:${l.tls}:${l.authentication}`)).toEqual([
      "minio/s3:tls:s3-signature",
      "minio/console:tls:password",
      "airflow/api-server:tls:airflow-auth-manager",
      "kafka/tls:tls:scram-sha-512",
      "trino/https:tls:password",
      "zeppelin/https:tls:shiro",
    ]);
    // Node-to-node Trino and the sample microservice: encrypted too.
    const more = listeners.filter(
      (l) => (l.component === "trino" && l.kind === "internal") || l.component === "orders-api",
    );
    expect(more.map((l) => `${l.component}/${l.name}:${l.port}:${l.tls}:${l.authentication}`)).toEqual([
      "trino/https-internal:8443:tls:jwt",
      "orders-api/https:8443:tls:jwt",
    ]);
    // YugabyteDB's status pages listen on loopback only: no listener on 7000 or 9000.
    const yugabyte = listeners.filter((l) => l.component === "yugabytedb");
    expect(yugabyte.map((l) => `${l.name}:${l.port}`)).toEqual([
      "ysql:5433",
      "ycql:9042",
      "tserver-rpc:9100",
      "master-rpc:7100",
      "ysql-metrics:13000",
    ]);
  });

  it.each(stacks.filter((stack) => stack.startsWith("oss")))(
    "%s: Trino serves HTTPS only, its chart's liveness probes moved to HTTPS by the chart's transform",
    (stack) => {
      const chart = sharedPlan(stack).resources.find(
        (r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === "trino",
      );
      expect(chart?.options.transforms).toEqual(["trinoProbesOverHttps"]);
      expect(chart?.inputs.values).toMatchObject({
        server: { config: { https: { enabled: true, port: 8443 } } },
        additionalConfigProperties: expect.arrayContaining(["http-server.http.enabled=false"]),
      });
      expect(listenersOf(stack).filter((l) => l.component === "trino" && l.tls === "none")).toEqual([]);
    },
  );

  it.each(stacks.filter((stack) => stack.startsWith("oss")))(
    "%s: no NetworkPolicy admits a pod to YSQL's metrics server",
    (stack) => {
      // Every listener the inventory calls sealed, and only that one.
      const sealed = listenersOf(stack).filter((l) => l.authorization.startsWith("sealed"));
      expect(sealed.map((l) => `${l.component}:${l.port}`)).toEqual(["yugabytedb:13000"]);
      const policies = plannedKubernetesObjects(sharedPlan(stack)).filter((o) => o.kind === "NetworkPolicy");
      for (const { namespace, port } of sealed) {
        const here = policies.filter((p) => (p.object.metadata as { namespace?: string }).namespace === namespace);
        expect(here.map((p) => (p.object.metadata as { name: string }).name)).toContain("allow-same-namespace");
        const admitting = here.filter((p) => admits(p.object.spec as PolicySpec, port));
        expect(admitting.map((p) => p.label), `${stack}: ${namespace}:${port}`).toEqual([]);
      }
    },
  );

  it.each(stacks.filter((stack) => stack.startsWith("oss")))(
    "%s: the metastore serves Thrift with mutual TLS to Spark's drivers, Trino and Zeppelin only",
    (stack) => {
      const thrift = listenersOf(stack).find((l) => l.component === "hive-metastore" && l.name === "thrift");
      expect(thrift).toMatchObject({
        port: 9083,
        tls: "mtls",
        certificate: "cert-manager Certificate hive-metastore-tls (ghostunnel proxy in the pod)",
        authentication: "client-certificate",
        authorization: "only the client certificates of processing/spark-driver, query/trino, explore/zeppelin (URI SAN)",
      });
    },
  );

  it.each(stacks)("%s: the security pack's listener rules report nothing blocking", (stack) => {
    const findings = sharedPlan(stack).findings.filter(
      (f) => f.source.startsWith("security/listener-") && f.enforcement === "mandatory",
    );
    expect(findings.map((f) => f.message)).toEqual([]);
  });
});
