import { CERT_MANAGER_API_VERSION, type Certificate, type IssuerRef } from "../tls/cert-manager-resources";
import type { RestrictedContainerSecurity, ResourceRequirements } from "../k8s/value-types";

/**
 * Mutual TLS to the Hive Metastore through ghostunnel proxies. Hive 4's binary Thrift
 * authenticates with Kerberos or not at all, Spark 3.5's Hive 2.3.9 client speaks no SASL PLAIN or
 * JWT, and neither side's Thrift SSL socket sends or asks for a client certificate. So a ghostunnel
 * in the metastore's pod accepts only clients whose certificate names an allowed identity and
 * forwards to the metastore on loopback; each client pod runs a ghostunnel that listens on
 * loopback and presents the client's own certificate (from the platform CA, one per workload).
 */

/** ghostunnel 1.11.1 (July 2026), distroless `nonroot` base: a static binary, no shell. */
export const METASTORE_PROXY_IMAGE = "ghostunnel/ghostunnel:v1.11.1-distroless";
/** The `nonroot` user of distroless images. */
export const METASTORE_PROXY_UID = 65532;
/** Where clients reach the metastore: their own proxy, on loopback. */
export const METASTORE_PROXY_LOCAL_URI = "thrift://localhost:9083";
/** The metastore's own plain Thrift port, bound to loopback behind the server proxy. */
export const METASTORE_BACKEND_PORT = 9084;
/** Where a proxy's certificate Secret (`tls.crt`, `tls.key`, `ca.crt`) is mounted. */
export const METASTORE_PROXY_CERT_DIR = "/etc/metastore-proxy";
/** The name of the proxy container (and its certificate volume). */
export const METASTORE_PROXY_CONTAINER = "metastore-proxy";
const VOLUME = "metastore-proxy-tls";
/** cert-manager renews 30 days before expiry; the proxies re-read their files every hour. */
const RELOAD = "--timed-reload=1h";

const RESOURCES: ResourceRequirements = {
  requests: { cpu: "10m", memory: "32Mi" },
  limits: { cpu: "200m", memory: "64Mi" },
};

/** A workload that talks to the metastore: its certificate names it, the server proxy admits it. */
export interface MetastoreClientIdentity {
  /** Namespace the workload's pods (and its certificate Secret) are in. */
  readonly namespace: string;
  /** e.g. `spark-driver`, `trino`, `zeppelin`. */
  readonly workload: string;
}

/** The URI subject alternative name of a client's certificate, the one thing the server checks. */
export function metastoreClientUri(client: MetastoreClientIdentity): string {
  return `spiffe://batch-platform/ns/${client.namespace}/workload/${client.workload}`;
}

/**
 * A client's proxy runs in the client's pods and mounts the certificate Secret, which only pods of
 * its namespace can: the identity must name the `owner`'s namespace (when it is known yet).
 */
export function metastoreClientNamespaceProblems(
  client: MetastoreClientIdentity | undefined,
  namespace: unknown,
  owner: string,
): string[] {
  if (!client || typeof namespace !== "string" || client.namespace === namespace) return [];
  const [got, expected] = [client.namespace, namespace].map((ns) => JSON.stringify(ns));
  return [`metastoreClient.namespace: got ${got}; expected ${owner} namespace ${expected}`];
}

/** The Certificate (and Secret) of a client, in the client's namespace. */
export function metastoreClientSecretName(client: MetastoreClientIdentity): string {
  return `${client.workload}-metastore-client`;
}

/** A client certificate from the platform CA for one workload: ECDSA P-256, 90 days, new key on renewal. */
export function metastoreClientCertificate(
  client: MetastoreClientIdentity,
  issuer: IssuerRef,
  labels: Readonly<Record<string, string>>,
): Certificate {
  const name = metastoreClientSecretName(client);
  return {
    apiVersion: CERT_MANAGER_API_VERSION,
    kind: "Certificate",
    metadata: { name, namespace: client.namespace, labels: { ...labels } },
    spec: {
      secretName: name,
      issuerRef: issuer,
      commonName: `${client.workload}.${client.namespace}`.slice(0, 64),
      uris: [metastoreClientUri(client)],
      duration: "2160h",
      renewBefore: "720h",
      privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
      usages: ["digital signature", "client auth"],
      secretTemplate: { labels: { ...labels } },
    },
  };
}

