import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import type { PodAntiAffinityTerm, YugabyteChartValues } from "./yugabyte-chart-values";
import { adminBootstrapScript } from "./yugabyte-scripts";
import {
  CREDENTIAL_KEYS,
  PLATFORM_ADMIN_ROLE,
  YUGABYTE_UID,
  type YsqlClientTrust,
  type YugabyteServer,
} from "./yugabyte-server";
import { addSetupJob } from "./yugabyte-setup-job";
import { chartCpu } from "./yugabyte-cpu";
import { millicores } from "../k8s/quantities";
import { helmValues } from "../k8s/helm-values";
import type { PipelineSink, PipelineSinkArgs, Warehouse } from "./warehouse";
import { YugabyteDatabase } from "./yugabyte-database";
import { DEFAULT_SERVING_DATABASE, yugabytePipelineSink, type YugabyteServingDatabase } from "./yugabyte-pipeline-sink";
import type { ResourceRequirements } from "../k8s/value-types";
import { kubernetesIdentity } from "../identity/workload-identity";
import { lakeCredentialsSecret } from "../lake/lake-credentials";
import { DEFAULT_MC_IMAGE } from "../lake/minio-images";
import { addYugabyteBackupCronJob, yugabyteBackupProblems, type YugabyteBackup } from "./yugabyte-backup";
import { addYugabyteCertRestart, YUGABYTE_CERTIFICATE_LIFETIME } from "./yugabyte-cert-restart";
import { yugabyteRestrictedContainers } from "./yugabyte-container-security";
import type { Listener } from "../k8s/listener";
import type { TlsSettings } from "../tls/certificates";
import { yugabyteServiceDnsName } from "./yugabyte-certificate-names";

/**
 * Pinned upstream chart and image (charts.yugabyte.com): the 2025.2 LTS series, maintained until
 * 2027-12-11 (2024.2's maintenance ends 2026-12-09). Chart 2025.2.5 is YugabyteDB 2025.2.5.2.
 */
export const YUGABYTE_CHART = { repo: "https://charts.yugabyte.com", chart: "yugabyte", version: "2025.2.5" } as const;
export const YUGABYTE_IMAGE = { repository: "yugabytedb/yugabyte", tag: "2025.2.5.2-b5" } as const;

export const YSQL_PORT = 5433;
export const YCQL_PORT = 9042;
/** YSQL's metrics server (`/metrics`, `/rpcz`, `/statements`): postgres binds it to YSQL's address. */
export const YSQL_METRICS_PORT = 13000;
/**
 * Where the masters' and tservers' embedded webservers listen (the status pages on 7000 / 9000 and
 * YCQL's metrics on 12000): loopback, reachable only with `kubectl port-forward`. They cannot have a
 * login: `--webserver_password_file` stops the server from starting (yugabyte-db#32074), and
 * nothing in the chart (its probes are exec and TCP checks) or between servers (RPC) uses them.
 */
export const WEBSERVER_INTERFACE = "127.0.0.1";
/**
 * Where the chart mounts a server's cert-manager Secret (`tls.crt`, `tls.key`, `ca.crt`) when TLS
 * comes from cert-manager: the same path in master and tserver pods.
 */
const CHART_CERT_MANAGER_DIR = "/home/yugabyte/cert-manager";
/**
 * HTTPS on every embedded webserver of a server. The flags reach YSQL's metrics server too: the
 * tserver hands postgres its non-default flags as `FLAGS_*` variables, the metrics worker reads
 * them (`YBCInit`) and builds its webserver from the same `WebserverOptions`.
 */
const WEBSERVER_TLS_FLAGS = {
  webserver_certificate_file: `${CHART_CERT_MANAGER_DIR}/tls.crt`,
  webserver_private_key_file: `${CHART_CERT_MANAGER_DIR}/tls.key`,
} as const;
/** The chart's headless tserver Service (old naming style); it resolves to every tserver. */
const TSERVER_SERVICE = "yb-tservers";
/** The chart's StatefulSets, also their pods' `app` label (oldNamingStyle): spread by zone, rolled on renewal. */
const MASTER_STATEFULSET = "yb-master";
const TSERVER_STATEFULSET = "yb-tserver";
const ZONE_KEY = "topology.kubernetes.io/zone";

/** CPU and memory of one server; requests equal limits (Guaranteed QoS). */
export interface YugabyteServerSize {
  readonly cpu: string;
  /** Whole gibibytes (`4Gi`): the chart derives the server's memory limit flag from it. */
  readonly memory: string;
}

