import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { compareText } from "../common/compare-text";
import { describeIdentity, type WorkloadIdentity } from "../identity/workload-identity";
import {
  grantPrefixProblems,
  minioPolicy,
  minioPolicyName,
  type MinioGrant,
  type MinioReservation,
} from "./minio-policies";
import type { DataLake, LakeDagOperations, LakeHadoopAccess, LakeZoneRoot } from "./data-lake";
import {
  LAKE_ZONE_NAMES,
  mapZones,
  type LakeAccess,
  type LakeZoneName,
  type LakeZones,
  type LakeZoneSettings,
} from "./lake-zone";
import { s3DagOperations } from "./s3-dag-operations";
import type { MinioChartValues, MinioJobValues } from "./minio-chart-values";
import { minioDrivesProblems } from "./minio-drives";
import { addMinioSetupJob } from "./minio-setup-job";
import {
  chartImage,
  DEFAULT_MC_IMAGE,
  DEFAULT_MINIO_IMAGE,
  imageReferenceProblems,
  type ImageReference,
} from "./minio-images";
import { validateZoneSettings } from "./zone-settings";
import { zoneUrisOf } from "./zone-uris";
import { helmValues } from "../k8s/helm-values";
import type { ResourceRequirements } from "../k8s/value-types";
import { ApiObject } from "cdk8s";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import type { Listener } from "../k8s/listener";
import { serverCertificate, serviceDnsNames, type TlsSettings } from "../tls/certificates";

/** Pinned upstream chart (charts.min.io; 5.4.0 is its last release); images in ./minio-images. */
export const MINIO_CHART = { repo: "https://charts.min.io/", chart: "minio", version: "5.4.0" } as const;

/** The chart's release name; the S3 Service is called the same. */
const RELEASE = "minio";

/** The in-cluster S3 endpoint of a MinioLake in `namespace`, for consumers that need it as plain text. */
export function minioEndpoint(namespace: string, tls: boolean): string {
  return `${tls ? "https" : "http"}://${RELEASE}.${namespace}.svc.cluster.local:9000`;
}
const ROOT_USER = "lake-admin";

export interface MinioLakeArgs {
  /** Namespace MinIO runs in (plain: it names the in-cluster endpoint). */
  readonly namespace: string;
  readonly zones: { readonly [zone in LakeZoneName]: LakeZoneSettings };
  /** MinIO server pods: 1 runs standalone; 4 or more run distributed with erasure coding. @default 1 */
  readonly servers?: number;
  /** Drives (PVCs) per server; 1 with a single server (standalone has one drive). @default 1 */
  readonly drivesPerServer?: number;
  /** PVC size per drive. @default "10Gi" */
  readonly volumeSize?: string;
  /** StorageClass of the PVCs. @default the cluster default */
  readonly storageClassName?: string;
  /** A Secret with `public.crt` and `private.key` in the namespace; turns TLS on. @default TLS off */
  readonly tlsSecretName?: string;
  /** CPU and memory request of a server (the limit is twice the request). @default 250m / 1Gi */
  readonly cpu?: string;
  readonly memory?: string;
  /** Node labels of the on-demand pool for stateful workloads. @default none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Spread servers over zones (the topology key `topology.kubernetes.io/zone`). @default false */
  readonly spreadOverZones?: boolean;
  /** Labels on the MinIO pods (cost allocation). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the release (and so its volumes) from deletion. @default false */
  readonly protect?: boolean;
  /**
   * Resolves once every consumer of the lake has asked for its grants; a composition that declares
   * consumers after an `await` passes it and resolves it at its end.
   * @default the end of the synchronous composition (the next turn of the event loop)
   */
  readonly consumersDeclared?: Promise<void>;
  /** Days noncurrent versions are kept in versioned zones. @default 30 */
  readonly noncurrentVersionDays?: number;
  /** The server image, built from the pinned source (docs/oss.md). @default DEFAULT_MINIO_IMAGE */
  readonly image?: ImageReference;
  /** The `mc` image of the chart's bucket and lifecycle jobs. @default DEFAULT_MC_IMAGE */
  readonly mcImage?: ImageReference;
  /** TLS from the platform issuer on the S3 API and console (unless `tlsSecretName` names a certificate). @default none */
  readonly tls?: TlsSettings;
}

