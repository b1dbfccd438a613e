import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { ApiObject } from "cdk8s";
import { dataProtection } from "../common/protection";
import type { Listener } from "../k8s/listener";
import { assertNoProblems } from "../common/validation";
import { kubernetesIdentity } from "../identity/workload-identity";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { zoneUri, type DataLake } from "../lake/data-lake";
import type { LakeZoneName } from "../lake/lake-zone";
import type { CnpgCluster, CnpgScheduledBackup } from "./cloudnative-pg-schema";

/** PostgreSQL's port; CloudNativePG serves it with TLS from its own CA. */
const POSTGRES_PORT = 5432;

/**
 * PostgreSQL 17 (the major Cloud SQL runs on gcp) in CloudNativePG's `system` flavour, the one that
 * carries the Barman Cloud tools the in-tree `backup.barmanObjectStore` uses. Pinned: without it the
 * operator's default image (a moving PostgreSQL major) decides the database version.
 */
export const POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:17.11-system-trixie";

/**
 * How long backups in a lake zone are kept: 30 days, or two days less than the zone keeps objects.
 * Barman keeps the newest base backup taken before the window (and its WAL) until the next daily
 * backup completes, so the oldest object the catalogue still lists is up to a day older than the
 * window; one more day of slack covers a failed night. The zone's expiry would otherwise delete it.
 */
export function backupRetentionDays(zoneRetentionDays: number | undefined, wanted = 30): number {
  return zoneRetentionDays === undefined ? wanted : Math.max(1, Math.min(wanted, zoneRetentionDays - 2));
}

/** Base backups and WAL to the lake. */
export interface PostgresBackup {
  readonly lake: DataLake;
  /** @default "processing" */
  readonly zone?: LakeZoneName;
  /** Key prefix under the zone. @default `cnpg/<name>` */
  readonly prefix?: string;
  /** Base backups and WAL older than this are removed. @default 30 */
  readonly retentionDays?: number;
  /** When the daily base backup runs (six-field cron, seconds first, UTC). @default "0 0 2 * * *" */
  readonly schedule?: string;
  /** The CA bundle (a Secret key in the namespace) that signed the lake's certificate. @default the system roots */
  readonly endpointCA?: { readonly name: string; readonly key: string };
}

