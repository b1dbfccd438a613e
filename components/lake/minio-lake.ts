import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import type { WorkloadIdentity } from "../identity/workload-identity";
import type { DataLake, LakeDagOperations, LakeHadoopAccess, LakeZoneRoot } from "./data-lake";
import { LAKE_ZONE_NAMES, mapZones, type LakeAccess, type LakeZoneName, type LakeZones, type LakeZoneSettings } from "./lake-zone";
import { s3DagOperations } from "./s3-dag-operations";
import type { MinioChartValues } from "./minio-chart-values";
import { minioDrivesProblems } from "./minio-drives";
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
function certificateSecret(args: Pick<MinioLakeArgs, "tlsSecretName" | "tls">): { readonly name: string; readonly issued: boolean } | undefined {
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
 * Access: until MinIO users per identity exist, every consumer (engines, the orchestrator) gets the
 * root key through {@link hadoopAccess} and the Airflow connection, and {@link grant} does not
 * narrow it yet.
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
  /** Name of the Secret holding `rootUser` / `rootPassword`. */
  readonly credentialsSecretName: pulumi.Output<string>;
  /** The root password, as a Pulumi secret, for components that must hand it on (as Secrets). */
  readonly rootPassword: pulumi.Output<string>;
  readonly rootUser: string = ROOT_USER;
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

    const password = new RandomPassword(`${name}-root-password`, { length: 40, special: false }, { parent: this });
    this.rootPassword = password.result;
    const certificate = certificateSecret(args);
    const certificates: pulumi.Resource[] = [];
    if (certificate?.issued && args.tls) {
      const chart = newManifestChart(`${name}-tls`);
      const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/component": "lake" };
      const dnsNames = [...serviceDnsNames(RELEASE, args.namespace), ...serviceDnsNames(`${RELEASE}-console`, args.namespace)];
      // Distributed mode: the servers reach each other by their headless Service names.
      if ((args.servers ?? 1) > 1) dnsNames.push(`*.${RELEASE}-svc.${args.namespace}.svc.cluster.local`);
      new ApiObject(chart, "certificate", serverCertificate({ name: certificate.name, namespace: args.namespace, dnsNames, issuer: args.tls.issuer, labels }));
      certificates.push(deployManifests(`${name}-tls`, chart, { parent: this }));
    }
    const secret = new Secret(
      `${name}-root-credentials`,
      {
        metadata: { name: `${name}-root-credentials`, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/component": "lake" } },
        type: "Opaque",
        stringData: { rootUser: ROOT_USER, rootPassword: password.result },
      },
      { parent: this },
    );
    this.credentialsSecretName = secret.metadata.name;

    new Chart(
      `${name}-minio`,
      {
        name: RELEASE,
        chart: MINIO_CHART.chart,
        version: MINIO_CHART.version,
        repositoryOpts: { repo: MINIO_CHART.repo },
        namespace: args.namespace,
        values: secret.metadata.name.apply((secretName) => helmValues(minioChartValues(args, secretName))),
      },
      { parent: this, dependsOn: [secret, ...certificates], ...protection },
    );

    this.tls = certificate !== undefined;
    const tlsMode = this.tls ? "tls" : "none";
    const certificateSource = certificate ? (certificate.issued ? `cert-manager Certificate ${certificate.name}` : `Secret ${certificate.name} (given)`) : "";
    const listener = { component: "minio", namespace: args.namespace, tls: tlsMode, certificate: certificateSource } as const;
    this.listeners = [
      { ...listener, name: "s3", kind: "api", service: RELEASE, port: 9000, authentication: "s3-signature", authorization: "bucket policies per user" },
      { ...listener, name: "console", kind: "ui", service: `${RELEASE}-console`, port: 9001, authentication: "password", authorization: "MinIO policies of the user" },
    ];
    this.s3Endpoint = minioEndpoint(args.namespace, this.tls);
    this.endpoint = pulumi.output(this.s3Endpoint);
    // Buckets are named after the zones.
    this.zoneRoots = mapZones((zone) => ({ bucket: zone, uri: `s3a://${zone}` }));
    this.zones = mapZones((zone) => ({ bucket: pulumi.output(zone), uri: pulumi.output(this.zoneRoots[zone].uri) }));
    this.zoneUris = zoneUrisOf(this.zones);
    this.dagOperations = s3DagOperations({ roots: this.zoneRoots, connId: MINIO_CONN_ID, endpoint: this.s3Endpoint, accessKey: ROOT_USER, secretKey: this.rootPassword });
    this.registerOutputs({ zoneUris: this.zoneUris, endpoint: this.endpoint });
  }

  /**
   * Not narrowed yet: MinIO has no users per identity here, so every consumer holds the root key
   * (see the class comment). Compositions call it all the same, so they keep working when it is.
   */
  grant(_identity: WorkloadIdentity, _zone: LakeZoneName, _access: LakeAccess): void {}

  /** S3A with the root key (see the class comment). */
  hadoopAccess(_identity: WorkloadIdentity): LakeHadoopAccess {
    return { kind: "s3a", endpoint: this.s3Endpoint, tls: this.tls, accessKey: this.rootUser, secretKey: this.rootPassword };
  }
}

