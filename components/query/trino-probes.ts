import type * as pulumi from "@pulumi/pulumi";
import { editRenderedContainers, isPlainObject, type PlainObject } from "../k8s/rendered-containers";
import { TRINO_HTTPS_PORT } from "./trino-security";

/** The chart's probe target (charts 1.42.0–1.42.2: `httpGet` on `/v1/info`, port `http`, both Deployments). */
const CHART_PROBE_PORT = "http";
const PROBE_PATH = "/v1/info";

/** What the liveness probes call once plain HTTP is off; the kubelet does not verify HTTPS probes. */
export const TRINO_HTTPS_PROBE = { path: PROBE_PATH, port: TRINO_HTTPS_PORT, scheme: "HTTPS" } as const;

/** A copy of `container` whose liveness probe calls HTTPS, or undefined when it does not call the chart's port. */
function httpsProbeContainer(container: PlainObject): PlainObject | undefined {
  if (!isPlainObject(container.livenessProbe)) return undefined;
  const httpGet = container.livenessProbe.httpGet;
  if (!isPlainObject(httpGet) || httpGet.port !== CHART_PROBE_PORT || httpGet.path !== PROBE_PATH) return undefined;
  return { ...container, livenessProbe: { ...container.livenessProbe, httpGet: { ...httpGet, ...TRINO_HTTPS_PROBE } } };
}

/**
 * The Deployment with every container's liveness probe moved from the chart's plain HTTP port to
 * HTTPS, or undefined when no container probes that port (nothing to change).
 */
export function withHttpsLivenessProbes(deployment: PlainObject): PlainObject | undefined {
  return editRenderedContainers(deployment, ["containers"], httpsProbeContainer);
}

/**
 * A Pulumi transform for the Trino chart: with `http-server.http.enabled=false` nothing listens on
 * the chart's `http` port, which its liveness probes call (hard-coded in chart 1.42.0's and 1.42.2's templates, so
 * no value reaches it). The engine runs it on every resource the chart renders (Chart v4 is a packaged
 * component: transforms reach its children; the older transformations do not).
 */
export const trinoProbesOverHttps: pulumi.ResourceTransform = (args) => {
  if (args.type !== "kubernetes:apps/v1:Deployment") return undefined;
  const props = withHttpsLivenessProbes(args.props);
  return props ? { props, opts: args.opts } : undefined;
};