export interface PostgresClusterArgs {
  /** Namespace of the cluster (the operator's), and of its consumers' connection Secret. */
  readonly namespace: string;
  /** Database and owner role created at bootstrap. */
  readonly database: string;
  readonly owner: string;
  /** PostgreSQL instances: 1 (dev) or 3 (a primary and two replicas over zones). @default 1 */
  readonly instances?: number;
  /** @default "10Gi" */
  readonly volumeSize?: string;
  /** @default the cluster's default */
  readonly storageClassName?: string;
  /** CPU and memory requests of an instance; limits are twice. @default 250m / 512Mi */
  readonly size?: { readonly cpu: string; readonly memory: string };
  /** Node labels of the stateful pool. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Instances on different zones (required anti-affinity) rather than only different nodes: needs
   * at least `instances` zones, or the rest stay Pending (`zoneSpreadProblems`). @default false
   */
  readonly spreadOverZones?: boolean;
  /** Backups to object storage. @default none */
  readonly backup?: PostgresBackup;
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the cluster (its volumes) and its password from deletion. @default false */
  readonly protect?: boolean;
  /**
   * Where the consumer mounts {@link PostgresCluster.serverCa}: the connection URI then verifies the
   * server's chain and host name (`sslmode=verify-full`). @default none: `sslmode=require`
   */
  readonly clientCaFile?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function postgresClusterProblems(args: PostgresClusterArgs): string[] {
  const problems: string[] = [];
  if (!IDENTIFIER.test(args.database))
    problems.push(`database: got ${JSON.stringify(args.database)}; expected a lowercase identifier`);
  if (!IDENTIFIER.test(args.owner))
    problems.push(`owner: got ${JSON.stringify(args.owner)}; expected a lowercase identifier`);
  const instances = args.instances ?? 1;
  if (!Number.isInteger(instances) || instances < 1 || instances > 9)
    problems.push(`instances: got ${instances}; expected 1 to 9`);
  if (args.backup && (args.backup.lake.kind === "adls" || args.backup.lake.kind === "gcs")) {
    problems.push(
      `backup.lake: got a ${args.backup.lake.kind} lake; backups with workload identity are not wired yet, use an S3 lake (MinIO)`,
    );
  }
  return problems;
}

/**
 * Spread over zones, each instance needs a zone of its own (the anti-affinity is required): with
 * fewer zones the extra instances stay Pending. One zone, or none, spreads over nodes instead.
 */
export function zoneSpreadProblems(instances: number, zones: readonly string[]): string[] {
  if (zones.length <= 1 || zones.length >= instances) return [];
  return [`zones: got ${zones.length} zones; expected none, one, or at least ${instances}, one per instance`];
}

/**
 * The connection URI's query: `verify-full` (chain and host name) against the CA file the consumer
 * mounts, else `require` (encrypted, the server not verified).
 */
export function postgresTlsQuery(clientCaFile?: string): string {
  return clientCaFile ? `?sslmode=verify-full&sslrootcert=${clientCaFile}` : "?sslmode=require";
}

function doubled(quantity: string): string {
  const match = /^([0-9]+(?:\.[0-9]+)?)(.*)$/.exec(quantity);
  return match ? `${Number(match[1]) * 2}${match[2]}` : quantity;
}

/**
 * A PostgreSQL cluster run by the CloudNativePG operator: the owner's generated password in a
 * Secret the bootstrap reads, a connection Secret for consumers (`connection`: a SQLAlchemy URI to
 * the read-write Service, `sslmode=verify-full` with `clientCaFile`), instances spread over nodes
 * or zones on the stateful pool, no superuser access, and daily base backups plus WAL archiving to
 * the lake.
 */
export class PostgresCluster extends pulumi.ComponentResource {
  /** Secret in the namespace whose key `connection` holds the URI (Airflow's `MetadataDatabase`). */
  readonly connectionSecretName: string;
  /** `<name>-rw.<namespace>.svc.cluster.local`, the primary. */
  readonly host: string;
  /**
   * The CA CloudNativePG signs the server certificate with (its operator-managed `<name>-ca`
   * Secret; mount only `key`, the Secret also holds the CA's private key). The certificate names
   * the Services `<name>-rw` and the others in every form up to `.svc.cluster.local`
   * (`GetClusterAltDNSNames`, CloudNativePG 1.30).
   */
  readonly serverCa: { readonly secretName: string; readonly key: string };
  /** PostgreSQL on the read-write Service: TLS from CloudNativePG's own CA, password logins. */
  readonly listeners: readonly Listener[];
  /** What consumers wait for: the credentials and the cluster. */
  readonly resources: readonly pulumi.Resource[];

