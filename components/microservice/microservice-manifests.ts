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
    return {
      PGHOST: kplus.EnvValue.fromValue(props.dbHost),
      PGPORT: kplus.EnvValue.fromValue(String(props.dbPort)),
      PGDATABASE: kplus.EnvValue.fromValue(props.database.database),
      PGUSER: user,
      PGPASSWORD: password,
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
 * zones, replicas owned by the autoscaler), a ClusterIP Service, a PodDisruptionBudget that lets a
 * drain take one pod at a time and a CPU-based HorizontalPodAutoscaler. Returns the Deployment.
 */
export function addMicroservice(chart: Chart, props: MicroserviceManifestProps): kplus.Deployment {
  const labels = workloadLabels(props.name, "microservice", props.labels);
  const selector = selectorLabels(props.name);
  const tmp = kplus.Volume.fromEmptyDir(chart, "tmp", "tmp", { sizeLimit: Size.mebibytes(256) });
  const probePort = props.healthCheck?.port ?? props.port;
  const ready = props.healthCheck
    ? kplus.Probe.fromHttpGet(props.healthCheck.path, { port: probePort, periodSeconds: Duration.seconds(10) })
    : kplus.Probe.fromTcpSocket({ port: props.port, periodSeconds: Duration.seconds(10) });
  const env: Record<string, kplus.EnvValue> = {
    ...Object.fromEntries(Object.entries(props.env).map(([key, value]) => [key, kplus.EnvValue.fromValue(value)])),
    ...databaseEnv(chart, props),
    ...Object.fromEntries(
      (props.secretEnv ?? []).map((ref, i) => [ref.variable, kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, `generated-${i}`, ref.secretName), key: ref.key })]),
    ),
  };
  const deployment = new kplus.Deployment(chart, "deployment", {
    metadata: { name: props.name, labels },
    select: false,
    podMetadata: { labels },
    securityContext: restrictedPod(props.runAsUser),
    volumes: [tmp],
    containers: [
      {
        name: props.name,
        image: props.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [
          { number: props.port, name: "http" },
          ...(probePort !== props.port ? [{ number: probePort, name: "health" }] : []),
        ],
        envVariables: env,
        securityContext: restrictedContainer(props.runAsUser, true),
        resources: containerResources(props.resources),
        volumeMounts: [{ path: "/tmp", volume: tmp }],
        startup: kplus.Probe.fromTcpSocket({ port: props.port, periodSeconds: Duration.seconds(5), failureThreshold: 24 }),
        readiness: ready,
        liveness: kplus.Probe.fromTcpSocket({ port: props.port, periodSeconds: Duration.seconds(20), failureThreshold: 3 }),
      },
    ],
  });
  deployment.select(kplus.LabelSelector.of({ labels: selector }));
  placeAndHarden(deployment, props.pool, props.placement);
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.add("/spec/template/spec/topologySpreadConstraints", [
      { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } },
    ]),
  );

  const service = new kplus.Service(chart, "service", {
    metadata: { name: props.name, labels, ...(props.listeners?.length ? { annotations: listenersAnnotation(props.listeners) } : {}) },
    ports: [{ port: props.port, targetPort: props.port, name: "http" }],
  });
  for (const [key, value] of Object.entries(selector)) service.selectLabel(key, value);

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
