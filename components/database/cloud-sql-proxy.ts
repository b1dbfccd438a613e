import { Duration, type Chart } from "cdk8s";
import * as kplus from "cdk8s-plus-34";
import { listenersAnnotation, type Listener } from "../k8s/listener";
import { containerResources, placeAndHarden, restrictedContainer, restrictedPod, selectorLabels, workloadLabels } from "../k8s/workload-defaults";

/** Pinned Cloud SQL Auth Proxy v2 (distroless, runs as the nonroot user 65532). */
export const CLOUD_SQL_PROXY_IMAGE = "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.26.0";
export const CLOUD_SQL_PROXY_PORT = 5432;

const HEALTH_PORT = 9090;
const NONROOT_UID = 65532;

export interface CloudSqlProxyProps {
  readonly name: string;
  /** `project:region:instance`. */
  readonly connectionName: string;
  readonly replicas: number;
  /** Workload identity annotations of its ServiceAccount. */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace: string;
}

/**
 * Adds a Cloud SQL Auth Proxy to `chart`: its ServiceAccount, a Deployment that connects to the
 * instance's private address over TLS and logs in with the account's IAM identity, and a ClusterIP
 * Service for the clients in the namespace. It runs on the system pool.
 */
/**
 * The proxy's listener as it is: plain PostgreSQL inside the namespace (the proxy's own hop to Cloud
 * SQL is TLS), no login asked of the client (the proxy logs in with its IAM identity); only Airflow's
 * pods reach it (NetworkPolicy). Listed so the inventory and the security pack show it.
 */
export function cloudSqlProxyListener(name: string, namespace: string): Listener {
  return {
    component: "cloud-sql-proxy",
    name: "postgres",
    kind: "database",
    namespace,
    service: name,
    port: CLOUD_SQL_PROXY_PORT,
    tls: "none",
    certificate: "",
    authentication: "none",
    authorization: "IAM login of the proxy's Google account; the namespace's NetworkPolicy",
  };
}

export function addCloudSqlProxy(chart: Chart, props: CloudSqlProxyProps): void {
  const labels = workloadLabels(props.name, "database-proxy", props.labels);
  const serviceAccount = new kplus.k8s.KubeServiceAccount(chart, "service-account", {
    metadata: { name: props.name, labels, annotations: { ...props.serviceAccountAnnotations } },
  });
  const deployment = new kplus.Deployment(chart, "deployment", {
    metadata: { name: props.name, labels },
    replicas: props.replicas,
    select: false,
    podMetadata: { labels },
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, "proxy-account", serviceAccount.name),
    automountServiceAccountToken: true,
    securityContext: restrictedPod(NONROOT_UID),
    containers: [
      {
        name: "cloud-sql-proxy",
        image: CLOUD_SQL_PROXY_IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        args: [
          "--auto-iam-authn",
          "--private-ip",
          "--structured-logs",
          "--address=0.0.0.0",
          `--port=${CLOUD_SQL_PROXY_PORT}`,
          "--health-check",
          "--http-address=0.0.0.0",
          `--http-port=${HEALTH_PORT}`,
          props.connectionName,
        ],
        ports: [{ number: CLOUD_SQL_PROXY_PORT, name: "postgres" }, { number: HEALTH_PORT, name: "health" }],
        securityContext: restrictedContainer(NONROOT_UID, true),
        resources: containerResources({ cpu: "100m", memory: "128Mi", memoryLimit: "256Mi" }),
        readiness: kplus.Probe.fromHttpGet("/readiness", { port: HEALTH_PORT, periodSeconds: Duration.seconds(10) }),
        liveness: kplus.Probe.fromHttpGet("/liveness", { port: HEALTH_PORT, periodSeconds: Duration.seconds(20) }),
        startup: kplus.Probe.fromHttpGet("/startup", { port: HEALTH_PORT, periodSeconds: Duration.seconds(5), failureThreshold: 24 }),
      },
    ],
  });
  deployment.select(kplus.LabelSelector.of({ labels: selectorLabels(props.name) }));
  placeAndHarden(deployment, "system");
  const service = new kplus.Service(chart, "service", {
    metadata: { name: props.name, labels, annotations: listenersAnnotation([cloudSqlProxyListener(props.name, props.namespace)]) },
    ports: [{ port: CLOUD_SQL_PROXY_PORT, targetPort: CLOUD_SQL_PROXY_PORT, name: "postgres" }],
  });
  for (const [key, value] of Object.entries(selectorLabels(props.name))) service.selectLabel(key, value);
}
