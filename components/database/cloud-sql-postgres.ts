import * as pulumi from "@pulumi/pulumi";
import { GlobalAddress } from "@pulumi/gcp/compute/globalAddress";
import { Connection } from "@pulumi/gcp/servicenetworking/connection";
import { Database } from "@pulumi/gcp/sql/database";
import { DatabaseInstance } from "@pulumi/gcp/sql/databaseInstance";
import { User } from "@pulumi/gcp/sql/user";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import type { WorkloadIdentityProvider } from "../identity/workload-identity";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { addCloudSqlProxy, CLOUD_SQL_PROXY_PORT, cloudSqlProxyListener } from "./cloud-sql-proxy";
import type { Listener } from "../k8s/listener";

/** The project-level roles of the proxy's identity: connect to instances, log in with IAM. */
export const CLOUD_SQL_CLIENT_ROLES = ["roles/cloudsql.client", "roles/cloudsql.instanceUser"] as const;

export interface CloudSqlPostgresArgs {
  readonly project: string;
  readonly region: string;
  /** Instance name, unique in the project. */
  readonly instanceName: string;
  /** The VPC (self link or id) the instance gets its private address in. */
  readonly network: pulumi.Input<string>;
  /** Machine tier. @default "db-custom-1-3840" */
  readonly tier?: string;
  /** A standby in a second zone. @default false */
  readonly highAvailability?: boolean;
  /** Initial disk, grows automatically. @default 10 */
  readonly diskSizeGb?: number;
  readonly database: string;
  /** Namespace of the consumers; the IAM-authenticating proxy and the connection Secret go there. */
  readonly clientNamespace: string;
  /** Binds the proxy's service account to its own Google account, the database's IAM user. */
  readonly workloadIdentity: WorkloadIdentityProvider;
  /** Proxy replicas. @default 1 */
  readonly proxyReplicas?: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Deletion protection on the instance (and `protect`, `retainOnDelete`). @default false */
  readonly protect?: boolean;
}

const INSTANCE = /^[a-z][a-z0-9-]{0,96}[a-z0-9]$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function cloudSqlPostgresProblems(args: CloudSqlPostgresArgs): string[] {
  const problems: string[] = [];
  if (!INSTANCE.test(args.instanceName)) problems.push(`instanceName: got ${JSON.stringify(args.instanceName)}; expected lowercase letters, digits and -`);
  if (!IDENTIFIER.test(args.database)) problems.push(`database: got ${JSON.stringify(args.database)}; expected a lowercase identifier`);
  return problems;
}

/**
 * Cloud SQL for PostgreSQL with a private address only (Private Service Access on the VPC), TLS
 * required, automated backups with point-in-time recovery, and IAM database authentication: its
 * one login is the Google account of a Cloud SQL Auth Proxy in the consumers' namespace (its own
 * workload identity, `--auto-iam-authn`), so no database password exists anywhere. Consumers get a
 * connection Secret (`connection`) pointing at the proxy.
 */
export class CloudSqlPostgres extends pulumi.ComponentResource {
  readonly connectionSecretName: string;
  /** `project:region:instance`. */
  readonly connectionName: pulumi.Output<string>;
  readonly resources: readonly pulumi.Resource[];
  /** The proxy's in-namespace PostgreSQL listener. */
  readonly listeners: readonly Listener[];

  constructor(name: string, args: CloudSqlPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("CloudSqlPostgres", cloudSqlPostgresProblems(args));
    super("batch-platform:database:CloudSqlPostgres", name, {}, opts);
    const protect = args.protect ?? false;
    const labels = { ...args.labels, component: "database" };

    // Private Service Access: a peered range Google places the instance in.
    const range = new GlobalAddress(
      `${name}-psa-range`,
      { project: args.project, name: `${args.instanceName}-psa`, purpose: "VPC_PEERING", addressType: "INTERNAL", prefixLength: 20, network: args.network },
      { parent: this },
    );
    const peering = new Connection(
      `${name}-psa`,
      { network: args.network, service: "servicenetworking.googleapis.com", reservedPeeringRanges: [range.name] },
      { parent: this },
    );
    const instance = new DatabaseInstance(
      `${name}-instance`,
      {
        project: args.project,
        region: args.region,
        name: args.instanceName,
        databaseVersion: "POSTGRES_17",
        deletionProtection: protect,
        settings: {
          tier: args.tier ?? "db-custom-1-3840",
          edition: "ENTERPRISE",
          availabilityType: args.highAvailability ? "REGIONAL" : "ZONAL",
          diskSize: args.diskSizeGb ?? 10,
          diskAutoresize: true,
          deletionProtectionEnabled: protect,
          ipConfiguration: { ipv4Enabled: false, privateNetwork: args.network, sslMode: "ENCRYPTED_ONLY" },
          backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, startTime: "02:00", transactionLogRetentionDays: 7 },
          databaseFlags: [{ name: "cloudsql.iam_authentication", value: "on" }],
          userLabels: labels,
        },
      },
      { parent: this, dependsOn: [peering], ...dataProtection(protect) },
    );
    this.connectionName = instance.connectionName;
    new Database(`${name}-database`, { project: args.project, instance: instance.name, name: args.database }, { parent: this, ...dataProtection(protect) });

    const proxyName = `${name}-proxy`;
    const binding = args.workloadIdentity.bind(
      {
        name: `${name}-sql`,
        displayName: `Cloud SQL Auth Proxy of ${args.instanceName}`,
        serviceAccounts: [{ namespace: args.clientNamespace, name: proxyName }],
        cloudRoles: [...CLOUD_SQL_CLIENT_ROLES],
      },
      { parent: this },
    );
    const email = pulumi.output(binding.identity.google?.email ?? "");
    // An IAM service-account login is the account's email without `.gserviceaccount.com`.
    const login = email.apply((e) => e.replace(/\.gserviceaccount\.com$/, ""));
    const user = new User(`${name}-iam-user`, { project: args.project, instance: instance.name, name: login, type: "CLOUD_IAM_SERVICE_ACCOUNT" }, { parent: this });

    this.connectionSecretName = `${name}-connection`;
    const chart = newManifestChart(`${name}-proxy`, args.clientNamespace);
    addCloudSqlProxy(chart, {
      name: proxyName,
      // `project:region:instance`, known before the instance exists.
      connectionName: `${args.project}:${args.region}:${args.instanceName}`,
      replicas: args.proxyReplicas ?? 1,
      serviceAccountAnnotations: binding.serviceAccountAnnotations,
      labels: { ...args.labels, ...binding.podLabels },
      namespace: args.clientNamespace,
    });
    this.listeners = [cloudSqlProxyListener(proxyName, args.clientNamespace)];
    const proxy = deployManifests(`${name}-proxy`, chart, { parent: this, dependsOn: [user] });
    // No password: the proxy logs in as its Google account; the hop to it stays in the namespace.
    const host = `${proxyName}.${args.clientNamespace}.svc.cluster.local`;
    const connection = new Secret(
      this.connectionSecretName,
      {
        metadata: { name: this.connectionSecretName, namespace: args.clientNamespace, labels: args.labels },
        type: "Opaque",
        stringData: { connection: pulumi.interpolate`postgresql://${login.apply(encodeURIComponent)}@${host}:${CLOUD_SQL_PROXY_PORT}/${args.database}` },
      },
      { parent: this },
    );
    this.resources = [user, proxy, connection];
    this.registerOutputs({ connectionName: this.connectionName });
  }
}