  constructor(name: string, args: PostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("PostgresCluster", postgresClusterProblems(args));
    super("batch-platform:database:PostgresCluster", name, {}, opts);
    const labels = {
      ...(args.labels ?? {}),
      "app.kubernetes.io/part-of": "batch-platform",
      "app.kubernetes.io/component": "database",
    };
    const protection = dataProtection(args.protect ?? false);
    this.host = `${name}-rw.${args.namespace}.svc.cluster.local`;
    this.connectionSecretName = `${name}-connection`;
    this.serverCa = { secretName: `${name}-ca`, key: "ca.crt" };
    this.listeners = [
      {
        component: "postgres",
        name: name,
        kind: "database",
        namespace: args.namespace,
        service: `${name}-rw`,
        port: POSTGRES_PORT,
        tls: "tls",
        certificate: "CloudNativePG's operator-managed CA (the cluster's server certificate)",
        authentication: "password",
        authorization: `the owner ${args.owner} of database ${args.database} only`,
      },
    ];

    const password = new RandomPassword(
      `${name}-password`,
      { length: 32, special: false },
      { parent: this, ...(args.protect ? { protect: true } : {}) },
    );
    const secret = (secretName: string, type: string, stringData: Record<string, pulumi.Input<string>>) =>
      new Secret(
        secretName,
        { metadata: { name: secretName, namespace: args.namespace, labels }, type, stringData },
        { parent: this },
      );
    const bootstrap = secret(`${name}-credentials`, "kubernetes.io/basic-auth", {
      username: args.owner,
      password: password.result,
    });
    const address = `${this.host}:${POSTGRES_PORT}/${args.database}`;
    const tlsQuery = postgresTlsQuery(args.clientCaFile);
    const connection = secret(this.connectionSecretName, "Opaque", {
      connection: pulumi.interpolate`postgresql://${args.owner}:${password.result}@${address}${tlsQuery}`,
    });
    const created: pulumi.Resource[] = [bootstrap, connection];

    const size = args.size ?? { cpu: "250m", memory: "512Mi" };
    const backup = args.backup;
    let barmanObjectStore: NonNullable<CnpgCluster["spec"]["backup"]>["barmanObjectStore"] | undefined;
    if (backup) {
      if (backup.lake.kind !== "minio") throw new Error(`PostgresCluster ${name}: backups need an S3 lake`);
      // The cluster's own lake user, with write on its backup prefix only (not the orchestrator's).
      const { identity } = kubernetesIdentity(`${name}-backup`, [{ namespace: args.namespace, name }]);
      const zone = backup.zone ?? "processing";
      const prefix = backup.prefix ?? `cnpg/${name}`;
      backup.lake.grant(identity, zone, "write", `${prefix}/`);
      const access = backup.lake.hadoopAccess(identity);
      if (access.kind !== "s3a") throw new Error(`PostgresCluster ${name}: backups need an S3 lake`);
      const keys = secret(`${name}-backup-credentials`, "Opaque", {
        ACCESS_KEY_ID: access.accessKey,
        ACCESS_SECRET_KEY: access.secretKey,
      });
      created.push(keys);
      // Barman speaks s3://; the lake's root is Hadoop's s3a:// form of the same bucket.
      const path = zoneUri(backup.lake, zone, prefix).replace(/^s3a:/, "s3:");
      const credentials = { name: `${name}-backup-credentials` };
      barmanObjectStore = {
        destinationPath: path,
        endpointURL: access.endpoint,
        ...(backup.endpointCA ? { endpointCA: { ...backup.endpointCA } } : {}),
        s3Credentials: {
          accessKeyId: { ...credentials, key: "ACCESS_KEY_ID" },
          secretAccessKey: { ...credentials, key: "ACCESS_SECRET_KEY" },
        },
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      };
    }
    const cluster: CnpgCluster = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name, namespace: args.namespace, labels },
      spec: {
        instances: args.instances ?? 1,
        imageName: POSTGRES_IMAGE,
        enableSuperuserAccess: false,
        primaryUpdateStrategy: "unsupervised",
        bootstrap: { initdb: { database: args.database, owner: args.owner, secret: { name: `${name}-credentials` } } },
        storage: {
          size: args.volumeSize ?? "10Gi",
          ...(args.storageClassName ? { storageClass: args.storageClassName } : {}),
        },
        resources: {
          requests: { cpu: size.cpu, memory: size.memory },
          limits: { cpu: doubled(size.cpu), memory: doubled(size.memory) },
        },
        affinity: {
          nodeSelector: { ...(args.nodeSelector ?? {}) },
          enablePodAntiAffinity: true,
          topologyKey: args.spreadOverZones ? "topology.kubernetes.io/zone" : "kubernetes.io/hostname",
          podAntiAffinityType: args.spreadOverZones ? "required" : "preferred",
        },
        inheritedMetadata: { labels },
        // The operator's defaults, stated (it fills unset fields one by one, pkg/specs/containers.go):
        // every container of the instance pods and Jobs restricted and read-only (PGDATA is the volume;
        // /run, /controller and /dev/shm are emptyDirs the operator mounts, pkg/specs/volumes.go). The pod
        // context stays the operator's: set, it would have to repeat runAsNonRoot and fsGroup 26 itself.
        seccompProfile: { type: "RuntimeDefault" },
        securityContext: {
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
        ...(barmanObjectStore
          ? { backup: { barmanObjectStore, retentionPolicy: `${backup?.retentionDays ?? 30}d` } }
          : {}),
      },
    };
    const chart = newManifestChart(`${name}-cluster`);
    new ApiObject(chart, "cluster", cluster);
    if (barmanObjectStore) {
      const scheduled: CnpgScheduledBackup = {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "ScheduledBackup",
        metadata: { name: `${name}-daily`, namespace: args.namespace, labels },
        spec: {
          schedule: backup?.schedule ?? "0 0 2 * * *",
          cluster: { name },
          backupOwnerReference: "self",
          method: "barmanObjectStore",
          immediate: true,
        },
      };
      new ApiObject(chart, "scheduled-backup", scheduled);
    }
    const group = deployManifests(`${name}-cluster`, chart, { parent: this, dependsOn: created, ...protection });
    this.resources = [...created, group];
    this.registerOutputs({});
  }
}
