/**
 * Shell scripts the YugabyteDB setup Jobs run. Idempotent: they converge roles, passwords,
 * databases, schemas and grants to the declaration, whatever ran before. Passwords come from
 * environment variables set from Secrets and reach the database only through stdin (a here-document
 * or a file written by a shell builtin), never through a command line.
 */

import { DEFAULT_SUPERUSERS, PLATFORM_ADMIN_ROLE } from "./yugabyte-server";

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
  /** The platform admin role (plain: a role name is not a secret). */
  adminUser: "ADMIN_USER",
  adminPassword: "ADMIN_PASSWORD",
  rolePassword: "ROLE_PASSWORD",
  /** `--ssl` when YCQL serves TLS, else unset. */
  ycqlSsl: "YCQL_SSL",
} as const;

const ADMIN = `$${SCRIPT_ENV.adminPassword}`;

const PRELUDE = [
  "set -euo pipefail",
  "export HOME=/tmp",
  // Files that hold a password go whatever way the script ends.
  `trap 'rm -f /tmp/admin.cql /tmp/setup.cql "$HOME/.cassandra/cqlshrc"' EXIT`,
  "ysql_as() {",
  "  local user=$1",
  "  shift",
  `  /home/yugabyte/bin/ysqlsh -h "$${SCRIPT_ENV.host}" -p "$${SCRIPT_ENV.ysqlPort}" -U "$user" -X -q -v ON_ERROR_STOP=1 "$@"`,
  "}",
  `ysql() { ysql_as "$${SCRIPT_ENV.adminUser}" "$@"; }`,
  // YCQL_SSL is `--ssl` with TLS (ycqlsh then verifies the server against SSL_CERTFILE), else empty.
  `ycql() { /home/yugabyte/bin/ycqlsh $\{${SCRIPT_ENV.ycqlSsl}:-} "$${SCRIPT_ENV.host}" "$${SCRIPT_ENV.ycqlPort}" "$@"; }`,
  // cqlsh reads its login from ~/.cassandra/cqlshrc; printf is a builtin, so the password is in no argv.
  "cqlshrc() {",
  '  mkdir -p "$HOME/.cassandra"',
  `  printf '[authentication]\\nusername = %s\\npassword = %s\\n' "$1" "$2" > "$HOME/.cassandra/cqlshrc"`,
  "}",
  `ycql_login() { cqlshrc "$1" "$2"; ycql -e 'SELECT now() FROM system.local' >/dev/null 2>&1; }`,
];

/**
 * True once neither default superuser can log in (the bootstrap Job's last step): consumers' setup
 * Jobs wait for it, so no consumer login exists while `yugabyte`/`cassandra` still can log in.
 * Needs `PGPASSWORD` set to the admin password.
 */
