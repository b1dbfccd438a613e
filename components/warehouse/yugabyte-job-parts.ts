import type { EnvVar, Volume, VolumeMount } from "cdk8s-plus-34/lib/imports/k8s";
import type { YugabyteServer } from "./yugabyte-server";

/** Where the database's Jobs (setup, backup) find the platform CA. */
export const YUGABYTE_CA_MOUNT = "/etc/batch-platform/ca";

/** An environment variable read from a Secret key (never a value in the manifest). */
export function secretEnv(name: string, secretName: string, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

export { RESTRICTED_CONTAINER } from "../k8s/restricted-container";

/**
 * libpq (ysqlsh, ysql_dump) verifies the server against the platform CA when it speaks TLS: the
 * chain and the host name, which the tserver certificate carries (yugabyte-certificate-names.ts).
 */
export function ysqlTlsEnv(server: Pick<YugabyteServer, "tls">): EnvVar[] {
  if (!server.tls) return [];
  return [
    { name: "PGSSLMODE", value: "verify-full" },
    { name: "PGSSLROOTCERT", value: `${YUGABYTE_CA_MOUNT}/${server.tls.caKey}` },
  ];
}

/** The CA bundle volume `ca`, when the server speaks TLS. */
export function caVolumes(server: Pick<YugabyteServer, "tls">): Volume[] {
  const tls = server.tls;
  return tls
    ? [{ name: "ca", secret: { secretName: tls.caSecretName, items: [{ key: tls.caKey, path: tls.caKey }] } }]
    : [];
}

/** The CA bundle read-only at `path`, when the server speaks TLS. */
export function caVolumeMounts(server: Pick<YugabyteServer, "tls">, path = YUGABYTE_CA_MOUNT): VolumeMount[] {
  return server.tls ? [{ name: "ca", mountPath: path, readOnly: true }] : [];
}
