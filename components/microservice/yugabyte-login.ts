import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { newManifestChart } from "../k8s/cdk8s-manifests";
import type { NodePlacement } from "../k8s/placement";
import type { YugabyteServer } from "../warehouse/yugabyte-server";
import { addProvisioningJob, YUGABYTE_CLIENT_IMAGE, type MicroserviceDatabase } from "./yugabyte-provisioning";

/** Where YugabyteDB is and how to administer it (outputs of the YugabyteDB component). */
export interface YugabyteAccess {
  /** YugabyteDB's namespace: the provisioning Job runs there, next to the admin Secret. */
  readonly namespace: pulumi.Input<string>;
  /** YSQL host, e.g. `yb-tservers.serving.svc.cluster.local`. */
  readonly ysqlHost: pulumi.Input<string>;
  /** @default 5433 */
  readonly ysqlPort?: number;
  /** YCQL host (usually the same Service). @default ysqlHost */
  readonly ycqlHost?: pulumi.Input<string>;
  /** @default 9042 */
  readonly ycqlPort?: number;
  /** The admin Secret in YugabyteDB's namespace. */
  readonly adminSecret: {
    readonly name: string;
    /** @default "username" */
    readonly usernameKey?: string;
    /** @default "password" */
    readonly passwordKey?: string;
  };
  /** Image with `ysqlsh` / `ycqlsh` for the provisioning Job. @default YUGABYTE_CLIENT_IMAGE */
  readonly clientImage?: string;
}

/** The access of the YugabyteDB component's server contract: its endpoints, admin Secret and pinned image. */
export function yugabyteAccessOf(server: YugabyteServer): YugabyteAccess {
  return {
    namespace: server.namespace,
    ysqlHost: server.host,
    ysqlPort: server.ysqlPort,
    ycqlHost: server.host,
    ycqlPort: server.ycqlPort,
    adminSecret: { name: server.adminSecretName, usernameKey: "username", passwordKey: "password" },
    clientImage: server.image,
  };
}

/** What a consumer of a provisioned login needs. */
export interface YugabyteLogin {
  /** Secret in the consumer's namespace with `username` / `password`. */
  readonly credentialsSecretName: string;
  /** YSQL or YCQL host, and its port. */
  readonly host: pulumi.Output<string>;
  readonly port: number;
  /** The consumer's manifests wait for these: its Secret and the provisioning Job. */
  readonly dependsOn: pulumi.Resource[];
}

export interface YugabyteLoginArgs {
  /** Prefix of the Kubernetes objects: `<objectName>-db-credentials`, `-db-role-password`, `-db-provision`. */
  readonly objectName: string;
  readonly database: MicroserviceDatabase;
  readonly yugabyte: YugabyteAccess;
  /** The consumer's namespace, where its credentials Secret goes. */
  readonly namespace: pulumi.Input<string>;
  readonly placement: NodePlacement;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A database (YSQL) or keyspace (YCQL) and login role of its own for a consumer: the password is
 * generated here and stored only in two Secrets — the consumer's (`username` / `password`) and one
 * in YugabyteDB's namespace for the idempotent provisioning Job, which runs with the admin Secret.
 * Children are named `${name}-db-password`, `${name}-db-credentials`, `${name}-db-role-password`
 * and `${name}-provision`, with `parent`.
 */
export function provisionYugabyteLogin(name: string, args: YugabyteLoginArgs, parent: pulumi.Resource): YugabyteLogin {
  const yb = args.yugabyte;
  const ysql = args.database.kind === "ysql";
  const host = ysql ? pulumi.output(yb.ysqlHost) : pulumi.output(yb.ycqlHost ?? yb.ysqlHost);
  const port = ysql ? (yb.ysqlPort ?? 5433) : (yb.ycqlPort ?? 9042);
  const labels = { ...args.labels, "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/name": args.objectName };

  const password = new RandomPassword(`${name}-db-password`, { length: 32, special: false }, { parent });
  const credentialsSecretName = `${args.objectName}-db-credentials`;
  const credentials = new Secret(
    `${name}-db-credentials`,
    {
      metadata: { name: credentialsSecretName, namespace: args.namespace, labels },
      type: "Opaque",
      stringData: { username: args.database.role, password: password.result },
    },
    { parent },
  );
  const rolePasswordSecretName = `${args.objectName}-db-role-password`;
  const rolePassword = new Secret(
    `${name}-db-role-password`,
    {
      metadata: { name: rolePasswordSecretName, namespace: yb.namespace, labels },
      type: "Opaque",
      stringData: { password: password.result },
    },
    { parent },
  );

  const objs = pulumi.all([yb.namespace, host]).apply(([namespace, resolvedHost]) => {
    const chart = newManifestChart(`${name}-provision`, namespace);
    addProvisioningJob(chart, {
      name: `${args.objectName}-db-provision`,
      database: args.database,
      host: resolvedHost,
      port,
      adminSecret: { name: yb.adminSecret.name, usernameKey: yb.adminSecret.usernameKey ?? "username", passwordKey: yb.adminSecret.passwordKey ?? "password" },
      rolePasswordSecret: rolePasswordSecretName,
      clientImage: yb.clientImage ?? YUGABYTE_CLIENT_IMAGE,
      placement: args.placement,
      labels: args.labels,
    });
    return chart.toJson();
  });
  const provision = new ConfigGroup(`${name}-provision`, { objs }, { parent, dependsOn: [rolePassword] });
  return { credentialsSecretName, host, port, dependsOn: [credentials, provision] };
}

/** A login provisioned elsewhere (e.g. by `YugabyteDatabase`): its Secret in the consumer's namespace, nothing created. */
export function existingLogin(secretName: string, database: MicroserviceDatabase, yugabyte: YugabyteAccess): YugabyteLogin {
  const ysql = database.kind === "ysql";
  return {
    credentialsSecretName: secretName,
    host: ysql ? pulumi.output(yugabyte.ysqlHost) : pulumi.output(yugabyte.ycqlHost ?? yugabyte.ysqlHost),
    port: ysql ? (yugabyte.ysqlPort ?? 5433) : (yugabyte.ycqlPort ?? 9042),
    dependsOn: [],
  };
}