const DEFAULTS_DISABLED = [
  "defaults_disabled() {",
  "  local ysql_logins ycql_logins",
  `  local ysql_query="SELECT count(*) FROM pg_roles WHERE rolname = ${literal(DEFAULT_SUPERUSERS.ysql)} AND rolcanlogin"`,
  '  ysql_logins=$(ysql -d yugabyte -tA -c "$ysql_query") || return 1',
  '  [ "$ysql_logins" = 0 ] || return 1',
  `  ycql_login "$${SCRIPT_ENV.adminUser}" "${ADMIN}" || return 1`,
  `  local ycql_query="SELECT can_login FROM system_auth.roles WHERE role = ${literal(DEFAULT_SUPERUSERS.ycql)}"`,
  '  ycql_logins=$(ycql -e "$ycql_query") || return 1',
  '  case "$ycql_logins" in *True*) return 1 ;; esac',
  "}",
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
 * Puts the platform admin role in place of the well-known default superusers, idempotently: it
 * logs in as the platform admin when that works (a rerun), else as the default superuser (first
 * run: password `yugabyte` / `cassandra`; a cluster bootstrapped before the platform admin existed:
 * the generated password) and creates the admin with the generated password. Then, as the admin,
 * it disables `yugabyte` (NOLOGIN) and `cassandra` (LOGIN = false). `errexit` does not apply inside
 * functions run as conditions, hence the explicit `|| return 1`.
 */
export function adminBootstrapScript(adminRole: string = PLATFORM_ADMIN_ROLE): string {
  const role = quote(adminRole);
  const ysqlDefault = DEFAULT_SUPERUSERS.ysql;
  const ycqlDefault = DEFAULT_SUPERUSERS.ycql;
  return [
    ...PRELUDE,
    "ysql_admin() {",
    `  PGPASSWORD="${ADMIN}" ysql -d yugabyte -c 'SELECT 1' >/dev/null 2>&1 && return 0`,
    "  local password",
    `  for password in "${ADMIN}" ${ysqlDefault}; do`,
    `    PGPASSWORD="$password" ysql_as ${ysqlDefault} -d yugabyte -c 'SELECT 1' >/dev/null 2>&1 || continue`,
    `    PGPASSWORD="$password" ysql_as ${ysqlDefault} -d yugabyte <<SQL || return 1`,
    "DO \\$\\$ BEGIN",
    ensureRole(adminRole, false),
    "END \\$\\$;",
    `ALTER ROLE ${role} WITH SUPERUSER CREATEDB CREATEROLE LOGIN PASSWORD '${ADMIN}';`,
    "SQL",
    `    PGPASSWORD="${ADMIN}" ysql -d yugabyte -c 'SELECT 1' >/dev/null 2>&1`,
    "    return",
    "  done",
    "  return 1",
    "}",
    "ycql_admin() {",
    `  ycql_login "$${SCRIPT_ENV.adminUser}" "${ADMIN}" && return 0`,
    "  local password",
    `  for password in "${ADMIN}" ${ycqlDefault}; do`,
    `    ycql_login ${ycqlDefault} "$password" || continue`,
    "    cat > /tmp/admin.cql <<CQL",
    `CREATE ROLE IF NOT EXISTS ${role} WITH PASSWORD = '${ADMIN}' AND LOGIN = true AND SUPERUSER = true;`,
    `ALTER ROLE ${role} WITH PASSWORD = '${ADMIN}' AND LOGIN = true AND SUPERUSER = true;`,
    "CQL",
    "    ycql -f /tmp/admin.cql || return 1",
    "    rm -f /tmp/admin.cql",
    `    ycql_login "$${SCRIPT_ENV.adminUser}" "${ADMIN}"`,
    "    return",
    "  done",
    "  return 1",
    "}",
    ...waitFor("YSQL as the platform admin", "ysql_admin"),
    `PGPASSWORD="${ADMIN}" ysql -d yugabyte -c 'ALTER ROLE ${quote(ysqlDefault)} WITH NOLOGIN;'`,
    ...waitFor("YCQL as the platform admin", "ycql_admin"),
    `ycql -e 'ALTER ROLE ${ycqlDefault} WITH LOGIN = false;'`,
    'rm -f /tmp/admin.cql "$HOME/.cassandra/cqlshrc"',
    `echo "${adminRole} is the superuser; ${ysqlDefault} and ${ycqlDefault} cannot log in"`,
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

/** Roles a consumer's grant must never name: the built-in ones and the platform admin. */
const RESERVED_ROLES: readonly string[] = [
  DEFAULT_SUPERUSERS.ysql,
  DEFAULT_SUPERUSERS.ycql,
  "postgres",
  "yb_superuser",
  PLATFORM_ADMIN_ROLE,
];

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
    .filter(([, value]) => !isIdentifier(value) || RESERVED_ROLES.includes(value) || value.startsWith("pg_"))
    .map(
      ([path, value]) =>
        `${path}: got ${JSON.stringify(value)}; expected a lowercase identifier (^[a-z_][a-z0-9_]{0,62}$), not a system name`,
    );
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
    ...(grant.ownsDatabase
      ? [`ALTER DATABASE ${db} OWNER TO ${role};`, `REVOKE CONNECT ON DATABASE ${db} FROM PUBLIC;`]
      : []),
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
    ...DEFAULTS_DISABLED,
    `export PGPASSWORD="${ADMIN}"`,
    ...waitFor("the platform admin, with the default superusers disabled", "defaults_disabled"),
    "ysql -d yugabyte <<SQL",
    ...cluster,
    "SQL",
    ...(inDatabase.length > 0 ? [`ysql -d ${grant.database} <<SQL`, ...inDatabase, "SQL"] : []),
    'rm -f "$HOME/.cassandra/cqlshrc"',
    `echo "role ${grant.role} on database ${grant.database} is set up"`,
    "",
  ].join("\n");
}

/** Creates or converges the YCQL role and keyspace of one consumer. */
export function ycqlSetupScript(grant: YcqlGrant): string {
  const role = quote(grant.role);
  return [
    ...PRELUDE,
    ...DEFAULTS_DISABLED,
    `export PGPASSWORD="${ADMIN}"`,
    ...waitFor("the platform admin, with the default superusers disabled", "defaults_disabled"),
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