export interface YugabyteDBArgs {
  /** Namespace of the database (plain: it is part of the endpoint every consumer is given). */
  readonly namespace: string;
  /** Copies of every tablet; also the number of masters. Odd. @default 1 */
  readonly replicationFactor?: number;
  /** Tablet servers (YSQL/YCQL endpoints and data). @default replicationFactor */
  readonly tservers?: number;
  /** Zones to spread over; with two or more, no two masters and no two tservers share a zone. @default [] */
  readonly zones?: readonly string[];
  /** Size of a master. @default 500m / 1Gi */
  readonly master?: YugabyteServerSize;
  /** Size of a tserver. @default 1 / 2Gi */
  readonly tserver?: YugabyteServerSize;
  /** PVC size of a master. @default "10Gi" */
  readonly masterVolumeSize?: string;
  /** PVC size of a tserver. @default "20Gi" */
  readonly tserverVolumeSize?: string;
  /** StorageClass of the PVCs. @default the cluster's default */
  readonly storageClassName?: string;
  /** Node labels of the (on-demand) stateful pool. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Node labels for the setup Jobs. @default nodeSelector */
  readonly setupNodeSelector?: Readonly<Record<string, string>>;
  /** Labels on every object (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the release (and so its volumes) and the admin password. @default false */
  readonly protect?: boolean;
  /** The database pipelines' serving tables land in, and its reader group. @default warehouse / warehouse_reader */
  readonly servingDatabase?: YugabyteServingDatabase;
  /** Scheduled YSQL dumps to the lake, with their own lake user. @default none */
  readonly backup?: YugabyteBackup;
  /** TLS node-to-node and client-to-server with certificates from this issuer; clients verify with the CA bundle. @default no TLS */
  readonly tls?: TlsSettings;
}

const WHOLE_GI = /^[1-9][0-9]*Gi$/;
const CPU = /^[0-9]+(\.[0-9]+)?m?$/;
const SIZE = /^[1-9][0-9]*(Mi|Gi|Ti)$/;

/** Problems of the arguments, one line each. */
export function yugabyteProblems(args: YugabyteDBArgs): string[] {
  const problems: string[] = args.backup ? yugabyteBackupProblems(args.backup) : [];
  const rf = args.replicationFactor ?? 1;
  const tservers = args.tservers ?? rf;
  const zones = args.zones ?? [];
  if (!Number.isInteger(rf) || rf < 1 || rf > 7 || rf % 2 === 0)
    problems.push(`replicationFactor: got ${rf}; expected 1, 3, 5 or 7 (an odd number keeps a majority)`);
  if (!Number.isInteger(tservers) || tservers < rf)
    problems.push(`tservers: got ${tservers}; expected an integer of at least the replication factor (${rf})`);
  if (zones.length > 1) {
    if (zones.length < rf)
      problems.push(
        `zones: got ${zones.length} zones; expected at least replicationFactor (${rf}) to put each copy in its own zone`,
      );
    if (tservers > zones.length)
      problems.push(
        `tservers: got ${tservers}; expected at most one per zone (${zones.length}): with more, two copies of a tablet could share a zone`,
      );
  }
  for (const key of ["master", "tserver"] as const) {
    const size = args[key];
    if (size && (!CPU.test(size.cpu) || millicores(size.cpu) === 0)) {
      problems.push(`${key}.cpu: got ${JSON.stringify(size.cpu)}; expected a CPU quantity above zero like 2 or 500m`);
    }
    if (size && !WHOLE_GI.test(size.memory))
      problems.push(
        `${key}.memory: got ${JSON.stringify(size.memory)}; expected whole gibibytes like 4Gi (the chart derives a memory flag from it)`,
      );
  }
  for (const key of ["masterVolumeSize", "tserverVolumeSize"] as const) {
    const size = args[key];
    if (size !== undefined && !SIZE.test(size))
      problems.push(`${key}: got ${JSON.stringify(size)}; expected a size like 50Gi`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(args.namespace))
    problems.push(`namespace: got ${JSON.stringify(args.namespace)}; expected a DNS label`);
  return problems;
}

/** Requests equal limits; CPU in decimal cores, the form the chart turns into `--num_cpus`. */
function resources(size: YugabyteServerSize): ResourceRequirements {
  const quantities = { cpu: chartCpu(size.cpu), memory: size.memory };
  return { requests: { ...quantities }, limits: { ...quantities } };
}

function zoneAntiAffinity(app: string): {
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: PodAntiAffinityTerm[] };
} {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: [app] }] }, topologyKey: ZONE_KEY },
      ],
    },
  };
}