/** The Secret with the server certificate: given, issued by the platform issuer, or none. */
function certificateSecret(
  args: Pick<MinioLakeArgs, "tlsSecretName" | "tls">,
): { readonly name: string; readonly issued: boolean } | undefined {
  if (args.tlsSecretName) return { name: args.tlsSecretName, issued: false };
  return args.tls ? { name: `${RELEASE}-tls`, issued: true } : undefined;
}

/** The Airflow connection id of the MinIO S3 API. */
export const MINIO_CONN_ID = "minio_s3";

/**
 * A data lake on MinIO inside the cluster, from the upstream chart: a bucket per zone with
 * versioning and expiry rules, root credentials generated here and kept only in a Kubernetes
 * Secret and the Pulumi state (as a secret).
 *
 * Access: every consumer is its own MinIO user with its own policy, made of the grants it was
 * given ({@link grant}); its password is generated here, kept in a Secret the lake's setup Job reads
 * and handed to the consumer only as a Pulumi secret. The root key reaches no workload. Users and
 * policies are rendered into the chart values once the composition that created the lake has run
 * (the next turn of the event loop): grant access in that same synchronous composition.
 */
export class MinioLake extends pulumi.ComponentResource implements DataLake {
  readonly kind = "minio" as const;
  readonly title = "MinIO";
  readonly zones: LakeZones;
  readonly zoneUris: DataLake["zoneUris"];
  readonly zoneRoots: { readonly [zone in LakeZoneName]: LakeZoneRoot };
  readonly dagOperations: LakeDagOperations;
  /** In-cluster S3 endpoint, `http(s)://minio.<namespace>.svc.cluster.local:9000`. */
  readonly endpoint: pulumi.Output<string>;
  /** The same endpoint as plain text, for manifests. */
  readonly s3Endpoint: string;
  /** TLS on the S3 API. */
  readonly tls: boolean;
  /** Name of the Secret with `rootUser` / `rootPassword`; the root key itself is not exposed (no workload gets it). */
  readonly credentialsSecretName: pulumi.Output<string>;
  private readonly lakeName: string;
  private readonly namespace: string;
  private readonly userLabels: Readonly<Record<string, string>>;
  private readonly consumers = new Map<string, MinioConsumer>();
  private readonly reservations: MinioReservation[] = [];
  private sealed = false;
  private readonly protectUsers: boolean;
  /** The S3 API and the console. */
  readonly listeners: readonly Listener[];

