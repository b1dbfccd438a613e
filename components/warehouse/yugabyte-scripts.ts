/**
 * Shell scripts the YugabyteDB setup Jobs run. Idempotent: they converge roles, passwords,
 * databases, schemas and grants to the declaration, whatever ran before. Passwords come from
 * environment variables set from Secrets and reach the database only through stdin (a here-document
 * or a file written by a shell builtin), never through a command line.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** True for a plain lowercase SQL/CQL identifier (no quoting surprises, no truncation). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

const quote = (identifier: string) => `"${identifier}"`;
const literal = (identifier: string) => `'${identifier}'`;

/** The environment variables every script reads. */
export const SCRIPT_ENV = {
  host: "YB_HOST",
  ysqlPort: "YSQL_PORT",
  ycqlPort: "YCQL_PORT",
  adminPassword: "ADMIN_PASSWORD",
  rolePassword: "ROLE_PASSWORD",
  /** `--ssl` when YCQL serves TLS, else unset. */
  ycqlSsl: "YCQL_SSL",
} as const;

const PRELUDE = [
  "set -euo pipefail",
  "export HOME=/tmp",
  `ysql() { /home/yugabyte/bin/ysqlsh -h "$${SCRIPT_ENV.host}" -p "$${SCRIPT_ENV.ysqlPort}" -U yugabyte -X -q -v ON_ERROR_STOP=1 "$@"; }`,
  // YCQL_SSL is `--ssl` with TLS (ycqlsh then verifies the server against SSL_CERTFILE), else empty.
  `ycql() { /home/yugabyte/bin/ycqlsh $\{${SCRIPT_ENV.ycqlSsl}:-} "$${SCRIPT_ENV.host}" "$${SCRIPT_ENV.ycqlPort}" "$@"; }`,
  // cqlsh reads its login from ~/.cassandra/cqlshrc; printf is a builtin, so the password is in no argv.
  `cqlshrc() { mkdir -p "$HOME/.cassandra"; printf '[authentication]\\nusername = cassandra\\npassword = %s\\n' "$1" > "$HOME/.cassandra/cqlshrc"; }`,
];

/** Waits (up to `attempts` × 10 s) until `command` succeeds. */
function waitFor(description: string, command: string, attempts = 60): string[] {
  return [
    `for attempt in $(seq 1 ${attempts}); do`,
    `  if ${command}; then break; fi`,
    `  if [ "$attempt" = ${attempts} ]; then echo "timed out waiting for ${description}" >&2; exit 1; fi`,
    "  sleep 10",
    "done",
  ];
}

/**
 * Replaces the chart's well-known default superuser passwords (`yugabyte` for YSQL, `cassandra`
 * for YCQL; authentication is enabled by gflags) with the generated admin password.
 */
export function adminBootstrapScript(): string {
  const admin = `$${SCRIPT_ENV.adminPassword}`;
  return [
    ...PRELUDE,
    "# Done when the generated password works; else log in with the default password and rotate it.",
    "rotate_ysql() {",
    `  PGPASSWORD="${admin}" ysql -d yugabyte -c 'SELECT 1' >/dev/null 2>&1 && return 0`,
    "  PGPASSWORD=yugabyte ysql -d yugabyte -c 'SELECT 1' >/dev/null 2>&1 || return 1",
    "  PGPASSWORD=yugabyte ysql -d yugabyte <<SQL",
    `ALTER ROLE yugabyte WITH PASSWORD '${admin}';`,
    "SQL",
    "}",
    "rotate_ycql() {",
    `  cqlshrc "${admin}"`,
    "  ycql -e 'SELECT now() FROM system.local' >/dev/null 2>&1 && return 0",
    "  cqlshrc cassandra",
    "  ycql -e 'SELECT now() FROM system.local' >/dev/null 2>&1 || return 1",
    "  cat > /tmp/rotate.cql <<CQL",
    `ALTER ROLE cassandra WITH PASSWORD = '${admin}';`,
    "CQL",
    "  ycql -f /tmp/rotate.cql",
    "}",
    ...waitFor("YSQL", "rotate_ysql"),
    ...waitFor("YCQL", "rotate_ycql"),
    'rm -f /tmp/rotate.cql "$HOME/.cassandra/cqlshrc"',
    'echo "superuser passwords are the generated ones"',
    "",
  ].join("\n");
}

/** A YSQL database (or a schema in a shared one) and a login role for one consumer. */
export interface YsqlGrant {
  readonly database: string;
  readonly role: string;
  /** The role owns the database (a consumer's own database); else it only gets CONNECT. */
  readonly ownsDatabase: boolean;
  /** A schema owned by the role, created in the database. */
  readonly schema?: string;
  /** Group roles (NOLOGIN) that get read access to the tables the role creates in its schema. */
  readonly readers: readonly string[];
  /** Group roles (NOLOGIN) the role becomes a member of. */
  readonly memberOf: readonly string[];
}

/** A YCQL keyspace and a login role with all permissions on it. */
export interface YcqlGrant {
  readonly keyspace: string;
  readonly role: string;
}

