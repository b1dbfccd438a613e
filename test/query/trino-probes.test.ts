import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { TRINO_HTTPS_PROBE, trinoProbesOverHttps, withHttpsLivenessProbes } from "../../components/query/trino-probes";
import { transformArgs } from "../helpers/transform-args";

/**
 * A Deployment as chart 1.42.2 renders it (templates/deployment-coordinator.yaml and
 * deployment-worker.yaml, read at tags trino-1.42.0 and trino-1.42.2): the Trino container declares
 * `http` and, with HTTPS on, `https`; its liveness probe is `httpGet /v1/info` on `http`, its
 * readiness probe and (from 1.42.2) its startup probe the image's health-check; sidecars (the
 * metastore proxy) come after it.
 */
function chartDeployment(role: "coordinator" | "worker") {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `trino-${role}`, namespace: "query" },
    spec: {
      replicas: 1,
      template: {
        metadata: { labels: { "app.kubernetes.io/component": role } },
        spec: {
          containers: [
            {
              name: `trino-${role}`,
              image: "trinodb/trino:483",
              ports: [
                { name: "http", containerPort: 8080, protocol: "TCP" },
                { name: "https", containerPort: 8443, protocol: "TCP" },
              ],
              livenessProbe: {
                httpGet: { path: "/v1/info", port: "http" },
                initialDelaySeconds: 30,
                periodSeconds: 10,
                timeoutSeconds: 5,
                failureThreshold: 6,
                successThreshold: 1,
              },
              readinessProbe: { exec: { command: ["/usr/lib/trino/bin/health-check"] }, periodSeconds: 10 },
              startupProbe: { exec: { command: ["/usr/lib/trino/bin/health-check"] }, failureThreshold: 60 },
            },
            { name: "metastore-proxy", image: "ghostunnel/ghostunnel:v1.8.4" },
          ],
        },
      },
    },
  };
}

type Deployment = ReturnType<typeof chartDeployment>;

const probeArgs = (type: string, props: pulumi.Inputs) => transformArgs(type, props, { ignoreChanges: ["status"] });

describe("withHttpsLivenessProbes", () => {
  for (const role of ["coordinator", "worker"] as const) {
    it(`moves the ${role}'s liveness probe to HTTPS on 8443, keeping its timings`, () => {
      const moved = withHttpsLivenessProbes(chartDeployment(role)) as Deployment;
      const [trino, proxy] = moved.spec.template.spec.containers;
      expect(trino!.livenessProbe).toEqual({
        httpGet: { path: "/v1/info", port: 8443, scheme: "HTTPS" },
        initialDelaySeconds: 30,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 6,
        successThreshold: 1,
      });
      // The readiness probe (the health-check reads http-server.http.enabled), ports and sidecars stay.
      expect(trino!.readinessProbe).toEqual(chartDeployment(role).spec.template.spec.containers[0]!.readinessProbe);
      expect(trino!.startupProbe).toEqual(chartDeployment(role).spec.template.spec.containers[0]!.startupProbe);
      expect(trino!.ports).toEqual(chartDeployment(role).spec.template.spec.containers[0]!.ports);
      expect(proxy).toEqual({ name: "metastore-proxy", image: "ghostunnel/ghostunnel:v1.8.4" });
      expect({ ...moved, spec: { ...moved.spec, template: undefined } }).toEqual({
        ...chartDeployment(role),
        spec: { ...chartDeployment(role).spec, template: undefined },
      });
    });
  }

  it("leaves its input untouched (the engine's props are not mutated)", () => {
    const input = chartDeployment("worker");
    withHttpsLivenessProbes(input);
    expect(input).toEqual(chartDeployment("worker"));
  });

  it("changes nothing where no container probes the chart's http port", () => {
    const deployment = chartDeployment("coordinator");
    const [trino] = deployment.spec.template.spec.containers;
    const elsewhere = { ...trino!, livenessProbe: { httpGet: { path: "/healthz", port: "http" } } };
    const other = { ...deployment, spec: { template: { spec: { containers: [elsewhere] } } } };
    expect(withHttpsLivenessProbes(other)).toBeUndefined();
    expect(withHttpsLivenessProbes({ kind: "Deployment", spec: {} })).toBeUndefined();
    expect(TRINO_HTTPS_PROBE).toEqual({ path: "/v1/info", port: 8443, scheme: "HTTPS" });
  });
});

describe("trinoProbesOverHttps", () => {
  it("rewrites the chart's Deployments and keeps their resource options", async () => {
    const result = await trinoProbesOverHttps(
      probeArgs("kubernetes:apps/v1:Deployment", chartDeployment("coordinator")),
    );
    expect(result?.opts).toEqual({ ignoreChanges: ["status"] });
    const [trino] = (result!.props as Deployment).spec.template.spec.containers;
    expect(trino?.livenessProbe?.httpGet).toEqual(TRINO_HTTPS_PROBE);
  });

  it("passes every other rendered object through", async () => {
    expect(
      await trinoProbesOverHttps(probeArgs("kubernetes:core/v1:Service", { spec: { ports: [] } })),
    ).toBeUndefined();
    // A StatefulSet with the same probe is not the chart's: left alone.
    const statefulSet = { ...chartDeployment("worker"), kind: "StatefulSet" };
    expect(await trinoProbesOverHttps(probeArgs("kubernetes:apps/v1:StatefulSet", statefulSet))).toBeUndefined();
  });
});
