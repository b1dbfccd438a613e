import { Duration, type Chart } from "cdk8s";
import * as kplus from "cdk8s-plus-27";
import type { NodePlacement } from "../k8s/placement";
import { containerResources, placeAndHarden, restrictedContainer, restrictedPod, workloadLabels } from "../k8s/workload-defaults";

/**
 * A Job that gives a service its own YugabyteDB database (YSQL) or keyspace (YCQL) and a login role,
 * idempotently: it creates what is missing and (re)sets the role's password, so running it again —
 * after a password rotation or on a fresh cluster — converges. Admin credentials come from the
 * YugabyteDB namespace's admin Secret and the service's password from a Secret; the script never
 * puts either on a command line.
 */

/** The YugabyteDB image whose `ysqlsh` / `ycqlsh` the Job runs (2024.2 LTS). */
export const YUGABYTE_CLIENT_IMAGE = "yugabytedb/yugabyte:2024.2.4.0-b89";
/** An unprivileged uid; the clients need no home beyond `/tmp`. */
export const CLIENT_UID = 10001;

export type MicroserviceDatabase =
  | {
      readonly kind: "ysql";
      /** Database the service owns. */
      readonly database: string;
      /** Login role, owner of the database. */
      readonly role: string;
    }
  | {
      readonly kind: "ycql";
      /** Keyspace the service gets every permission on. */
      readonly keyspace: string;
      /** Login role. */
      readonly role: string;
    };

/** Plain inputs of the provisioning Job. */
export interface ProvisioningProps {
  /** Name of the Job, e.g. `orders-api-db-provision`. */
  readonly name: string;
  readonly database: MicroserviceDatabase;
  readonly host: string;
  readonly port: number;
  /** Admin Secret in the Job's namespace (YugabyteDB's) and its keys. */
  readonly adminSecret: { readonly name: string; readonly usernameKey: string; readonly passwordKey: string };
  /** Secret in the Job's namespace with the service role's `password`. */
  readonly rolePasswordSecret: string;
  readonly clientImage: string;
  readonly placement: NodePlacement;
  readonly labels: Readonly<Record<string, string>>;
}

/** ysqlsh script: role, database and grants, each created only when missing; the password read from the environment. */
export const YSQL_PROVISIONING_SCRIPT = `set -euo pipefail
export PGPASSWORD="$ADMIN_PASSWORD"
YSQLSH=(/home/yugabyte/bin/ysqlsh -h "$DB_HOST" -p "$DB_PORT" -U "$ADMIN_USER" -d yugabyte)
until "\${YSQLSH[@]}" -c 'SELECT 1' >/dev/null 2>&1; do echo "waiting for YSQL at $DB_HOST:$DB_PORT"; sleep 5; done
"\${YSQLSH[@]}" -v ON_ERROR_STOP=1 -v role="$ROLE" -v db="$DATABASE" <<'SQL'
\\set pw \`printenv ROLE_PASSWORD\`
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \\gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'pw') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \\gexec
SELECT format('GRANT ALL ON DATABASE %I TO %I', :'db', :'role') \\gexec
SQL
echo "database $DATABASE and role $ROLE are in place"
`;

/** ycqlsh script: keyspace, role and grant; admin login from a cqlshrc file, statements from a file. */
export const YCQL_PROVISIONING_SCRIPT = `set -euo pipefail
umask 077
mkdir -p "$HOME/.cassandra"
printf '[authentication]\\nusername = %s\\npassword = %s\\n' "$ADMIN_USER" "$ADMIN_PASSWORD" > "$HOME/.cassandra/cqlshrc"
YCQLSH=(/home/yugabyte/bin/ycqlsh "$DB_HOST" "$DB_PORT")
until "\${YCQLSH[@]}" -e 'DESCRIBE KEYSPACES' >/dev/null 2>&1; do echo "waiting for YCQL at $DB_HOST:$DB_PORT"; sleep 5; done
cat > "$HOME/provision.cql" <<CQL
CREATE KEYSPACE IF NOT EXISTS $KEYSPACE;
CREATE ROLE IF NOT EXISTS $ROLE WITH LOGIN = true AND PASSWORD = '$ROLE_PASSWORD';
ALTER ROLE $ROLE WITH PASSWORD = '$ROLE_PASSWORD';
GRANT ALL ON KEYSPACE $KEYSPACE TO $ROLE;
CQL
"\${YCQLSH[@]}" -f "$HOME/provision.cql"
rm -f "$HOME/provision.cql" "$HOME/.cassandra/cqlshrc"
echo "keyspace $KEYSPACE and role $ROLE are in place"
`;

/** Adds the provisioning Job to `chart` (in YugabyteDB's namespace, next to its admin Secret). */
export function addProvisioningJob(chart: Chart, props: ProvisioningProps): kplus.Job {
  const labels = workloadLabels(props.name, "database-provisioning", props.labels);
  const admin = kplus.Secret.fromSecretName(chart, "admin", props.adminSecret.name);
  const role = kplus.Secret.fromSecretName(chart, "role-password", props.rolePasswordSecret);
  const home = kplus.Volume.fromEmptyDir(chart, "home", "home");
  const target: Record<string, kplus.EnvValue> =
    props.database.kind === "ysql"
      ? { DATABASE: kplus.EnvValue.fromValue(props.database.database), ROLE: kplus.EnvValue.fromValue(props.database.role) }
      : { KEYSPACE: kplus.EnvValue.fromValue(props.database.keyspace), ROLE: kplus.EnvValue.fromValue(props.database.role) };
  const job = new kplus.Job(chart, "job", {
    metadata: { name: props.name, labels },
    podMetadata: { labels },
    backoffLimit: 6,
    activeDeadline: Duration.minutes(30),
    securityContext: restrictedPod(CLIENT_UID),
    volumes: [home],
    containers: [
      {
        name: "provision",
        image: props.clientImage,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ["bash", "-c", props.database.kind === "ysql" ? YSQL_PROVISIONING_SCRIPT : YCQL_PROVISIONING_SCRIPT],
        envVariables: {
          HOME: kplus.EnvValue.fromValue("/tmp/home"),
          DB_HOST: kplus.EnvValue.fromValue(props.host),
          DB_PORT: kplus.EnvValue.fromValue(String(props.port)),
          ...target,
          ADMIN_USER: kplus.EnvValue.fromSecretValue({ secret: admin, key: props.adminSecret.usernameKey }),
          ADMIN_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: admin, key: props.adminSecret.passwordKey }),
          ROLE_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: role, key: "password" }),
        },
        securityContext: restrictedContainer(CLIENT_UID, true),
        resources: containerResources({ cpu: "100m", memory: "256Mi", cpuLimit: "500m" }),
        volumeMounts: [{ path: "/tmp", volume: home }],
      },
    ],
  });
  placeAndHarden(job, "system", props.placement);
  return job;
}
