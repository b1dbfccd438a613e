import { z } from "zod";
import { crdSchemaProblems } from "../k8s/crd-schema-problems";

/**
 * Strict, hand-written schemas of the cert-manager fields this project emits — a subset of the
 * `cert-manager.io/v1` CRDs of cert-manager v1.21.1 (Certificate, ClusterIssuer, Issuer) with the
 * CRDs' required fields and enums. Strict objects matter: the API server prunes fields a structural
 * schema does not define, so a misspelt `dnsName` would vanish and the certificate lack its names.
 */

const dnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: "a DNS-1123 subdomain" });
const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "a DNS-1123 label" });
const stringMap = z.record(z.string(), z.string());
/** Go `time.ParseDuration` in hours/minutes, as the project writes them; cert-manager's minimum is 1h. */
const goDuration = z
  .string()
  .regex(/^[1-9][0-9]*(h|m)$/, { error: "a Go duration in whole hours or minutes like 2160h" });
/** A DNS name in a certificate: a subdomain, optionally one leading wildcard label. */
const certDnsName = z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
  error: "a DNS name such as svc.ns.svc.cluster.local",
});

const metadata = z.strictObject({
  name: dnsSubdomain,
  namespace: dnsLabel,
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});
const clusterMetadata = z.strictObject({
  name: dnsSubdomain,
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

const issuerRef = z.strictObject({
  name: dnsSubdomain,
  kind: z.enum(["ClusterIssuer", "Issuer"]),
  group: z.literal("cert-manager.io"),
});
const secretKeyRef = z.strictObject({ name: dnsSubdomain, key: z.string().min(1) });

/** The CRD's key usage enum, restricted to the ones a server, client or CA certificate takes. */
const keyUsage = z.enum([
  "digital signature",
  "key encipherment",
  "server auth",
  "client auth",
  "cert sign",
  "crl sign",
]);

const privateKey = z
  .strictObject({
    algorithm: z.enum(["RSA", "ECDSA"]),
    size: z.number().int(),
    encoding: z.enum(["PKCS1", "PKCS8"]),
    rotationPolicy: z.enum(["Never", "Always"]),
  })
  .refine((key) => (key.algorithm === "RSA" ? [2048, 4096, 8192] : [256, 384, 521]).includes(key.size), {
    error: "size: RSA takes 2048, 4096 or 8192; ECDSA 256, 384 or 521",
  });

export const certificateSchema = z.strictObject({
  apiVersion: z.literal("cert-manager.io/v1"),
  kind: z.literal("Certificate"),
  metadata,
  spec: z.strictObject({
    secretName: dnsSubdomain,
    issuerRef,
    commonName: z.string().min(1).max(64).optional(),
    dnsNames: z.array(certDnsName).min(1).optional(),
    uris: z.array(z.url()).min(1).optional(),
    isCA: z.boolean().optional(),
    duration: goDuration.optional(),
    renewBefore: goDuration.optional(),
    privateKey,
    usages: z.array(keyUsage).min(1).optional(),
    keystores: z
      .strictObject({
        pkcs12: z
          .strictObject({
            create: z.literal(true),
            passwordSecretRef: secretKeyRef,
            profile: z.enum(["LegacyRC2", "LegacyDES", "Modern2023", "Modern2026"]),
          })
          .optional(),
        jks: z
          .strictObject({
            create: z.literal(true),
            passwordSecretRef: secretKeyRef,
            alias: z.string().min(1).optional(),
          })
          .optional(),
      })
      .optional(),
    additionalOutputFormats: z.array(z.strictObject({ type: z.enum(["DER", "CombinedPEM"]) })).optional(),
    secretTemplate: z.strictObject({ labels: stringMap.optional(), annotations: stringMap.optional() }).optional(),
  }),
});

const issuerSpec = z.union([
  z.strictObject({ selfSigned: z.strictObject({}) }),
  z.strictObject({ ca: z.strictObject({ secretName: dnsSubdomain }) }),
]);

export const clusterIssuerSchema = z.strictObject({
  apiVersion: z.literal("cert-manager.io/v1"),
  kind: z.literal("ClusterIssuer"),
  metadata: clusterMetadata,
  spec: issuerSpec,
});

export const issuerSchema = z.strictObject({
  apiVersion: z.literal("cert-manager.io/v1"),
  kind: z.literal("Issuer"),
  metadata,
  spec: issuerSpec,
});

/** What cert-manager (not the API server) refuses: a server certificate needs a name, a CA no DNS names. */
function certificateRules(obj: unknown): string[] {
  const parsed = certificateSchema.safeParse(obj);
  if (!parsed.success) return [];
  const spec = parsed.data.spec;
  const problems: string[] = [];
  if (!spec.isCA && !spec.commonName && !spec.dnsNames)
    problems.push("spec: a certificate needs commonName or dnsNames");
  if (
    spec.duration &&
    spec.renewBefore &&
    Number.parseInt(spec.renewBefore, 10) >= Number.parseInt(spec.duration, 10)
  ) {
    if (spec.duration.slice(-1) === spec.renewBefore.slice(-1))
      problems.push("spec.renewBefore: must be shorter than spec.duration");
  }
  return problems;
}

/** Validators of the cert-manager objects the plan checks, by `apiVersion/kind`. */
export const CERT_MANAGER_VALIDATORS: Readonly<Record<string, (obj: unknown) => string[]>> = {
  "cert-manager.io/v1/Certificate": (obj) => [
    ...crdSchemaProblems(certificateSchema, "Certificate cert-manager.io/v1", obj),
    ...certificateRules(obj),
  ],
  "cert-manager.io/v1/ClusterIssuer": (obj) =>
    crdSchemaProblems(clusterIssuerSchema, "ClusterIssuer cert-manager.io/v1", obj),
  "cert-manager.io/v1/Issuer": (obj) => crdSchemaProblems(issuerSchema, "Issuer cert-manager.io/v1", obj),
};
