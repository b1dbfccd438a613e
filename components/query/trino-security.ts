import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { ApiObject } from "cdk8s";
import { newManifestChart } from "../k8s/cdk8s-manifests";
import type { Listener } from "../k8s/listener";
import { serverCertificate, serviceDnsNames, type TlsSettings } from "../tls/certificates";
import type { TrinoAccessRules, TrinoSecretEnv, TrinoSecretMount } from "./trino-chart-values";

/** The logins of the password file: `admin` may write and drop, `analyst` only reads. */
export const TRINO_USERS = ["admin", "analyst"] as const;
/** Where the server certificate and the CA bundle are mounted. */
export const TRINO_TLS_DIR = "/etc/trino/tls";
export const TRINO_CA_DIR = "/etc/trino/ca";
/** The environment variable of the cluster's internal shared secret. */
export const TRINO_SHARED_SECRET_ENV = "TRINO_INTERNAL_SHARED_SECRET";
export const TRINO_HTTPS_PORT = 8443;

/** Readers cannot drop or write: every catalog is read-only except for the admin, who owns the schemas. */
export const TRINO_ACCESS_RULES: TrinoAccessRules = {
  catalogs: [{ user: "admin", allow: "all" }, { catalog: "system", allow: "read-only" }, { allow: "read-only" }],
  schemas: [{ user: "admin", owner: true }, { owner: false }],
  tables: [
    { user: "admin", privileges: ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"] },
    { privileges: ["SELECT"] },
  ],
};

/** What the chart values need from the security setup (all names, no secret values). */
export interface TrinoSecurity {
  readonly certificateSecret: string;
  readonly passwordFileSecret: string;
  /** Secret with each user's password (`<user>-password`), for people and tools that log in. */
  readonly usersSecret: string;
  readonly env: readonly TrinoSecretEnv[];
  readonly coordinatorMounts: readonly TrinoSecretMount[];
  readonly mounts: readonly TrinoSecretMount[];
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * Trino's HTTPS certificate, its password file (bcrypt hashes of generated passwords, only in a
 * Secret), the users' passwords for people, and the internal shared secret the nodes sign their
 * calls with once authentication is on.
 */
export function trinoSecurity(
  name: string,
  namespace: string,
  tls: TlsSettings,
  labels: Readonly<Record<string, string>>,
  parent: pulumi.Resource,
): TrinoSecurity {
  const meta = (secretName: string) => ({
    name: secretName,
    namespace,
    labels: { ...labels, "app.kubernetes.io/part-of": "batch-platform" },
  });
  const passwords = TRINO_USERS.map((user) => ({
    user,
    password: new RandomPassword(`${name}-${user}-password`, { length: 32, special: false }, { parent }),
  }));
  const passwordFile = pulumi
    .all(passwords.map(({ user, password }) => pulumi.interpolate`${user}:${password.bcryptHash}`))
    .apply((lines) => `${lines.join("\n")}\n`);
  const passwordFileSecret = `${name}-password-file`;
  const usersSecret = `${name}-users`;
  const sharedSecretName = `${name}-internal`;
  const shared = new RandomPassword(`${name}-shared-secret`, { length: 64, special: false }, { parent });
  const secrets = [
    new Secret(
      passwordFileSecret,
      {
        metadata: meta(passwordFileSecret),
        type: "Opaque",
        stringData: { "password.db": pulumi.secret(passwordFile) },
      },
      { parent },
    ),
    new Secret(
      usersSecret,
      {
        metadata: meta(usersSecret),
        type: "Opaque",
        stringData: Object.fromEntries(passwords.map(({ user, password }) => [`${user}-password`, password.result])),
      },
      { parent },
    ),
    new Secret(
      sharedSecretName,
      { metadata: meta(sharedSecretName), type: "Opaque", stringData: { "shared-secret": shared.result } },
      { parent },
    ),
  ];
  const certificateSecret = `${name}-tls`;
  const chart = newManifestChart(`${name}-tls`);
  const certificate = serverCertificate({
    name: certificateSecret,
    namespace,
    dnsNames: serviceDnsNames(name, namespace),
    issuer: tls.issuer,
    labels: { ...labels },
    combinedPem: true,
  });
  new ApiObject(chart, "certificate", certificate);
  const certificates = new ConfigGroup(`${name}-tls`, { objs: chart.toJson() }, { parent });
  return {
    certificateSecret,
    passwordFileSecret,
    usersSecret,
    env: [
      { name: TRINO_SHARED_SECRET_ENV, valueFrom: { secretKeyRef: { name: sharedSecretName, key: "shared-secret" } } },
    ],
    coordinatorMounts: [{ name: "tls", secretName: certificateSecret, path: TRINO_TLS_DIR }],
    mounts: [{ name: "platform-ca", secretName: tls.caBundle.secretName, path: TRINO_CA_DIR }],
    dependsOn: [...secrets, certificates],
  };
}

/** Trino's listeners: HTTPS for clients (passwords), and plain HTTP between its own nodes. */
export function trinoListeners(namespace: string, secured: boolean): Listener[] {
  const base = { component: "trino", namespace, service: "trino" } as const;
  if (!secured) {
    return [
      {
        ...base,
        name: "http",
        kind: "api",
        port: 8080,
        tls: "none",
        certificate: "",
        authentication: "none",
        authorization: "none (TLS is off)",
      },
    ];
  }
  return [
    {
      ...base,
      name: "https",
      kind: "api",
      port: TRINO_HTTPS_PORT,
      tls: "tls",
      certificate: "cert-manager Certificate trino-tls (CombinedPEM keystore)",
      authentication: "password",
      authorization: "file-based access control: admin writes, everyone else reads",
    },
    // Coordinator <-> workers: Trino signs these calls with the shared secret; they stay on HTTP.
    {
      ...base,
      name: "http-internal",
      kind: "internal",
      port: 8080,
      tls: "none",
      certificate: "",
      authentication: "jwt",
      authorization: "Trino nodes only (shared secret)",
    },
  ];
}
