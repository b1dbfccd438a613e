export { CA_BUNDLE, CertManager, certManagerProblems, type CertManagerArgs } from "./cert-manager";
export type { Certificate, ClusterIssuer, IssuerRef } from "./cert-manager-resources";
export { CERT_MANAGER_CHART, CERT_MANAGER_WEBHOOK_PORT } from "./cert-manager-values";
export { PLATFORM_CA_ISSUER } from "./cert-manager-manifests";
export {
  caBundleCertificate,
  serverCertificate,
  serviceDnsNames,
  type CaBundle,
  type ServerCertificateProps,
  type TlsSettings,
} from "./certificates";
export {
  JVM_TRUSTSTORE,
  JVM_TRUSTSTORE_PATH,
  truststoreInitContainer,
  truststoreJavaOptions,
  type PlatformCaTrust,
} from "./jvm-truststore";
