import { ApiObject, Duration, JsonPatch, Size, type Chart } from "cdk8s";
import { listenersAnnotation, type Listener } from "../k8s/listener";
import * as kplus from "cdk8s-plus-34";
import type { NodePlacement } from "../k8s/placement";
import {
  containerResources,
  placeAndHarden,
  restrictedContainer,
  restrictedPod,
  selectorLabels,
  workloadLabels,
  type ContainerSize,
} from "../k8s/workload-defaults";
import type { MicroserviceDatabase } from "./microservice-database";
import { serverCertificate, serviceDnsNames } from "../tls/certificates";
import type { IssuerRef } from "../tls/cert-manager-resources";
import {
  TLS_PROXY_CERT_DIR,
  TLS_PROXY_CONFIG_DIR,
  TLS_PROXY_HEALTH_PATH,
  TLS_PROXY_IMAGE,
  TLS_PROXY_UID,
  tlsProxyConfig,
} from "./tls-proxy";

/** TLS terminated in the pod by the proxy; the service binds 127.0.0.1 through `bindAddressEnv`. */
export interface MicroserviceTlsProxy {
  /** The port the proxy serves TLS on (the Service's only port). */
  readonly port: number;
  /** Issuer of the certificate (`<name>-tls`, for the Service's DNS names). */
  readonly issuer: IssuerRef;
  /** The namespace the certificate is issued for. */
  readonly namespace: string;
  /** The variable the service reads its bind address from, set to 127.0.0.1. */
  readonly bindAddressEnv: string;
}

/** Plain (resolved) inputs of a microservice's manifests. */
export interface MicroserviceManifestProps {
  /** Name of the Deployment, Service, PodDisruptionBudget and HorizontalPodAutoscaler. */
  readonly name: string;
  readonly image: string;
  readonly port: number;
  readonly database: MicroserviceDatabase;
  /** YSQL or YCQL host and port the service connects to. */
  readonly dbHost: string;
  readonly dbPort: number;
  /** Secret in the service's namespace with `username` / `password` of its role. */
  readonly dbCredentialsSecret: string;
  /** The CA bundle Secret (service's namespace) YSQL's certificate chains to, where YSQL has TLS. @default none */
  readonly dbCa?: { readonly secretName: string; readonly key: string };
  /** Plain configuration; credentials never go here. */
  readonly env: Readonly<Record<string, string>>;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuUtilization: number;
  readonly resources: ContainerSize;
  readonly healthCheck?: { readonly path: string; readonly port?: number };
  readonly runAsUser: number;
  readonly pool: "system" | "stateful";
  readonly placement: NodePlacement;
  readonly labels: Readonly<Record<string, string>>;
  /** Variables read from Secret keys (generated keys such as a JWT secret). @default [] */
  readonly secretEnv?: readonly { readonly variable: string; readonly secretName: string; readonly key: string }[];
  /** The Service's listeners, stamped on it for the security policies. @default [] */
  readonly listeners?: readonly Listener[];
  /** Serve TLS through the proxy in the pod. @default none: the service's own port, plain */
  readonly tlsProxy?: MicroserviceTlsProxy;
}

