import * as pulumi from "@pulumi/pulumi";
import type { Listener } from "../k8s/listener";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { newManifestChart } from "../k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT, type NodePlacement } from "../k8s/placement";
import { validateContainerSize, type ContainerSize } from "../k8s/workload-defaults";
import { YugabyteDatabase } from "../warehouse/yugabyte-database";
import { jvmClientTrust, type YugabyteServer } from "../warehouse/yugabyte-server";
import { lakeCredentialsSecret, type LakeCredentials } from "../lake/lake-credentials";
import { TRINO_IMAGE } from "../query/trino-versions";
import { ApiObject } from "cdk8s";
import { serverCertificate, serviceDnsNames, type TlsSettings } from "../tls/certificates";
import { needsJvmTruststore, type PlatformCaTrust } from "../tls/jvm-truststore";
import { metastoreClientCertificate, type MetastoreClientIdentity } from "./metastore-proxy";
import { addHiveMetastore, DB_PASSWORD_KEY, DB_USERNAME_KEY, METASTORE_PORT, metastoreListener, type JdbcDriverSource } from "./hive-metastore-manifests";
import { addMetastorePostgres, addPostgresVolumeClaim, POSTGRES_PORT } from "./metastore-postgres-manifests";

/**
 * The metastore's catalog database (Hive speaks to all three with `schematool -dbType postgres`).
 * - `postgres` (the default, for dev): a PostgreSQL of its own, a one-replica StatefulSet on the
 *   stateful pool with a protected PVC — cheap, and independent of the serving store.
 * - `yugabyte` (staging/prod): a `metastore` database and role on YugabyteDB YSQL, provisioned by
 *   an idempotent Job with YugabyteDB's admin Secret, password generated here. The catalog is then
 *   as zone-redundant as YugabyteDB (RF 3); a single-replica PostgreSQL would be the one stateful
 *   set in prod that a zone outage takes down (the prod placement policy refuses it).
 * - `external`: any PostgreSQL-protocol database that already has the database and role; its login
 *   comes from a Secret in the metastore's namespace.
 */
export type MetastoreDatabase =
  | {
      readonly kind: "postgres";
      /** PVC size. @default "10Gi" */
      readonly volumeSize?: string;
      /** StorageClass of the PVC. @default the cluster default */
      readonly storageClassName?: string;
      /** @default 250m / 512Mi */
      readonly resources?: ContainerSize;
    }
  | {
      readonly kind: "yugabyte";
      /** The YugabyteDB server (`YugabyteDB.server`); a `YugabyteDatabase` gives the metastore its login. */
      readonly server: YugabyteServer;
      /** @default "metastore" */
      readonly database?: string;
      /** @default "hive_metastore" */
      readonly role?: string;
    }
  | {
      readonly kind: "external";
      /** `jdbc:postgresql://host:port/database`, no credentials. */
      readonly jdbcUrl: pulumi.Input<string>;
      /** Secret in the metastore's namespace with `username` / `password`. */
      readonly credentialsSecretName: string;
    };