  constructor(name: string, args: MinioLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("MinioLake", [
      ...validateZoneSettings(args.zones, []),
      ...minioServersProblems(args.servers ?? 1),
      ...minioDrivesProblems(args.servers ?? 1, args.drivesPerServer ?? 1),
      ...imageReferenceProblems("image", args.image ?? DEFAULT_MINIO_IMAGE),
      ...imageReferenceProblems("mcImage", args.mcImage ?? DEFAULT_MC_IMAGE),
    ]);
    super("batch-platform:lake:MinioLake", name, {}, opts);
    const protection = dataProtection(args.protect ?? false);
    this.lakeName = name;
    this.protectUsers = args.protect ?? false;
    this.namespace = args.namespace;
    this.userLabels = { "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/component": "lake" };
    // Grants arrive after the constructor (engines and the orchestrator are declared later); the
    // users and policies are fixed once the synchronous composition has run.
    const declared = args.consumersDeclared ?? new Promise<void>((resolve) => setImmediate(resolve));
    const sealed = declared.then(() => {
      this.sealed = true;
    });

    const password = new RandomPassword(`${name}-root-password`, { length: 40, special: false }, { parent: this });
    const certificate = certificateSecret(args);
    const certificates: pulumi.Resource[] = [];
    if (certificate?.issued && args.tls) {
      const chart = newManifestChart(`${name}-tls`);
      const labels = {
        ...(args.labels ?? {}),
        "app.kubernetes.io/part-of": "batch-platform",
        "app.kubernetes.io/component": "lake",
      };
      const dnsNames = [
        ...serviceDnsNames(RELEASE, args.namespace),
        ...serviceDnsNames(`${RELEASE}-console`, args.namespace),
      ];
      // Distributed mode: the servers reach each other by their headless Service names.
      if ((args.servers ?? 1) > 1) dnsNames.push(`*.${RELEASE}-svc.${args.namespace}.svc.cluster.local`);
      new ApiObject(
        chart,
        "certificate",
        serverCertificate({
          name: certificate.name,
          namespace: args.namespace,
          dnsNames,
          issuer: args.tls.issuer,
          labels,
        }),
      );
      certificates.push(deployManifests(`${name}-tls`, chart, { parent: this }));
    }
    const secret = new Secret(
      `${name}-root-credentials`,
      {
        metadata: {
          name: `${name}-root-credentials`,
          namespace: args.namespace,
          labels: { "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/component": "lake" },
        },
        type: "Opaque",
        stringData: { rootUser: ROOT_USER, rootPassword: password.result },
      },
      { parent: this },
    );
    this.credentialsSecretName = secret.metadata.name;

    // The user Secrets' names are inputs too, so the chart and the setup depend on the Secrets.
    const values = pulumi
      .output(sealed.then(() => [...this.consumers.keys()]))
      .apply((users) =>
        pulumi
          .all([secret.metadata.name, ...users.map((user) => this.consumers.get(user)!.secret.metadata.name)])
          .apply(([secretName]) => minioChartValues(args, secretName, this.consumerList(), this.reservations)),
      );
    const release = new Chart(
      `${name}-minio`,
      {
        name: RELEASE,
        chart: MINIO_CHART.chart,
        version: MINIO_CHART.version,
        repositoryOpts: { repo: MINIO_CHART.repo },
        namespace: args.namespace,
        values: values.apply((v) => helmValues(v)),
      },
      { parent: this, dependsOn: [secret, ...certificates], ...protection },
    );
    this.tls = certificate !== undefined;
    this.s3Endpoint = minioEndpoint(args.namespace, this.tls);
    // Chart v4 omits the chart's post-install hook: the platform's Job runs what it would, once the
    // servers are ready (Pulumi waits for the release's StatefulSet, then for the Job).
    const setupProps = {
      namespace: args.namespace,
      endpoint: this.s3Endpoint,
      ...(certificate ? { ca: { secretName: certificate.name, key: certificate.issued ? "ca.crt" : "public.crt" } } : {}),
      mcImage: args.mcImage ?? DEFAULT_MC_IMAGE,
      nodeSelector: args.nodeSelector ?? {},
      labels: { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform" },
    };
    new ConfigGroup(
      `${name}-setup`,
      {
        objs: values.apply((chartValues) => {
          const chart = newManifestChart(`${name}-setup`, args.namespace);
          addMinioSetupJob(chart, chartValues, { ...setupProps, rootSecretName: chartValues.existingSecret });
          return chart.toJson();
        }),
      },
      { parent: this, dependsOn: [release] },
    );

    const tlsMode = this.tls ? "tls" : "none";
    const certificateSource = certificate
      ? certificate.issued
        ? `cert-manager Certificate ${certificate.name}`
        : `Secret ${certificate.name} (given)`
      : "";
    const listener = {
      component: "minio",
      namespace: args.namespace,
      tls: tlsMode,
      certificate: certificateSource,
    } as const;
    this.listeners = [
      {
        ...listener,
        name: "s3",
        kind: "api",
        service: RELEASE,
        port: 9000,
        authentication: "s3-signature",
        authorization: "bucket policies per user",
      },
      {
        ...listener,
        name: "console",
        kind: "ui",
        service: `${RELEASE}-console`,
        port: 9001,
        authentication: "password",
        authorization: "MinIO policies of the user",
      },
    ];
    this.endpoint = pulumi.output(this.s3Endpoint);
    // Buckets are named after the zones.
    this.zoneRoots = mapZones((zone) => ({ bucket: zone, uri: `s3a://${zone}` }));
    this.zones = mapZones((zone) => ({ bucket: pulumi.output(zone), uri: pulumi.output(this.zoneRoots[zone].uri) }));
    this.zoneUris = zoneUrisOf(this.zones);
    const keys = (identity: WorkloadIdentity) => this.keys(identity);
    const endpoint = this.s3Endpoint;
    this.dagOperations = s3DagOperations({ roots: this.zoneRoots, connId: MINIO_CONN_ID, endpoint, keys });
    this.registerOutputs({ zoneUris: this.zoneUris, endpoint: this.endpoint });
  }

  /**
   * Adds the zone (or one key prefix of it) to the identity's policy; the first grant of an
   * identity creates its user, password and Secret. Granting again, or less, changes nothing.
   */
  grant(identity: WorkloadIdentity, zone: LakeZoneName, access: LakeAccess, prefix?: string): void {
    const who = `MinioLake ${this.lakeName}: grant to ${identity.name}`;
    if (prefix !== undefined) assertNoProblems(who, grantPrefixProblems(prefix));
    const consumer = this.consumer(identity);
    if (consumer.grants.some((g) => g.zone === zone && g.access === access && g.prefix === prefix)) return;
    consumer.grants.push({ zone, access, ...(prefix === undefined ? {} : { prefix }) });
  }

  /**
   * Only `owner` may write under the prefix: every other consumer's policy that writes the zone gets
   * an explicit Deny on it (MinIO evaluates Deny before Allow). `owner` needs its own write grant.
   */
  reserveWrites(zone: LakeZoneName, prefix: string, owner: WorkloadIdentity): void {
    const who = `MinioLake ${this.lakeName}: reservation for ${owner.name}`;
    assertNoProblems(who, grantPrefixProblems(prefix));
    if (this.sealed) throw new Error(`${who}: made after the lake's policies were rendered`);
    const user = this.consumer(owner).user;
    const taken = this.reservations.find((r) => r.zone === zone && r.prefix === prefix);
    if (taken && taken.owner !== user) throw new Error(`${who}: ${zone}/${prefix} is reserved for ${taken.owner}`);
    if (!taken) this.reservations.push({ zone, prefix, owner: user });
  }

  /** S3A with the identity's own key; the identity must hold a grant. */
  hadoopAccess(identity: WorkloadIdentity): LakeHadoopAccess {
    return { kind: "s3a", endpoint: this.s3Endpoint, tls: this.tls, ...this.keys(identity) };
  }

  /** The identity's own access key (its user name) and secret key (a Pulumi secret). */
  keys(identity: WorkloadIdentity): { readonly accessKey: string; readonly secretKey: pulumi.Output<string> } {
    const consumer = this.consumers.get(identity.name);
    if (consumer === undefined || consumer.grants.length === 0) {
      const who = describeIdentity(identity);
      throw new Error(`MinioLake ${this.lakeName}: ${who} has no grant on this lake; grant it a zone first`);
    }
    return { accessKey: consumer.user, secretKey: consumer.password };
  }

  private consumer(identity: WorkloadIdentity): MinioConsumer {
    const known = this.consumers.get(identity.name);
    if (known !== undefined) return known;
    if (this.sealed) {
      throw new Error(
        `MinioLake ${this.lakeName}: ${describeIdentity(identity)} asked for lake access after the lake's users were ` +
          "rendered; grant access in the synchronous composition that creates the lake, or pass consumersDeclared",
      );
    }
    const problems = minioUserProblems(identity.name);
    if (identity.name === ROOT_USER) problems.push(`identity name: got "${ROOT_USER}"; that is the root user's name`);
    assertNoProblems(`MinioLake ${this.lakeName}`, problems);
    const user = identity.name;
    // Protected with the lake: the setup Job sets a user's password once and never again.
    const keep = this.protectUsers ? { protect: true } : {};
    const password = new RandomPassword(
      `${this.lakeName}-${user}-password`,
      { length: 40, special: false },
      { parent: this, ...keep },
    );
    const secretName = `${this.lakeName}-user-${user}`;
    const secret = new Secret(
      secretName,
      {
        metadata: { name: secretName, namespace: this.namespace, labels: this.userLabels },
        type: "Opaque",
        stringData: { [USER_SECRET_KEY]: password.result },
      },
      { parent: this },
    );
    const consumer: MinioConsumer = { user, password: pulumi.secret(password.result), secret, secretName, grants: [] };
    this.consumers.set(user, consumer);
    return consumer;
  }

  private consumerList(): MinioConsumerEntry[] {
    return [...this.consumers.values()]
      .filter((c) => c.grants.length > 0)
      .map((c) => ({ user: c.user, secretName: c.secretName, grants: c.grants }))
      .sort((a, b) => compareText(a.user, b.user));
  }
}

/** Key of a consumer's password in its Secret in the lake's namespace. */
const USER_SECRET_KEY = "secretKey";

/** A consumer of the lake: its MinIO user, password, Secret and grants. */
interface MinioConsumer {
  readonly user: string;
  readonly password: pulumi.Output<string>;
  readonly secret: Secret;
  readonly secretName: string;
  readonly grants: MinioGrant[];
}

/** What the chart values need of a consumer. */
export interface MinioConsumerEntry {
  readonly user: string;
  /** The Secret (in the lake's namespace) holding its password under `secretKey`. */
  readonly secretName: string;
  readonly grants: readonly MinioGrant[];
}

/** A MinIO user name here is also part of Secret names: a DNS label of 3 to 40 characters. */
export function minioUserProblems(user: string): string[] {
  return /^[a-z0-9]([a-z0-9-]{1,38}[a-z0-9])$/.test(user)
    ? []
    : [`identity name: got ${JSON.stringify(user)}; expected 3-40 lowercase letters, digits and - (a user name)`];
}

/** MinIO erasure coding needs at least 4 servers; 2-3 servers is neither standalone nor distributed. */
export function minioServersProblems(servers: number, path = "servers"): string[] {
  return servers === 1 || servers >= 4
    ? []
    : [`${path}: got ${servers}; expected 1 (standalone) or 4 and more (distributed, erasure-coded)`];
}

function resources(cpu: string, memory: string): ResourceRequirements {
  return { requests: { cpu, memory }, limits: { cpu: doubled(cpu), memory: doubled(memory) } };
}

/** Doubles a Kubernetes quantity such as `250m` or `1Gi` (limits leave room for bursts). */
function doubled(quantity: string): string {
  const match = /^([0-9]+)(.*)$/.exec(quantity);
  return match ? `${Number(match[1]) * 2}${match[2]}` : quantity;
}

/**
 * The `mc ilm` commands of the chart's custom-command job, per zone. `ilm rule add` only adds (a
 * raised or removed retention would leave the old, shorter rule in force), so every zone's rules are
 * first removed (`ilm rule rm --all --force`, which fails on a bucket without any rule, hence the
 * harmless delete-marker rule added before it) and then added as declared. Delete-marker expiry
 * (markers with no version left behind them) stays as the rule every zone has.
 */
export function minioLifecycleCommands(zones: MinioLakeArgs["zones"], noncurrentVersionDays = 30): string[] {
  return LAKE_ZONE_NAMES.flatMap((zone) => {
    const settings = zones[zone];
    const target = `myminio/${zone}`;
    const markers = `ilm rule add --expire-delete-marker ${target}`;
    const commands = [markers, `ilm rule rm --all --force ${target}`, markers];
    const days = settings.retentionDays;
    if (days !== undefined) commands.push(`ilm rule add --expire-days ${days} ${target}`);
    if (settings.versioning) commands.push(`ilm rule add --noncurrent-expire-days ${noncurrentVersionDays} ${target}`);
    return commands;
  });
}

/** A given Secret has MinIO's file names; a cert-manager one the `kubernetes.io/tls` names. */
function tlsValues(args: Pick<MinioLakeArgs, "tlsSecretName" | "tls">): MinioChartValues["tls"] {
  const certificate = certificateSecret(args);
  if (!certificate) return { enabled: false, certSecret: "", publicCrt: "public.crt", privateKey: "private.key" };
  return certificate.issued
    ? { enabled: true, certSecret: certificate.name, publicCrt: "tls.crt", privateKey: "tls.key" }
    : { enabled: true, certSecret: certificate.name, publicCrt: "public.crt", privateKey: "private.key" };
}

/** The chart's `certsPath` (its default), where MinIO looks for `public.crt`, `private.key` and `CAs/`. */
export const MINIO_CERTS_PATH = "/etc/minio/certs";

/**
 * emptyDirs that let the server run on a read-only root: `/tmp` (profiling dumps, `os.MkdirTemp`) and,
 * without TLS, the certs directory — MinIO creates `<certsPath>/CAs` at start and exits if it cannot
 * (`cmd/common-main.go`); with TLS the chart mounts the certificate Secrets there itself.
 */
export function minioWritableDirs(tls: boolean): Pick<MinioChartValues, "extraVolumes" | "extraVolumeMounts"> {
  const dirs = [{ name: "tmp", mountPath: "/tmp" }, ...(tls ? [] : [{ name: "certs", mountPath: MINIO_CERTS_PATH }])];
  return {
    extraVolumes: dirs.map((d) => ({ name: d.name, emptyDir: { sizeLimit: "64Mi" } })),
    extraVolumeMounts: dirs,
  };
}

/** The chart values; exported for tests of the security defaults. */
export function minioChartValues(
  args: MinioLakeArgs,
  credentialsSecretName: string,
  consumers: readonly MinioConsumerEntry[] = [],
  /** Prefixes one consumer reserved: a Deny in every other policy that writes the zone. */
  reservations: readonly MinioReservation[] = [],
): MinioChartValues {
  const servers = args.servers ?? 1;
  const job: MinioJobValues = {
    resources: resources("50m", "128Mi"),
    securityContext: { enabled: true },
    containerSecurityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
  };
  const podLabels = { ...(args.labels ?? {}), "app.kubernetes.io/component": "lake" };
  const tls = tlsValues(args);
  return {
    image: { ...chartImage(args.image ?? DEFAULT_MINIO_IMAGE), pullPolicy: "IfNotPresent" },
    mcImage: { ...chartImage(args.mcImage ?? DEFAULT_MC_IMAGE), pullPolicy: "IfNotPresent" },
    mode: servers === 1 ? "standalone" : "distributed",
    replicas: servers,
    drivesPerNode: args.drivesPerServer ?? 1,
    existingSecret: credentialsSecretName,
    users: consumers.map((c) => ({
      accessKey: c.user,
      existingSecret: c.secretName,
      existingSecretKey: USER_SECRET_KEY,
      policy: minioPolicyName(c.user),
    })),
    policies: consumers.map((c) => minioPolicy(c.user, c.grants, reservations)),
    buckets: LAKE_ZONE_NAMES.map((zone) => ({
      name: zone,
      policy: "none",
      purge: false,
      versioning: args.zones[zone].versioning,
      objectlocking: false,
    })),
    customCommands: minioLifecycleCommands(args.zones, args.noncurrentVersionDays).map((command) => ({ command })),
    persistence: {
      enabled: true,
      size: args.volumeSize ?? "10Gi",
      accessMode: "ReadWriteOnce",
      ...(args.storageClassName ? { storageClass: args.storageClassName } : {}),
    },
    resources: resources(args.cpu ?? "250m", args.memory ?? "1Gi"),
    securityContext: {
      enabled: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      fsGroupChangePolicy: "OnRootMismatch",
    },
    containerSecurityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    ...minioWritableDirs(tls.enabled),
    tls,
    // MinIO reads certs/CAs once, at start (minio cmd/server-main.go): trusting the servers' own
    // leaf there, as the chart does by default, breaks node-to-node TLS at the first renewal. The
    // CA the platform issues from does not change. A given certificate chains to the image's roots.
    ...(args.tls && !args.tlsSecretName ? { trustedCertsSecret: args.tls.caBundle.secretName } : {}),
    service: { type: "ClusterIP", port: "9000" },
    consoleService: { type: "ClusterIP", port: "9001" },
    nodeSelector: args.nodeSelector ?? {},
    tolerations: [],
    topologySpreadConstraints: args.spreadOverZones
      ? [
          {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: { app: "minio", release: RELEASE } },
          },
        ]
      : [],
    podDisruptionBudget: { enabled: servers > 1, maxUnavailable: 1 },
    makeBucketJob: job,
    customCommandJob: job,
    makePolicyJob: job,
    makeUserJob: job,
    makeServiceAccountJob: job,
    postJob: {
      securityContext: {
        ...{ enabled: true, runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
        seccompProfile: { type: "RuntimeDefault" },
      },
      nodeSelector: args.nodeSelector ?? {},
    },
    podLabels,
  };
}