/** The proxy container, its volumes and the objects it needs (certificate, configuration). */
function addTlsProxy(
  chart: Chart,
  props: MicroserviceManifestProps,
  proxy: MicroserviceTlsProxy,
): kplus.ContainerProps {
  const certificateName = `${props.name}-tls`;
  new ApiObject(
    chart,
    "certificate",
    serverCertificate({
      name: certificateName,
      namespace: proxy.namespace,
      dnsNames: serviceDnsNames(props.name, proxy.namespace),
      issuer: proxy.issuer,
      labels: { ...props.labels },
    }),
  );
  const health = props.healthCheck
    ? { path: props.healthCheck.path, port: props.healthCheck.port ?? props.port }
    : undefined;
  const configMap = new kplus.ConfigMap(chart, "tls-proxy-config", {
    metadata: { name: `${props.name}-tls-proxy` },
    data: {
      "nginx.conf": tlsProxyConfig({ tlsPort: proxy.port, upstreamPort: props.port, ...(health ? { health } : {}) }),
    },
  });
  const config = kplus.Volume.fromConfigMap(chart, "tls-proxy-config-volume", configMap, { name: "tls-proxy-config" });
  const certificate = kplus.Volume.fromSecret(
    chart,
    "tls-volume",
    kplus.Secret.fromSecretName(chart, "tls", certificateName),
    { name: "tls" },
  );
  const tmp = kplus.Volume.fromEmptyDir(chart, "tls-proxy-tmp", "tls-proxy-tmp", { sizeLimit: Size.mebibytes(64) });
  const tcp = (periodSeconds: number, failureThreshold?: number) =>
    kplus.Probe.fromTcpSocket({
      port: proxy.port,
      periodSeconds: Duration.seconds(periodSeconds),
      ...(failureThreshold ? { failureThreshold } : {}),
    });
  return {
    name: "tls-proxy",
    image: TLS_PROXY_IMAGE,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    // nginx itself, not the image's entrypoint scripts (they rewrite conf.d, which is read-only here).
    command: ["nginx", "-e", "stderr", "-c", `${TLS_PROXY_CONFIG_DIR}/nginx.conf`],
    ports: [{ number: proxy.port, name: "https" }],
    securityContext: restrictedContainer(TLS_PROXY_UID, true),
    resources: containerResources({ cpu: "50m", memory: "64Mi" }),
    volumeMounts: [
      { path: TLS_PROXY_CONFIG_DIR, volume: config, readOnly: true },
      { path: TLS_PROXY_CERT_DIR, volume: certificate, readOnly: true },
      { path: "/tmp", volume: tmp },
    ],
    startup: tcp(5, 24),
    // The service's own check, through the proxy: the kubelet cannot reach 127.0.0.1.
    readiness: health
      ? kplus.Probe.fromHttpGet(TLS_PROXY_HEALTH_PATH, {
          port: proxy.port,
          scheme: kplus.ConnectionScheme.HTTPS,
          periodSeconds: Duration.seconds(10),
        })
      : tcp(10),
    liveness: tcp(20, 3),
  };
}

/** Where the service finds the CA that YSQL's certificate chains to. */
const DB_CA_DIR = "/etc/batch-platform/db-ca";

/** The CA bundle's one public file, read-only. */
function dbCaVolume(chart: Chart, ca: NonNullable<MicroserviceManifestProps["dbCa"]>): kplus.Volume {
  return kplus.Volume.fromSecret(chart, "db-ca", kplus.Secret.fromSecretName(chart, "db-ca-secret", ca.secretName), {
    name: "db-ca",
    items: { [ca.key]: { path: ca.key } },
  });
}

/**
 * The connection environment: libpq's `PG*` variables for YSQL (any PostgreSQL client reads them),
 * `YCQL_*` for YCQL; user and password only as `secretKeyRef`s.
 */
function databaseEnv(chart: Chart, props: MicroserviceManifestProps): Record<string, kplus.EnvValue> {
  const secret = kplus.Secret.fromSecretName(chart, "db-credentials", props.dbCredentialsSecret);
  const user = kplus.EnvValue.fromSecretValue({ secret, key: "username" });
  const password = kplus.EnvValue.fromSecretValue({ secret, key: "password" });
  if (props.database.kind === "ysql") {
    // libpq verifies the server's chain and host name against the mounted CA (dbCaVolume).
    const tls: Record<string, kplus.EnvValue> = props.dbCa
      ? {
          PGSSLMODE: kplus.EnvValue.fromValue("verify-full"),
          PGSSLROOTCERT: kplus.EnvValue.fromValue(`${DB_CA_DIR}/${props.dbCa.key}`),
        }
      : {};
    return {
      PGHOST: kplus.EnvValue.fromValue(props.dbHost),
      PGPORT: kplus.EnvValue.fromValue(String(props.dbPort)),
      PGDATABASE: kplus.EnvValue.fromValue(props.database.database),
      PGUSER: user,
      PGPASSWORD: password,
      ...tls,
    };
  }
  return {
    YCQL_HOST: kplus.EnvValue.fromValue(props.dbHost),
    YCQL_PORT: kplus.EnvValue.fromValue(String(props.dbPort)),
    YCQL_KEYSPACE: kplus.EnvValue.fromValue(props.database.keyspace),
    YCQL_USERNAME: user,
    YCQL_PASSWORD: password,
  };
}

/**
 * Adds the service to `chart`: a Deployment (non-root, read-only root filesystem, soft spread over
 * zones, replicas owned by the autoscaler; with `tlsProxy`, the TLS proxy beside it), a ClusterIP
 * Service, a PodDisruptionBudget that lets a drain take one pod at a time and a CPU-based
 * HorizontalPodAutoscaler. Returns the Deployment.
 */
