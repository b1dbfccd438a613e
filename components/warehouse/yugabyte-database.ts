import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { assertNoProblems } from "../common/validation";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { grantProblems, ycqlSetupScript, ysqlSetupScript, type YcqlGrant, type YsqlGrant } from "./yugabyte-scripts";
import { CREDENTIAL_KEYS, type YsqlClientTrust, type YugabyteServer, ysqlTlsQuery } from "./yugabyte-server";
import { addSetupJob } from "./yugabyte-setup-job";

/** A YSQL database (or a schema in a shared one) for the consumer. */
export interface YsqlAccess {
  readonly api: "ysql";
  /** Database name; created when missing. */
  readonly database: string;
  /** The role owns the database (its own database); false: CONNECT on a shared one. @default true */
  readonly ownsDatabase?: boolean;
  /** Schema owned by the role, created in the database. @default none */
  readonly schema?: string;
  /** Group roles that may read the tables the role creates in its schema. @default [] */
  readonly readers?: readonly string[];
  /** Group roles the role joins (e.g. a reader group). @default [] */
  readonly memberOf?: readonly string[];
}

/** A YCQL keyspace for the consumer. */
export interface YcqlAccess {
  readonly api: "ycql";
  readonly keyspace: string;
}

export interface YugabyteDatabaseArgs {
  /** The database server (from {@link YugabyteDB}). */
  readonly server: YugabyteServer;
  /** Login role of the consumer (a lowercase identifier). */
  readonly role: string;
  readonly access: YsqlAccess | YcqlAccess;
  /** Where the consumer runs; its credentials Secret is created there. */
  readonly consumerNamespace: pulumi.Input<string>;
  /** Name of the consumer's credentials Secret. @default `${name}-credentials` */
  readonly secretName?: string;
  /** Labels on every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * How the consumer verifies the server (YSQL with TLS): its URLs then use `sslmode=verify-full`.
   * @default none: `sslmode=require`, encrypted without verifying the server
   */
  readonly clientTrust?: YsqlClientTrust;
}

const JOB_NAME_MAX = 63;

/**
 * A consumer's own login on YugabyteDB: a generated password, a setup Job (cdk8s) that creates or
 * converges the role, the database/schema or keyspace and the grants with `ysqlsh`/`ycqlsh`, and the
 * consumer's credentials as a Secret in its namespace — `username`, `password`, `host`, `port`, the
 * database or keyspace, and for YSQL a JDBC URL without credentials and a `connection` URI.
 *
 * Removing it removes the Job and the Secrets; the role and its data stay in the database (dropping
 * data is a decision this component does not take).
 */
export class YugabyteDatabase extends pulumi.ComponentResource {
  /** Name of the credentials Secret in the consumer's namespace. */
  readonly secretName: string;
  /** `jdbc:postgresql://host:5433/database` (YSQL only; no credentials). */
  readonly jdbcUrl?: string;
  readonly role: string;

  constructor(name: string, args: YugabyteDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    const grant: YsqlGrant | YcqlGrant =
      args.access.api === "ysql"
        ? {
            database: args.access.database,
            role: args.role,
            ownsDatabase: args.access.ownsDatabase ?? true,
            ...(args.access.schema !== undefined ? { schema: args.access.schema } : {}),
            readers: args.access.readers ?? [],
            memberOf: args.access.memberOf ?? [],
          }
        : { keyspace: args.access.keyspace, role: args.role };
    const jobName = `${args.access.api}-setup-${args.role.replace(/_/g, "-")}`;
    assertNoProblems("YugabyteDatabase", [
      ...grantProblems(grant),
      ...(jobName.length > JOB_NAME_MAX ? [`role: got ${JSON.stringify(args.role)}; expected at most ${JOB_NAME_MAX - 11} characters (it names the setup Job)`] : []),
    ]);
    super("batch-platform:warehouse:YugabyteDatabase", name, {}, opts);
    const { server } = args;
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform" };
    this.role = args.role;
    this.secretName = args.secretName ?? `${name}-credentials`;

    const password = new RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
    // The setup Job reads the password from a Secret next to it, in the database's namespace.
    const jobSecretName = `${name}-role-credentials`;
    const jobSecret = new Secret(
      jobSecretName,
      {
        metadata: { name: jobSecretName, namespace: server.namespace, labels },
        type: "Opaque",
        stringData: { [CREDENTIAL_KEYS.username]: args.role, [CREDENTIAL_KEYS.password]: password.result },
      },
      { parent: this },
    );

    const port = args.access.api === "ysql" ? server.ysqlPort : server.ycqlPort;
    let consumerData: Record<string, pulumi.Input<string>> = {
      [CREDENTIAL_KEYS.username]: args.role,
      [CREDENTIAL_KEYS.password]: password.result,
      host: server.host,
      port: String(port),
    };
    if (args.access.api === "ysql") {
      const database = args.access.database;
      const tls = server.tls !== undefined;
      const address = `${server.host}:${port}/${database}`;
      this.jdbcUrl = `jdbc:postgresql://${address}${ysqlTlsQuery(tls, args.clientTrust)}`;
      const libpqQuery = ysqlTlsQuery(tls, args.clientTrust, "libpq");
      consumerData = {
        ...consumerData,
        database,
        jdbcUrl: this.jdbcUrl,
        connection: pulumi.interpolate`postgresql://${args.role}:${password.result}@${address}${libpqQuery}`,
      };
    } else {
      consumerData = { ...consumerData, keyspace: args.access.keyspace };
    }
    new Secret(
      this.secretName,
      { metadata: { name: this.secretName, namespace: args.consumerNamespace, labels }, type: "Opaque", stringData: consumerData },
      { parent: this },
    );

    const chart = newManifestChart(`${name}-setup`, server.namespace);
    addSetupJob(chart, {
      name: jobName,
      server,
      script: "keyspace" in grant ? ycqlSetupScript(grant) : ysqlSetupScript(grant),
      roleSecretName: jobSecretName,
      labels,
    });
    deployManifests(`${name}-setup`, chart, { parent: this, dependsOn: [jobSecret] });
    this.registerOutputs({});
  }
}
