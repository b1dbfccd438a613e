import { CERT_MANAGER_API_VERSION, type Certificate, type IssuerRef, type KeyUsage } from "./cert-manager-resources";

/** Server certificates live 90 days and renew 30 days before expiry (cert-manager's defaults, stated). */
const SERVER_DURATION = "2160h";
const SERVER_RENEW_BEFORE = "720h";

/**
 * Where a namespace's clients find the platform CA: a Secret cert-manager keeps current (`ca.crt`,
 * and `truststore.p12` / `truststore.jks` for JVMs), and the Secret holding the stores' password.
 */
export interface CaBundle {
  /** Secret with the CA in every namespace that has TLS clients. */
  readonly secretName: string;
  readonly caKey: "ca.crt";
  readonly pkcs12TruststoreKey: "truststore.p12";
  readonly jksTruststoreKey: "truststore.jks";
  /** Secret (same namespace) with the keystore/truststore password under `password`. */
  readonly storePasswordSecretName: string;
  readonly storePasswordKey: "password";
}

/** What a component needs to serve TLS: the issuer of its certificates and the clients' CA bundle. */
export interface TlsSettings {
  readonly issuer: IssuerRef;
  readonly caBundle: CaBundle;
}

/** The names a Service answers to inside the cluster (short, namespaced and fully qualified). */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ];
}

export interface ServerCertificateProps {
  /** Certificate name; its Secret is named the same. */
  readonly name: string;
  readonly namespace: string;
  readonly dnsNames: readonly string[];
  readonly issuer: IssuerRef;
  readonly labels: Readonly<Record<string, string>>;
  /** Also a client certificate (node-to-node, mTLS). @default false */
  readonly clientAuth?: boolean;
  /** Write `keystore.p12`/`keystore.jks` (and truststores) encrypted with this password Secret. @default none */
  readonly keystorePassword?: { readonly name: string; readonly key: string };
  /** Write `tls-combined.pem` (key and chain in one PEM file). @default false */
  readonly combinedPem?: boolean;
}

/** A server certificate for a Service, ECDSA P-256, rotated key on every renewal. */
export function serverCertificate(props: ServerCertificateProps): Certificate {
  const usages: KeyUsage[] = [
    "digital signature",
    "key encipherment",
    "server auth",
    ...(props.clientAuth ? ["client auth" as const] : []),
  ];
  const password = props.keystorePassword;
  return {
    apiVersion: CERT_MANAGER_API_VERSION,
    kind: "Certificate",
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: {
      secretName: props.name,
      issuerRef: props.issuer,
      commonName: props.dnsNames[0],
      dnsNames: [...props.dnsNames],
      duration: SERVER_DURATION,
      renewBefore: SERVER_RENEW_BEFORE,
      privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
      usages,
      ...(password
        ? {
            keystores: {
              pkcs12: { create: true, passwordSecretRef: { ...password }, profile: "Modern2023" },
              jks: { create: true, passwordSecretRef: { ...password } },
            },
          }
        : {}),
      ...(props.combinedPem ? { additionalOutputFormats: [{ type: "CombinedPEM" }] } : {}),
      secretTemplate: { labels: { ...props.labels } },
    },
  };
}

/**
 * A namespace's CA bundle: a client certificate from the platform CA whose Secret carries `ca.crt`
 * and the JVM truststores (cert-manager adds the issuing CA to every Secret a CA issuer signs), so
 * clients trust the platform's listeners without the CA's key ever leaving cert-manager's namespace.
 */
export function caBundleCertificate(
  namespace: string,
  issuer: IssuerRef,
  bundle: CaBundle,
  labels: Readonly<Record<string, string>>,
): Certificate {
  const password = { name: bundle.storePasswordSecretName, key: bundle.storePasswordKey };
  return {
    apiVersion: CERT_MANAGER_API_VERSION,
    kind: "Certificate",
    metadata: { name: bundle.secretName, namespace, labels: { ...labels } },
    spec: {
      secretName: bundle.secretName,
      issuerRef: issuer,
      commonName: `${namespace}.clients.batch-platform`,
      duration: SERVER_DURATION,
      renewBefore: SERVER_RENEW_BEFORE,
      privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
      usages: ["digital signature", "client auth"],
      keystores: {
        pkcs12: { create: true, passwordSecretRef: password, profile: "Modern2023" },
        jks: { create: true, passwordSecretRef: password },
      },
      secretTemplate: { labels: { ...labels } },
    },
  };
}