/** The proxy container, in the shape charts and custom resources take (`corev1.Container`). */
export interface MetastoreProxyContainer {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: "IfNotPresent";
  readonly args: readonly string[];
  /** `Always` in an init container makes it a native sidecar (Kubernetes 1.29+): it ends with the pod. */
  readonly restartPolicy?: "Always";
  readonly ports?: readonly { readonly name: string; readonly containerPort: number; readonly protocol: "TCP" }[];
  readonly resources: ResourceRequirements;
  readonly securityContext: RestrictedContainerSecurity<true> & {
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly privileged: false;
  };
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: true }[];
}

/** The pod volume of the proxy's certificate Secret (`corev1.Volume`). */
export interface MetastoreProxyVolume {
  readonly name: string;
  readonly secret: { readonly secretName: string };
}

/** What a pod adds to reach (or to serve) the metastore through a proxy. */
export interface MetastoreProxy {
  readonly container: MetastoreProxyContainer;
  readonly volume: MetastoreProxyVolume;
}

/** The files cert-manager writes into the certificate Secret, as ghostunnel's flags take them. */
const CERTIFICATE_FLAGS = [
  `--cert=${METASTORE_PROXY_CERT_DIR}/tls.crt`,
  `--key=${METASTORE_PROXY_CERT_DIR}/tls.key`,
  `--cacert=${METASTORE_PROXY_CERT_DIR}/ca.crt`,
];

function proxy(args: readonly string[], secretName: string, extra: Partial<MetastoreProxyContainer>): MetastoreProxy {
  return {
    container: {
      name: METASTORE_PROXY_CONTAINER,
      image: METASTORE_PROXY_IMAGE,
      imagePullPolicy: "IfNotPresent",
      args: [...args, ...CERTIFICATE_FLAGS, RELOAD],
      ...extra,
      resources: RESOURCES,
      // Spelt out rather than spread: the key order is what the DAGs' YAML (and its hash) shows.
      securityContext: {
        runAsNonRoot: true,
        runAsUser: METASTORE_PROXY_UID,
        runAsGroup: METASTORE_PROXY_UID,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      },
      volumeMounts: [{ name: VOLUME, mountPath: METASTORE_PROXY_CERT_DIR, readOnly: true }],
    },
    volume: { name: VOLUME, secret: { secretName } },
  };
}

const THRIFT_URI = /^thrift:\/\/([a-z0-9.-]+):([0-9]+)$/;

/**
 * The client side: listens on localhost:9083 and opens mutual TLS to the metastore named by
 * `metastoreUri`, verifying its certificate against the platform CA and the URI's host name.
 * `nativeSidecar` for batch pods (Spark drivers), so the pod completes when the driver does.
 */
export function metastoreProxyClient(
  client: MetastoreClientIdentity,
  metastoreUri: string,
  nativeSidecar = false,
): MetastoreProxy {
  const match = THRIFT_URI.exec(metastoreUri);
  if (!match) throw new Error(`metastoreUri: got ${JSON.stringify(metastoreUri)}; expected thrift://host:port`);
  const args = ["client", "--listen=localhost:9083", `--target=${match[1]}:${match[2]}`];
  return proxy(args, metastoreClientSecretName(client), nativeSidecar ? { restartPolicy: "Always" } : {});
}

/**
 * The server side: TLS on `port` for every interface, a client certificate required, and only the
 * listed identities admitted (their URI SANs); forwards to the metastore on loopback.
 */
export function metastoreProxyServer(
  port: number,
  certificateSecret: string,
  clients: readonly MetastoreClientIdentity[],
): MetastoreProxy {
  const allowed = clients.map((client) => `--allow-uri=${metastoreClientUri(client)}`);
  const args = ["server", `--listen=0.0.0.0:${port}`, `--target=localhost:${METASTORE_BACKEND_PORT}`, ...allowed];
  return proxy(args, certificateSecret, { ports: [{ name: "thrift", containerPort: port, protocol: "TCP" }] });
}