/** MinIO erasure coding needs at least 4 servers; 2-3 servers is neither standalone nor distributed. */
export function minioServersProblems(servers: number, path = "servers"): string[] {
  return servers === 1 || servers >= 4 ? [] : [`${path}: got ${servers}; expected 1 (standalone) or 4 and more (distributed, erasure-coded)`];
}

function resources(cpu: string, memory: string): ResourceRequirements {
  return { requests: { cpu, memory }, limits: { cpu: doubled(cpu), memory: doubled(memory) } };
}

/** Doubles a Kubernetes quantity such as `250m` or `1Gi` (limits leave room for bursts). */
function doubled(quantity: string): string {
  const match = /^([0-9]+)(.*)$/.exec(quantity);
  return match ? `${Number(match[1]) * 2}${match[2]}` : quantity;
}

/** The `mc ilm` commands for expiry of current and noncurrent versions, per zone. */
export function minioLifecycleCommands(zones: MinioLakeArgs["zones"], noncurrentVersionDays = 30): string[] {
  return LAKE_ZONE_NAMES.flatMap((zone) => {
    const settings = zones[zone];
    const commands: string[] = [];
    if (settings.retentionDays !== undefined) commands.push(`ilm rule add --expire-days ${settings.retentionDays} myminio/${zone}`);
    if (settings.versioning) commands.push(`ilm rule add --noncurrent-expire-days ${noncurrentVersionDays} myminio/${zone}`);
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

/** The chart values; exported for tests of the security defaults. */
export function minioChartValues(args: MinioLakeArgs, credentialsSecretName: string): MinioChartValues {
  const servers = args.servers ?? 1;
  const jobResources = resources("50m", "128Mi");
  const podLabels = { ...(args.labels ?? {}), "app.kubernetes.io/component": "lake" };
  return {
    image: { ...chartImage(args.image ?? DEFAULT_MINIO_IMAGE), pullPolicy: "IfNotPresent" },
    mcImage: { ...chartImage(args.mcImage ?? DEFAULT_MC_IMAGE), pullPolicy: "IfNotPresent" },
    mode: servers === 1 ? "standalone" : "distributed",
    replicas: servers,
    drivesPerNode: args.drivesPerServer ?? 1,
    existingSecret: credentialsSecretName,
    users: [],
    buckets: LAKE_ZONE_NAMES.map((zone) => ({ name: zone, policy: "none", purge: false, versioning: args.zones[zone].versioning, objectlocking: false })),
    customCommands: minioLifecycleCommands(args.zones, args.noncurrentVersionDays).map((command) => ({ command })),
    persistence: { enabled: true, size: args.volumeSize ?? "10Gi", accessMode: "ReadWriteOnce", ...(args.storageClassName ? { storageClass: args.storageClassName } : {}) },
    resources: resources(args.cpu ?? "250m", args.memory ?? "1Gi"),
    securityContext: { enabled: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: "OnRootMismatch" },
    containerSecurityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
    tls: tlsValues(args),
    service: { type: "ClusterIP", port: "9000" },
    consoleService: { type: "ClusterIP", port: "9001" },
    nodeSelector: args.nodeSelector ?? {},
    tolerations: [],
    topologySpreadConstraints: args.spreadOverZones
      ? [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "minio", release: RELEASE } } }]
      : [],
    podDisruptionBudget: { enabled: servers > 1, maxUnavailable: 1 },
    makeBucketJob: { resources: jobResources },
    customCommandJob: { resources: jobResources },
    makePolicyJob: { resources: jobResources },
    makeUserJob: { resources: jobResources },
    makeServiceAccountJob: { resources: jobResources },
    podLabels,
  };
}