/** The listeners of the servers as the chart runs them. */
export function yugabyteListeners(namespace: string, tls: boolean): Listener[] {
  const certificate = tls ? "cert-manager Certificates the chart requests per server from the platform issuer" : "";
  const mode = tls ? "tls" : "none";
  const base = { component: "yugabytedb", namespace, service: TSERVER_SERVICE, certificate };
  return [
    {
      ...base,
      name: "ysql",
      kind: "database",
      port: YSQL_PORT,
      tls: mode,
      authentication: "password",
      authorization: "roles per consumer (own database or reader group)",
    },
    {
      ...base,
      name: "ycql",
      kind: "database",
      port: YCQL_PORT,
      tls: mode,
      authentication: "password",
      authorization: "roles per consumer (own keyspace)",
    },
    {
      ...base,
      name: "tserver-rpc",
      kind: "internal",
      port: 9100,
      tls: tls ? "mtls" : "none",
      authentication: tls ? "client-certificate" : "none",
      authorization: "cluster members only",
    },
    {
      ...base,
      service: "yb-masters",
      name: "master-rpc",
      kind: "internal",
      port: 7100,
      tls: tls ? "mtls" : "none",
      authentication: tls ? "client-certificate" : "none",
      authorization: "cluster members only",
    },
    // The status pages (7000, 9000) and YCQL's metrics (12000) listen on loopback only (WEBSERVER_INTERFACE).
    // YSQL's metrics and statements server binds where YSQL does: HTTPS with TLS on, but no login.
    {
      ...base,
      name: "ysql-metrics",
      kind: "api",
      port: YSQL_METRICS_PORT,
      tls: mode,
      certificate: tls ? "the tservers' cert-manager Certificates (webserver_certificate_file)" : "",
      authentication: "none",
      authorization: "sealed: the platform's NetworkPolicies admit no pod to it (the node only)",
    },
  ];
}

/** The chart values; exported for tests of placement, replication and security settings. */
export function yugabyteChartValues(args: YugabyteDBArgs): YugabyteChartValues {
  const rf = args.replicationFactor ?? 1;
  const spread = (args.zones ?? []).length > 1;
  const storage = (size: string) => ({ count: 1, size, storageClass: args.storageClassName ?? "" });
  const podLabels = {
    ...(args.labels ?? {}),
    "app.kubernetes.io/part-of": "batch-platform",
    "app.kubernetes.io/component": "warehouse",
  };
  return {
    Image: { ...YUGABYTE_IMAGE, pullPolicy: "IfNotPresent" },
    storage: {
      ephemeral: false,
      master: storage(args.masterVolumeSize ?? "10Gi"),
      tserver: storage(args.tserverVolumeSize ?? "20Gi"),
    },
    resource: {
      master: resources(args.master ?? { cpu: "500m", memory: "1Gi" }),
      tserver: resources(args.tserver ?? { cpu: "1", memory: "2Gi" }),
    },
    replicas: { master: rf, tserver: args.tservers ?? rf, totalMasters: rf },
    isMultiAz: false,
    gflags: {
      // Later in the flag file than the chart's own `--webserver_interface=0.0.0.0`, so this one counts.
      master: {
        webserver_interface: WEBSERVER_INTERFACE,
        ...(args.tls ? WEBSERVER_TLS_FLAGS : {}),
      },
      // Authentication on: the bootstrap Job puts the platform admin in place of the default superusers.
      // The Redis-compatible YEDIS API (deprecated) has no authentication of its own: not started.
      // Strings: the chart's readiness probe compares `ysql_enable_auth` with "true" (Helm's `eq`
      // refuses a boolean there); the flag file gets `--ysql_enable_auth=true` either way.
      tserver: {
        ysql_enable_auth: "true",
        use_cassandra_authentication: "true",
        start_redis_proxy: false,
        webserver_interface: WEBSERVER_INTERFACE,
        ...(args.tls ? WEBSERVER_TLS_FLAGS : {}),
      },
    },
    enableLoadBalancer: false,
    serviceEndpoints: [],
    yugabytedUi: { enabled: false },
    ybc: { enabled: false },
    ybCleanup: { resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } } },
    nodeSelector: { ...(args.nodeSelector ?? {}) },
    // Readiness probes off (the chart's default, kept explicit): the master's probes the loopback-only
    // status page over the pod IP, the tserver's logs in as the disabled `yugabyte`.
    master: {
      affinity: spread ? zoneAntiAffinity(MASTER_STATEFULSET) : {},
      tolerations: [],
      podLabels,
      extraEnv: [],
      readinessProbe: { enabled: false },
    },
    tserver: {
      affinity: spread ? zoneAntiAffinity(TSERVER_STATEFULSET) : {},
      tolerations: [],
      podLabels,
      extraEnv: [],
      readinessProbe: { enabled: false },
    },
    podSecurityContext: {
      enabled: true,
      runAsNonRoot: true,
      runAsUser: YUGABYTE_UID,
      runAsGroup: YUGABYTE_UID,
      fsGroup: YUGABYTE_UID,
      seccompProfile: { type: "RuntimeDefault" },
    },
    tls: args.tls
      ? {
          enabled: true,
          nodeToNode: true,
          clientToServer: true,
          insecure: false,
          certManager: {
            enabled: true,
            bootstrapSelfsigned: false,
            useClusterIssuer: args.tls.issuer.kind === "ClusterIssuer",
            clusterIssuer: args.tls.issuer.name,
            issuer: args.tls.issuer.name,
            // Renewed 30 days early; the restart CronJob makes the servers load them (yugabyte-cert-restart.ts).
            certificates: YUGABYTE_CERTIFICATE_LIFETIME,
          },
        }
      : { enabled: false },
    authCredentials: { ysql: { user: "", password: "", database: "" }, ycql: { user: "", password: "", keyspace: "" } },
    commonLabels: { ...(args.labels ?? {}) },
    domainName: "cluster.local",
    oldNamingStyle: true,
  };
}