/** Names that are not plain identifiers, as `path: got …; expected …` lines. */
export function grantProblems(grant: YsqlGrant | YcqlGrant): string[] {
  const names: [string, string][] =
    "keyspace" in grant
      ? [
          ["keyspace", grant.keyspace],
          ["role", grant.role],
        ]
      : [
          ["database", grant.database],
          ["role", grant.role],
          ...(grant.schema !== undefined ? ([["schema", grant.schema]] as [string, string][]) : []),
          ...grant.readers.map((r, i) => [`readers[${i}]`, r] as [string, string]),
          ...grant.memberOf.map((r, i) => [`memberOf[${i}]`, r] as [string, string]),
        ];
  return names
    .filter(([, value]) => !isIdentifier(value) || value === "yugabyte" || value === "cassandra" || value.startsWith("pg_"))
    .map(([path, value]) => `${path}: got ${JSON.stringify(value)}; expected a lowercase identifier (^[a-z_][a-z0-9_]{0,62}$), not a system name`);
}

function ensureRole(role: string, login: boolean): string {
  return `  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(role)}) THEN CREATE ROLE ${quote(role)} ${login ? "LOGIN" : "NOLOGIN"}; END IF;`;
}

/** Creates or converges the YSQL role, database, schema and grants of one consumer. */
export function ysqlSetupScript(grant: YsqlGrant): string {
  const groups = [...new Set([...grant.readers, ...grant.memberOf])];
  const db = quote(grant.database);
  const role = quote(grant.role);
  const cluster = [
    "DO \\$\\$ BEGIN",
    ensureRole(grant.role, true),
    ...groups.map((group) => ensureRole(group, false)),
    "END \\$\\$;",
    `ALTER ROLE ${role} WITH LOGIN PASSWORD '$${SCRIPT_ENV.rolePassword}';`,
    `SELECT 'CREATE DATABASE ${db}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = ${literal(grant.database)})\\gexec`,
    ...(grant.ownsDatabase ? [`ALTER DATABASE ${db} OWNER TO ${role};`, `REVOKE CONNECT ON DATABASE ${db} FROM PUBLIC;`] : []),
    `GRANT CONNECT ON DATABASE ${db} TO ${role};`,
    ...grant.memberOf.map((group) => `GRANT ${quote(group)} TO ${role};`),
  ];
  const inDatabase =
    grant.schema === undefined
      ? []
      : [
          `CREATE SCHEMA IF NOT EXISTS ${quote(grant.schema)} AUTHORIZATION ${role};`,
          ...grant.readers.flatMap((reader) => [
            `GRANT CONNECT ON DATABASE ${db} TO ${quote(reader)};`,
            `GRANT USAGE ON SCHEMA ${quote(grant.schema!)} TO ${quote(reader)};`,
            `GRANT SELECT ON ALL TABLES IN SCHEMA ${quote(grant.schema!)} TO ${quote(reader)};`,
            `ALTER DEFAULT PRIVILEGES FOR ROLE ${role} IN SCHEMA ${quote(grant.schema!)} GRANT SELECT ON TABLES TO ${quote(reader)};`,
          ]),
        ];
  return [
    ...PRELUDE,
    `export PGPASSWORD="$${SCRIPT_ENV.adminPassword}"`,
    ...waitFor("YSQL with the admin password", "ysql -d yugabyte -c 'SELECT 1' >/dev/null 2>&1"),
    "ysql -d yugabyte <<SQL",
    ...cluster,
    "SQL",
    ...(inDatabase.length > 0 ? [`ysql -d ${grant.database} <<SQL`, ...inDatabase, "SQL"] : []),
    `echo "role ${grant.role} on database ${grant.database} is set up"`,
    "",
  ].join("\n");
}

/** Creates or converges the YCQL role and keyspace of one consumer. */
export function ycqlSetupScript(grant: YcqlGrant): string {
  const role = quote(grant.role);
  return [
    ...PRELUDE,
    `cqlshrc "$${SCRIPT_ENV.adminPassword}"`,
    ...waitFor("YCQL with the admin password", "ycql -e 'SELECT now() FROM system.local' >/dev/null 2>&1"),
    "cat > /tmp/setup.cql <<CQL",
    `CREATE ROLE IF NOT EXISTS ${role} WITH LOGIN = true AND PASSWORD = '$${SCRIPT_ENV.rolePassword}';`,
    `ALTER ROLE ${role} WITH PASSWORD = '$${SCRIPT_ENV.rolePassword}';`,
    `CREATE KEYSPACE IF NOT EXISTS ${quote(grant.keyspace)};`,
    `GRANT ALL ON KEYSPACE ${quote(grant.keyspace)} TO ${role};`,
    "CQL",
    "ycql -f /tmp/setup.cql",
    'rm -f /tmp/setup.cql "$HOME/.cassandra/cqlshrc"',
    `echo "role ${grant.role} on keyspace ${grant.keyspace} is set up"`,
    "",
  ].join("\n");
}
