import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { ApiObject } from "cdk8s";
import { IntOrString, KubeService } from "cdk8s-plus-34/lib/imports/k8s";
import { newManifestChart } from "../k8s/cdk8s-manifests";
import { listenersAnnotation, type Listener } from "../k8s/listener";
import { serverCertificate, serviceDnsNames, type TlsSettings } from "../tls/certificates";
import type { TrinoAccessRules, TrinoSecretEnv, TrinoSecretMount } from "./trino-chart-values";
import { JVM_TRUSTSTORE } from "../tls/jvm-truststore";

/** The logins of the password file: `admin` may write and drop, `analyst` only reads. */
export const TRINO_USERS = ["admin", "analyst"] as const;
/** Where the server certificate and the CA bundle are mounted. */
export const TRINO_TLS_DIR = "/etc/trino/tls";
export const TRINO_CA_DIR = "/etc/trino/ca";
/** The CA bundle's volume: the truststore's init container reads the CA file from it. */
export const TRINO_CA_VOLUME = JVM_TRUSTSTORE.caVolume;
/** The environment variable of the cluster's internal shared secret. */
export const TRINO_SHARED_SECRET_ENV = "TRINO_INTERNAL_SHARED_SECRET";
/** Plain HTTP: the chart's `service.port`; Trino listens on it only where TLS is off. */
export const TRINO_HTTP_PORT = 8080;
export const TRINO_HTTPS_PORT = 8443;
/** With TLS on, every node serves HTTPS only (the chart's configs still name `http-server.http.port`). */
export const TRINO_HTTP_DISABLED = "http-server.http.enabled=false";
/** The chart's release name (fixed by the component): its Services and pod labels derive from it. */
export const TRINO_RELEASE = "trino";
/**
 * The headless Service workers announce themselves through: it resolves to the coordinator's pod IP,
 * which Trino's automatic internal certificates name (they hold IP addresses only, so the ClusterIP of
 * the chart's Service would fail the hostname check). Ready or not, the pod is published, so a
 * worker starting early finds its coordinator.
 */
export const TRINO_DISCOVERY_SERVICE = `${TRINO_RELEASE}-discovery`;

/**
 * Node-to-node TLS as Trino documents it (479–483) ("Secure internal communication"): with
 * `internal-communication.https.required` and no internal keystore, every node derives its
 * certificate from the shared secret (for its IP addresses, announced as IP-encoded hostnames) and
 * trusts only that; HTTPS must be on on every node and `discovery.uri` must be HTTPS. The lines go
 * after the chart's own `discovery.uri` (Java properties: the last value wins). Plain HTTP is off
 * ({@link TRINO_HTTP_DISABLED}).
 */
export function trinoInternalTlsProperties(namespace: string): {
  readonly all: readonly string[];
  readonly coordinator: string;
  readonly worker: string;
} {
  const discovery = `https://${TRINO_DISCOVERY_SERVICE}.${namespace}.svc.cluster.local:${TRINO_HTTPS_PORT}`;
  return {
    all: ["internal-communication.https.required=true"],
    // The coordinator's HTTPS comes from server.config.https; it only announces to itself.
    coordinator: `discovery.uri=https://localhost:${TRINO_HTTPS_PORT}`,
    // The chart renders no HTTPS settings for workers.
    worker: [
      "http-server.https.enabled=true",
      `http-server.https.port=${TRINO_HTTPS_PORT}`,
      `discovery.uri=${discovery}`,
    ].join("\n"),
  };
}

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
  new KubeService(chart, "discovery", {
    metadata: {
      name: TRINO_DISCOVERY_SERVICE,
      namespace,
      labels: { ...labels, "app.kubernetes.io/part-of": "batch-platform" },
      annotations: listenersAnnotation(
        trinoListeners(namespace, true).filter((l) => l.service === TRINO_DISCOVERY_SERVICE),
      ),
    },
    spec: {
      clusterIp: "None",
      publishNotReadyAddresses: true,
      // The chart's coordinator pod labels (trino.selectorLabels plus the component).
      selector: {
        "app.kubernetes.io/name": "trino",
        "app.kubernetes.io/instance": TRINO_RELEASE,
        "app.kubernetes.io/component": "coordinator",
      },
      ports: [{ name: "https", port: TRINO_HTTPS_PORT, targetPort: IntOrString.fromString("https"), protocol: "TCP" }],
    },
  });
  const certificates = new ConfigGroup(`${name}-tls`, { objs: chart.toJson() }, { parent });
  return {
    certificateSecret,
    passwordFileSecret,
    usersSecret,
    env: [
      { name: TRINO_SHARED_SECRET_ENV, valueFrom: { secretKeyRef: { name: sharedSecretName, key: "shared-secret" } } },
    ],
    coordinatorMounts: [{ name: "tls", secretName: certificateSecret, path: TRINO_TLS_DIR }],
    mounts: [{ name: TRINO_CA_VOLUME, secretName: tls.caBundle.secretName, path: TRINO_CA_DIR }],
    dependsOn: [...secrets, certificates],
  };
}

/**
 * Trino's listeners: with TLS, HTTPS for clients (passwords) and HTTPS between its own nodes (shared
 * secret), nothing on plain HTTP; without TLS (dev's opt-out), plain HTTP only.
 */
export function trinoListeners(namespace: string, secured: boolean): Listener[] {
  const base = { component: "trino", namespace, service: "trino" } as const;
  if (!secured) {
    const http = { name: "http", kind: "api", port: TRINO_HTTP_PORT, tls: "none", certificate: "" } as const;
    return [{ ...base, ...http, authentication: "none", authorization: "none (TLS is off)" }];
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
    // Coordinator <-> workers: HTTPS with certificates derived from the shared secret, calls signed with it.
    {
      ...base,
      service: TRINO_DISCOVERY_SERVICE,
      name: "https-internal",
      kind: "internal",
      port: TRINO_HTTPS_PORT,
      tls: "tls",
      certificate: "Trino's automatic internal certificates (from the shared secret, per node IP)",
      authentication: "jwt",
      authorization: "Trino nodes only (shared secret)",
    },
  ];
}