/**
 * YugabyteDB from its upstream chart: replication factor 1 in dev, 3 across zones in prod, the
 * chart's PodDisruptionBudgets, persistent volumes (protected in prod), authentication on YSQL and
 * YCQL, a bootstrap Job (cdk8s) that creates the platform admin (generated password in a Secret) and
 * disables the default `yugabyte` and `cassandra` logins, and the servers' status pages on loopback.
 * Consumers get their own database or keyspace with {@link YugabyteDatabase}; their setup Jobs wait
 * until the default logins are disabled.
 */
export class YugabyteDB extends pulumi.ComponentResource implements Warehouse {
  readonly kind = "yugabytedb" as const;
  readonly title = "YugabyteDB";
  /** The serving database and its reader group (Trino's and Airflow's logins join it). */
  readonly servingDatabase: YugabyteServingDatabase;
  private readonly labels: Readonly<Record<string, string>>;
  /** What setup Jobs and consumers need: host, ports, admin Secret, image, placement. */
  readonly server: YugabyteServer;
  /** `host:5433`, the PostgreSQL-protocol endpoint. */
  readonly ysqlEndpoint: pulumi.Output<string>;
  /** `host:9042`, the Cassandra-protocol endpoint. */
  readonly ycqlEndpoint: pulumi.Output<string>;
  readonly replicationFactor: number;
  /** YSQL, YCQL, node-to-node RPC and YSQL's metrics server. */
  readonly listeners: readonly Listener[];

