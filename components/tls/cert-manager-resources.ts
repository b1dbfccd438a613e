/**
 * The cert-manager (`cert-manager.io/v1`, cert-manager v1.21) objects this project emits, typed as
 * the subset of the CRDs' fields it sets. `cert-manager-schema.ts` validates them strictly.
 */

export const CERT_MANAGER_API_VERSION = "cert-manager.io/v1";

export interface CertManagerMetadata {
  readonly name: string;
  /** Absent on cluster-scoped objects (ClusterIssuer). */
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Which issuer signs a Certificate: a ClusterIssuer (any namespace) or an Issuer in the same namespace. */
export interface IssuerRef {
  readonly name: string;
  readonly kind: "ClusterIssuer" | "Issuer";
  readonly group: "cert-manager.io";
}

export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** `spec.keystores`: JVM stores cert-manager writes next to the PEM files, encrypted with a Secret's password. */
export interface Keystores {
  readonly pkcs12?: { readonly create: true; readonly passwordSecretRef: SecretKeyRef; readonly profile: "Modern2023" };
  readonly jks?: { readonly create: true; readonly passwordSecretRef: SecretKeyRef; readonly alias?: string };
}

export type KeyUsage =
  | "digital signature"
  | "key encipherment"
  | "server auth"
  | "client auth"
  | "cert sign"
  | "crl sign";

export interface Certificate {
  readonly apiVersion: typeof CERT_MANAGER_API_VERSION;
  readonly kind: "Certificate";
  readonly metadata: CertManagerMetadata & { readonly namespace: string };
  readonly spec: {
    readonly secretName: string;
    readonly issuerRef: IssuerRef;
    readonly commonName?: string;
    readonly dnsNames?: readonly string[];
    /** URI subject alternative names (a workload's identity in a client certificate). */
    readonly uris?: readonly string[];
    readonly isCA?: boolean;
    /** Go durations, e.g. `2160h`. */
    readonly duration?: string;
    readonly renewBefore?: string;
    readonly privateKey: {
      readonly algorithm: "ECDSA" | "RSA";
      readonly size: number;
      readonly encoding: "PKCS1" | "PKCS8";
      readonly rotationPolicy: "Always" | "Never";
    };
    readonly usages?: readonly KeyUsage[];
    readonly keystores?: Keystores;
    /** `CombinedPEM` adds `tls-combined.pem` (key + chain in one file, as Trino's PEM keystore wants). */
    readonly additionalOutputFormats?: readonly { readonly type: "CombinedPEM" | "DER" }[];
    readonly secretTemplate?: { readonly labels?: Readonly<Record<string, string>> };
  };
}

export interface ClusterIssuer {
  readonly apiVersion: typeof CERT_MANAGER_API_VERSION;
  readonly kind: "ClusterIssuer";
  readonly metadata: CertManagerMetadata;
  /** Exactly one issuer type: a self-signed root, or a CA whose key pair is in a Secret. */
  readonly spec: { readonly selfSigned: Record<string, never> } | { readonly ca: { readonly secretName: string } };
}
