/**
 * What setup Jobs and consumers need to know about a running YugabyteDB: plain values, known
 * before deployment, so they can go into manifests and generated code.
 */
export interface YugabyteServer {
  /** Namespace of the database and of its setup Jobs. */
  readonly namespace: string;
  /** In-cluster DNS name clients connect to (the headless tserver Service). */
  readonly host: string;
  readonly ysqlPort: number;
  readonly ycqlPort: number;
  /**
   * The platform's own superuser (YSQL and YCQL), which the database's Jobs log in as; the defaults
   * `yugabyte` and `cassandra` cannot log in. @default "platform_admin"
   */
  readonly adminRole?: string;
  /**
   * Secret in `namespace` with the platform admin's login (`username`, `password`); only the
   * database's Jobs read it.
   */
  readonly adminSecretName: string;
  /** The database's pinned image; setup Jobs run its `ysqlsh` / `ycqlsh`. */
  readonly image: string;
  /** Where setup Jobs run. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Client-to-server TLS: the CA bundle Secret (in every namespace) clients verify the servers with. @default no TLS */
  readonly tls?: { readonly caSecretName: string; readonly caKey: string };
}

/**
 * How a YSQL client checks the server's certificate against the platform CA: a PEM file of it the
 * client mounts (libpq and pgJDBC read `sslrootcert`), or the JVM's default truststore, where the
 * client's JVM has the CA in it (pgJDBC's `DefaultJavaSSLFactory`).
 */
export type YsqlClientTrust = { readonly caFile: string } | { readonly jvmTruststore: true };

/**
 * The trust of a JVM client whose default truststore holds `trustedCaBundle`'s CA: pgJDBC verifies
 * the server where that is the bundle the server's certificate chains to; otherwise none.
 */
export function jvmClientTrust(
  server: Pick<YugabyteServer, "tls">,
  trustedCaBundle: string | undefined,
): YsqlClientTrust | undefined {
  const tls = server.tls;
  return tls !== undefined && trustedCaBundle === tls.caSecretName ? { jvmTruststore: true } : undefined;
}

/** pgJDBC's socket factory that trusts what the JVM's default truststore trusts. */
const JVM_SSL_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

/**
 * The query of a YSQL URL (`?…`, or "" without TLS). With TLS and the client's trust:
 * `sslmode=verify-full`, so the client checks the chain and that the certificate names the host.
 * A client that brings no trust gets `sslmode=require`: encrypted, but the server is not verified.
 * `libpq` URLs take only a CA file; the JVM's truststore is pgJDBC's.
 */
export function ysqlTlsQuery(serverTls: boolean, trust?: YsqlClientTrust, client: "jdbc" | "libpq" = "jdbc"): string {
  if (!serverTls) return "";
  if (trust && "caFile" in trust) return `?sslmode=verify-full&sslrootcert=${trust.caFile}`;
  if (trust && client === "jdbc") return `?sslmode=verify-full&sslfactory=${JVM_SSL_FACTORY}`;
  return "?sslmode=require";
}

/** The platform admin role every setup Job, the backup and the restore log in as. */
export const PLATFORM_ADMIN_ROLE = "platform_admin";

/** The superusers a fresh cluster comes with (well-known passwords); the bootstrap Job disables both. */
export const DEFAULT_SUPERUSERS = { ysql: "yugabyte", ycql: "cassandra" } as const;

/** The role the database's Jobs log in as. */
export function adminRoleOf(server: Pick<YugabyteServer, "adminRole">): string {
  return server.adminRole ?? PLATFORM_ADMIN_ROLE;
}

/** Keys of every YugabyteDB credentials Secret. */
export const CREDENTIAL_KEYS = { username: "username", password: "password" } as const;

/** UID of the `yugabyte` user the chart's non-root mode uses. */
export const YUGABYTE_UID = 10001;