export function addMicroservice(chart: Chart, props: MicroserviceManifestProps): kplus.Deployment {
  const labels = workloadLabels(props.name, "microservice", props.labels);
  const selector = selectorLabels(props.name);
  const tmp = kplus.Volume.fromEmptyDir(chart, "tmp", "tmp", { sizeLimit: Size.mebibytes(256) });
  const dbCa = props.database.kind === "ysql" && props.dbCa ? dbCaVolume(chart, props.dbCa) : undefined;
  const probePort = props.healthCheck?.port ?? props.port;
  const ready = props.healthCheck
    ? kplus.Probe.fromHttpGet(props.healthCheck.path, { port: probePort, periodSeconds: Duration.seconds(10) })
    : kplus.Probe.fromTcpSocket({ port: props.port, periodSeconds: Duration.seconds(10) });
  const proxy = props.tlsProxy;
  const env: Record<string, kplus.EnvValue> = {
    ...Object.fromEntries(Object.entries(props.env).map(([key, value]) => [key, kplus.EnvValue.fromValue(value)])),
    // Only the proxy in the same pod reaches the service.
    ...(proxy ? { [proxy.bindAddressEnv]: kplus.EnvValue.fromValue("127.0.0.1") } : {}),
    ...databaseEnv(chart, props),
    ...Object.fromEntries(
      (props.secretEnv ?? []).map((ref, i) => [
        ref.variable,
        kplus.EnvValue.fromSecretValue({
          secret: kplus.Secret.fromSecretName(chart, `generated-${i}`, ref.secretName),
          key: ref.key,
        }),
      ]),
    ),
  };
  const service: kplus.ContainerProps = {
    name: props.name,
    image: props.image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    envVariables: env,
    securityContext: restrictedContainer(props.runAsUser, true),
    resources: containerResources(props.resources),
    volumeMounts: [{ path: "/tmp", volume: tmp }, ...(dbCa ? [{ path: DB_CA_DIR, volume: dbCa, readOnly: true }] : [])],
    // Behind the proxy the service listens on 127.0.0.1: no pod ports, and the proxy's probes check it.
    ...(proxy
      ? {}
      : {
          ports: [
            { number: props.port, name: "http" },
            ...(probePort !== props.port ? [{ number: probePort, name: "health" }] : []),
          ],
          startup: kplus.Probe.fromTcpSocket({
            port: props.port,
            periodSeconds: Duration.seconds(5),
            failureThreshold: 24,
          }),
          readiness: ready,
          liveness: kplus.Probe.fromTcpSocket({
            port: props.port,
            periodSeconds: Duration.seconds(20),
            failureThreshold: 3,
          }),
        }),
  };
  const deployment = new kplus.Deployment(chart, "deployment", {
    metadata: { name: props.name, labels },
    select: false,
    podMetadata: { labels },
    securityContext: restrictedPod(props.runAsUser),
    volumes: [tmp, ...(dbCa ? [dbCa] : [])],
    containers: [service, ...(proxy ? [addTlsProxy(chart, props, proxy)] : [])],
  });
  deployment.select(kplus.LabelSelector.of({ labels: selector }));
  placeAndHarden(deployment, props.pool, props.placement);
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.add("/spec/template/spec/topologySpreadConstraints", [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: selector },
      },
    ]),
  );

  const port = proxy
    ? { port: proxy.port, targetPort: proxy.port, name: "https" }
    : { port: props.port, targetPort: props.port, name: "http" };
  const clusterService = new kplus.Service(chart, "service", {
    metadata: {
      name: props.name,
      labels,
      ...(props.listeners?.length ? { annotations: listenersAnnotation(props.listeners) } : {}),
    },
    ports: [port],
  });
  for (const [key, value] of Object.entries(selector)) clusterService.selectLabel(key, value);

  new kplus.k8s.KubePodDisruptionBudget(chart, "pdb", {
    metadata: { name: props.name, labels },
    spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
  });

  new kplus.HorizontalPodAutoscaler(chart, "hpa", {
    metadata: { name: props.name, labels },
    target: deployment,
    minReplicas: props.minReplicas,
    maxReplicas: props.maxReplicas,
    metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.targetCpuUtilization))],
  });
  return deployment;
}