export interface HiveMetastoreArgs {
  /** Namespace the metastore (and its own database) run in, e.g. `query`. */
  readonly namespace: pulumi.Input<string>;
  /** The lake's S3 endpoint, e.g. `http://minio.lake.svc.cluster.local:9000`. */
  readonly lakeEndpoint: pulumi.Input<string>;
  /** S3 credentials for the warehouse (an existing Secret in the namespace, or keys to copy into one). */
  readonly lakeCredentials: LakeCredentials;
  /** Where managed tables and new databases go. @default "s3a://curated/warehouse" */
  readonly warehouseDir?: string;
  /** S3 region the SDK signs for (MinIO accepts any). @default "us-east-1" */
  readonly s3Region?: string;
  /** The catalog database. @default { kind: "postgres" } */
  readonly database?: MetastoreDatabase;
  /** Name of the Service (and Deployment); the thrift URI is built from it. @default "hive-metastore" */
  readonly serviceName?: string;
  /** Metastore pods; with 2 or more a PodDisruptionBudget keeps one up during drains. @default 1 */
  readonly replicas?: number;
  /** Size of a metastore container (heap is 75% of the memory limit). @default 250m / 1536Mi */
  readonly resources?: ContainerSize;
  /** Pool of the metastore pods; never the spot pool. @default "stateful" */
  readonly pool?: "system" | "stateful";
  /** Node pool label and spot taint of the cluster. @default DEFAULT_PLACEMENT */
  readonly placement?: NodePlacement;
  /** Image and path of the PostgreSQL JDBC driver jar. @default copied from the pinned Trino image */
  readonly jdbcDriver?: JdbcDriverSource;
  /** Labels on every object (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the catalog database's volume from deletion. @default false */
  readonly protect?: boolean;
  /**
   * Thrift with mutual TLS: a proxy in the pod serves a certificate from this issuer and admits
   * only `clients`, whose certificates it issues in their namespaces. @default plain Thrift
   */
  readonly tls?: TlsSettings;
  /** The workloads allowed in (each reaches the metastore through its own proxy); needs `tls`. @default [] */
  readonly clients?: readonly MetastoreClientIdentity[];
  /** Trust in the platform CA for S3A where it signed the lake's certificate (`lake`). @default the JDK's roots only */
  readonly platformCa?: Pick<PlatformCaTrust, "secretName" | "lake">;
}

/** The PostgreSQL driver inside the pinned Trino image (its PostgreSQL connector plugin). */
export const DEFAULT_JDBC_DRIVER: JdbcDriverSource = {
  image: `${TRINO_IMAGE.repository}:${TRINO_IMAGE.tag}`,
  jarGlob: "/usr/lib/trino/plugin/postgresql/postgresql-*.jar",
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems of {@link HiveMetastoreArgs}, one line each naming the property. */
export function validateHiveMetastoreArgs(args: HiveMetastoreArgs): string[] {
  const problems: string[] = [];
  const serviceName = args.serviceName ?? "hive-metastore";
  if (!DNS_LABEL.test(serviceName) || serviceName.length > 50) problems.push(`serviceName: got ${JSON.stringify(serviceName)}; expected a DNS label of at most 50 characters`);
  if (typeof args.namespace === "string" && !DNS_LABEL.test(args.namespace)) problems.push(`namespace: got ${JSON.stringify(args.namespace)}; expected a DNS label such as "query"`);
  const warehouse = args.warehouseDir ?? "s3a://curated/warehouse";
  if (!/^s3a:\/\/[a-z0-9][a-z0-9.-]+(\/.*)?$/.test(warehouse)) problems.push(`warehouseDir: got ${JSON.stringify(warehouse)}; expected an s3a:// URI on the lake such as "s3a://curated/warehouse"`);
  const replicas = args.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 1) problems.push(`replicas: got ${replicas}; expected an integer of at least 1`);
  if ((args.pool as string | undefined) === "batch") problems.push(`pool: got "batch"; the metastore is long-lived and must not run on spot nodes, use "system" or "stateful"`);
  if (args.resources) problems.push(...validateContainerSize("resources", args.resources));
  if (args.tls && typeof args.namespace !== "string") {
    problems.push("namespace: expected plain text with tls (it names the certificate's DNS names)");
  }
  const clients = args.clients ?? [];
  if (args.tls && clients.length === 0) problems.push("clients: got []; expected at least one client with tls");
  if (!args.tls && clients.length > 0) problems.push("clients: need tls (clients prove who they are with certificates)");
  clients.forEach((client, i) => {
    if (!DNS_LABEL.test(client.namespace))
      problems.push(`clients[${i}].namespace: got ${JSON.stringify(client.namespace)}; expected a DNS label`);
    if (!DNS_LABEL.test(client.workload) || client.workload.length > 40)
      problems.push(`clients[${i}].workload: got ${JSON.stringify(client.workload)}; expected a DNS label of at most 40 characters`);
  });
  if (args.platformCa && !DNS_LABEL.test(args.platformCa.secretName)) {
    const got = JSON.stringify(args.platformCa.secretName);
    problems.push(`platformCa.secretName: got ${got}; expected the name of a Secret in the namespace`);
  }
  const database = args.database ?? { kind: "postgres" };
  if (database.kind === "postgres") {
    if (database.volumeSize !== undefined && !/^[1-9][0-9]*Gi$/.test(database.volumeSize)) problems.push(`database.volumeSize: got ${JSON.stringify(database.volumeSize)}; expected whole Gi such as "10Gi"`);
    if (database.resources) problems.push(...validateContainerSize("database.resources", database.resources));
  } else if (database.kind === "yugabyte") {
    for (const key of ["database", "role"] as const) {
      const value = database[key];
      if (value !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(value)) problems.push(`database.${key}: got ${JSON.stringify(value)}; expected a lowercase identifier (letters, digits, _)`);
    }
  } else {
    if (typeof database.jdbcUrl === "string" && !/^jdbc:postgresql:\/\/[^/@]+\/[^?@]+/.test(database.jdbcUrl)) {
      problems.push(`database.jdbcUrl: got ${JSON.stringify(database.jdbcUrl)}; expected jdbc:postgresql://host:port/database without credentials`);
    }
    if (!DNS_LABEL.test(database.credentialsSecretName)) problems.push(`database.credentialsSecretName: got ${JSON.stringify(database.credentialsSecretName)}; expected the name of a Secret in the namespace`);
  }
  return problems;
}