  constructor(name: string, args: YugabyteDBArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("YugabyteDB", yugabyteProblems(args));
    super("batch-platform:warehouse:YugabyteDB", name, {}, opts);
    const protection = dataProtection(args.protect ?? false);
    const labels = {
      ...(args.labels ?? {}),
      "app.kubernetes.io/part-of": "batch-platform",
      "app.kubernetes.io/component": "warehouse",
    };
    this.replicationFactor = args.replicationFactor ?? 1;
    this.servingDatabase = args.servingDatabase ?? DEFAULT_SERVING_DATABASE;
    this.labels = args.labels ?? {};

    const password = new RandomPassword(
      `${name}-admin-password`,
      { length: 32, special: false },
      { parent: this, ...(args.protect ? { protect: true } : {}) },
    );
    const adminSecretName = `${name}-admin-credentials`;
    const adminSecret = new Secret(
      adminSecretName,
      {
        metadata: { name: adminSecretName, namespace: args.namespace, labels },
        type: "Opaque",
        stringData: { [CREDENTIAL_KEYS.username]: PLATFORM_ADMIN_ROLE, [CREDENTIAL_KEYS.password]: password.result },
      },
      { parent: this },
    );

    const host = `${TSERVER_SERVICE}.${args.namespace}.svc.cluster.local`;
    const transforms = [yugabyteRestrictedContainers, ...(args.tls ? [yugabyteServiceDnsName(host)] : [])];
    const release = new Chart(
      `${name}-yugabyte`,
      {
        name: name,
        chart: YUGABYTE_CHART.chart,
        version: YUGABYTE_CHART.version,
        repositoryOpts: { repo: YUGABYTE_CHART.repo },
        namespace: args.namespace,
        values: helmValues(yugabyteChartValues(args)),
      },
      { parent: this, ...protection, transforms },
    );

    this.server = {
      namespace: args.namespace,
      host,
      ysqlPort: YSQL_PORT,
      ycqlPort: YCQL_PORT,
      adminRole: PLATFORM_ADMIN_ROLE,
      adminSecretName,
      image: `${YUGABYTE_IMAGE.repository}:${YUGABYTE_IMAGE.tag}`,
      nodeSelector: { ...(args.setupNodeSelector ?? args.nodeSelector ?? {}) },
      ...(args.tls ? { tls: { caSecretName: args.tls.caBundle.secretName, caKey: args.tls.caBundle.caKey } } : {}),
    };
    this.listeners = yugabyteListeners(args.namespace, args.tls !== undefined);
    const setup = newManifestChart(`${name}-setup`, args.namespace);
    addSetupJob(setup, {
      name: `${name}-admin-bootstrap`,
      server: this.server,
      script: adminBootstrapScript(PLATFORM_ADMIN_ROLE),
      labels,
    });
    if (args.tls) {
      addYugabyteCertRestart(setup, {
        name: `${name}-cert-restart`,
        namespace: args.namespace,
        statefulSets: [MASTER_STATEFULSET, TSERVER_STATEFULSET],
        nodeSelector: this.server.nodeSelector,
        labels,
      });
    }
    deployManifests(`${name}-setup`, setup, { parent: this, dependsOn: [adminSecret, release] });
    if (args.backup) this.scheduleBackups(name, args.backup, labels, [adminSecret, release]);

    this.ysqlEndpoint = pulumi.output(`${this.server.host}:${YSQL_PORT}`);
    this.ycqlEndpoint = pulumi.output(`${this.server.host}:${YCQL_PORT}`);
    this.registerOutputs({
      ysqlEndpoint: this.ysqlEndpoint,
      ycqlEndpoint: this.ycqlEndpoint,
      listeners: this.listeners,
    });
  }

  /**
   * A login for a consumer in `namespace` that reads every pipeline's tables (it joins the reader
   * group), as a Secret there — e.g. a query engine's or an orchestrator's. With `clientTrust`, its
   * URLs verify the server (`sslmode=verify-full`).
   */
  readerLogin(
    role: string,
    namespace: pulumi.Input<string>,
    opts?: pulumi.ComponentResourceOptions,
    clientTrust?: YsqlClientTrust,
  ): YugabyteDatabase {
    const { name, readerRole } = this.servingDatabase;
    return new YugabyteDatabase(
      `${role}-warehouse`,
      {
        server: this.server,
        role,
        access: { api: "ysql", database: name, ownsDatabase: false, memberOf: [readerRole] },
        consumerNamespace: namespace,
        labels: this.labels,
        ...(clientTrust ? { clientTrust } : {}),
      },
      opts,
    );
  }

  /** The backup CronJob, its own lake user (write on its prefix only) and that user's keys as a Secret. */
  private scheduleBackups(
    name: string,
    backup: YugabyteBackup,
    labels: Readonly<Record<string, string>>,
    after: pulumi.Resource[],
  ): void {
    const zone = backup.zone ?? "processing";
    const prefix = backup.prefix ?? `yugabyte/${name}`;
    const { identity } = kubernetesIdentity(`${name}-backup`, []);
    backup.lake.grant(identity, zone, "write", `${prefix}/`);
    const access = backup.lake.hadoopAccess(identity);
    if (access.kind !== "s3a") throw new Error(`YugabyteDB ${name}: backups need an S3 lake`);
    const keys = lakeCredentialsSecret(`${name}-backup-lake-credentials`, this.server.namespace, access, labels, this);
    const chart = newManifestChart(`${name}-backup`, this.server.namespace);
    addYugabyteBackupCronJob(chart, {
      name: `${name}-backup`,
      server: this.server,
      endpoint: access.endpoint,
      bucket: backup.lake.zoneRoots[zone].bucket,
      prefix,
      schedule: backup.schedule ?? "30 2 * * *",
      lakeCredentialsSecret: keys.secretName,
      uploaderImage: backup.uploaderImage ?? DEFAULT_MC_IMAGE,
      labels,
      ...(backup.endpointCA ? { endpointCA: backup.endpointCA } : {}),
    });
    deployManifests(`${name}-backup`, chart, { parent: this, dependsOn: [...after, ...keys.dependsOn] });
  }

  /** A pipeline's schema and loader login; the engine loads and merges gold over JDBC. */
  pipelineSink(name: string, args: PipelineSinkArgs, parent: pulumi.Resource): PipelineSink {
    return yugabytePipelineSink(this.server, this.servingDatabase, name, args, parent);
  }
}