/**
 * A standalone Hive Metastore (Apache Hive 4) so the Delta tables Spark registers are visible to
 * Trino: thrift on 9083, the warehouse on the lake through S3A, the catalog in PostgreSQL (its own
 * or an external one such as YugabyteDB YSQL). Authored with cdk8s-plus; database and lake
 * credentials reach the pods only as `secretKeyRef`s.
 */
export class HiveMetastore extends pulumi.ComponentResource {
  /** `thrift://<serviceName>.<namespace>.svc.cluster.local:9083`, for Spark, Trino and Zeppelin. */
  readonly thriftUri: pulumi.Output<string>;
  /** The Thrift API (mutual TLS where `tls` is given, see metastoreListener). */
  readonly listeners: readonly Listener[];
  /** The Service name. */
  readonly serviceName: string;
  /** The JDBC URL of the catalog database (no credentials). */
  readonly jdbcUrl: pulumi.Output<string>;
  /** Thrift needs mutual TLS: each client passes its identity (`metastoreClient`) and runs a proxy. */
  readonly tls: boolean;

  constructor(name: string, args: HiveMetastoreArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("HiveMetastore", validateHiveMetastoreArgs(args));
    super("batch-platform:metastore:HiveMetastore", name, {}, opts);
    const serviceName = args.serviceName ?? "hive-metastore";
    const labels = args.labels ?? {};
    const placement = args.placement ?? DEFAULT_PLACEMENT;
    const database = args.database ?? { kind: "postgres" };
    const dependsOn: pulumi.Resource[] = [];

    const lake = lakeCredentialsSecret(`${name}-lake-credentials`, args.namespace, args.lakeCredentials, labels, this);
    dependsOn.push(...lake.dependsOn);

    let dbSecretName: string;
    let jdbcUrl: pulumi.Output<string>;
    const dbName = `${serviceName}-db`;
    if (database.kind === "postgres") {
      const password = new RandomPassword(`${name}-db-password`, { length: 32, special: false }, { parent: this });
      dbSecretName = `${name}-db-credentials`;
      dependsOn.push(
        new Secret(
          dbSecretName,
          {
            metadata: { name: dbSecretName, namespace: args.namespace, labels: { ...labels, "app.kubernetes.io/part-of": "batch-platform" } },
            type: "Opaque",
            stringData: { [DB_USERNAME_KEY]: "hive", [DB_PASSWORD_KEY]: password.result },
          },
          { parent: this },
        ),
      );
      jdbcUrl = pulumi.interpolate`jdbc:postgresql://${dbName}.${args.namespace}.svc.cluster.local:${POSTGRES_PORT}/metastore`;
      const volume = pulumi.output(args.namespace).apply((namespace) => {
        const chart = newManifestChart(`${name}-db-data`, namespace);
        addPostgresVolumeClaim(chart, { name: `${dbName}-data`, size: database.volumeSize ?? "10Gi", storageClassName: database.storageClassName, labels });
        return chart.toJson();
      });
      // The catalog's volume is its own group: protected in prod, untouched when the pods change.
      dependsOn.push(new ConfigGroup(`${name}-db-data`, { objs: volume }, { parent: this, ...dataProtection(args.protect ?? false) }));
    } else if (database.kind === "yugabyte") {
      const catalogDatabase = database.database ?? "metastore";
      // pgJDBC verifies the server where the JVM's truststore holds the bundle the server names.
      const trustedCaBundle = needsJvmTruststore(args.platformCa) ? args.platformCa.secretName : undefined;
      const clientTrust = jvmClientTrust(database.server, trustedCaBundle);
      const login = new YugabyteDatabase(
        `${name}-db`,
        {
          server: database.server,
          role: database.role ?? "hive_metastore",
          access: { api: "ysql", database: catalogDatabase },
          consumerNamespace: args.namespace,
          secretName: `${serviceName}-db-credentials`,
          labels,
          ...(clientTrust ? { clientTrust } : {}),
        },
        { parent: this },
      );
      dependsOn.push(login);
      dbSecretName = login.secretName;
      jdbcUrl = pulumi.output(login.jdbcUrl!);
    } else {
      dbSecretName = database.credentialsSecretName;
      jdbcUrl = pulumi.output(database.jdbcUrl);
    }

    const tls = args.tls;
    const clients = args.clients ?? [];
    const certificateName = `${serviceName}-tls`;
    if (tls) {
      const namespace = String(args.namespace);
      const chart = newManifestChart(`${name}-tls`, namespace);
      const dnsNames = serviceDnsNames(serviceName, namespace);
      const certificate = { name: certificateName, namespace, dnsNames, issuer: tls.issuer, labels };
      new ApiObject(chart, "certificate", serverCertificate(certificate));
      // Each client's certificate, in its own namespace: the URI SAN the proxy admits.
      clients.forEach((client, i) => {
        new ApiObject(chart, `client-${i}`, metastoreClientCertificate(client, tls.issuer, labels));
      });
      dependsOn.push(new ConfigGroup(`${name}-tls`, { objs: chart.toJson() }, { parent: this }));
    }
    const caTrust = needsJvmTruststore(args.platformCa) ? { platformCaSecret: args.platformCa.secretName } : {};
    const objs = pulumi.all([args.namespace, args.lakeEndpoint, jdbcUrl]).apply(([namespace, lakeEndpoint, url]) => {
      const chart = newManifestChart(name, namespace);
      if (database.kind === "postgres") {
        addMetastorePostgres(chart, {
          name: dbName,
          database: "metastore",
          credentialsSecret: dbSecretName,
          claimName: `${dbName}-data`,
          resources: database.resources ?? { cpu: "250m", memory: "512Mi" },
          placement,
          labels,
        });
      }
      addHiveMetastore(chart, {
        name: serviceName,
        namespace,
        lakeEndpoint,
        lakeCredentialsSecret: lake.secretName,
        warehouseDir: args.warehouseDir ?? "s3a://curated/warehouse",
        s3Region: args.s3Region ?? "us-east-1",
        jdbcUrl: url,
        dbCredentialsSecret: dbSecretName,
        replicas: args.replicas ?? 1,
        resources: args.resources ?? { cpu: "250m", memory: "1536Mi" },
        pool: args.pool ?? "stateful",
        placement,
        labels,
        jdbcDriver: args.jdbcDriver ?? DEFAULT_JDBC_DRIVER,
        ...(tls ? { mtls: { secretName: certificateName, clients } } : {}),
        ...caTrust,
      });
      return chart.toJson();
    });
    new ConfigGroup(`${name}-manifests`, { objs }, { parent: this, dependsOn });

    this.serviceName = serviceName;
    this.jdbcUrl = jdbcUrl;
    this.thriftUri = pulumi.interpolate`thrift://${serviceName}.${args.namespace}.svc.cluster.local:${METASTORE_PORT}`;
    this.tls = tls !== undefined;
    this.listeners = [metastoreListener(serviceName, String(args.namespace), tls ? clients : undefined)];
    this.registerOutputs({ thriftUri: this.thriftUri, jdbcUrl: this.jdbcUrl });
  }
}
