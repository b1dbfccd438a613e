import { ApiObject, type Chart } from "cdk8s";
import { IntOrString, KubeNamespace, KubeNetworkPolicy, type NetworkPolicySpec } from "cdk8s-plus-34/lib/imports/k8s";
import { podSecurityLabels } from "../k8s/namespace-roles";
import {
  CERT_MANAGER_API_VERSION,
  type Certificate,
  type ClusterIssuer,
  type IssuerRef,
} from "./cert-manager-resources";
import { CERT_MANAGER_WEBHOOK_LABELS, CERT_MANAGER_WEBHOOK_PORT } from "./cert-manager-values";

/** The platform's root CA: self-signed once, kept ten years, its key only in cert-manager's namespace. */
export const ROOT_CA_SECRET = "batch-platform-root-ca";
export const SELF_SIGNED_ISSUER = "batch-platform-selfsigned";
/** The ClusterIssuer every platform certificate comes from. */
export const PLATFORM_CA_ISSUER: IssuerRef = {
  name: "batch-platform-ca",
  kind: "ClusterIssuer",
  group: "cert-manager.io",
};

export interface CertManagerNamespaceProps {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly apiServer: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  readonly dns: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
}

const tcp = (ports: readonly number[]) =>
  ports.map((port) => ({ protocol: "TCP", port: IntOrString.fromNumber(port) }));

/**
 * cert-manager's namespace: restricted Pod Security, default-deny, DNS and the API server out (every
 * cert-manager pod is an API client), and the API server in to the admission webhook.
 */
export function addCertManagerNamespace(chart: Chart, props: CertManagerNamespaceProps): void {
  const { namespace, labels } = props;
  new KubeNamespace(chart, "namespace", {
    metadata: { name: namespace, labels: { ...labels, ...podSecurityLabels("restricted") } },
  });
  const policy = (name: string, why: string, spec: NetworkPolicySpec) =>
    new KubeNetworkPolicy(chart, name, {
      metadata: { name, namespace, labels: { ...labels }, annotations: { "batch-platform.io/why": why } },
      spec,
    });
  policy("default-deny", "deny all traffic not allowed by another policy", {
    podSelector: {},
    policyTypes: ["Ingress", "Egress"],
  });
  policy("allow-dns", "name resolution through the cluster DNS", {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": props.dns.namespace } },
            podSelector: { matchLabels: { ...props.dns.podLabels } },
          },
        ],
        ports: [
          { protocol: "UDP", port: IntOrString.fromNumber(53) },
          { protocol: "TCP", port: IntOrString.fromNumber(53) },
        ],
      },
    ],
  });
  const apiServerPeers = props.apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
  policy("allow-api-server", "cert-manager's controller, webhook, cainjector and startup check call the API", {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [{ to: apiServerPeers, ports: tcp(props.apiServer.ports) }],
  });
  policy("allow-webhook", "the API server calls cert-manager's admission webhook", {
    podSelector: { matchLabels: { ...CERT_MANAGER_WEBHOOK_LABELS } },
    policyTypes: ["Ingress"],
    ingress: [{ from: apiServerPeers, ports: tcp([CERT_MANAGER_WEBHOOK_PORT]) }],
  });
}

/** The self-signed issuer, the root CA certificate it signs, and the CA ClusterIssuer signing from it. */
export function addPlatformIssuers(chart: Chart, namespace: string, labels: Readonly<Record<string, string>>): void {
  const selfSigned: ClusterIssuer = {
    apiVersion: CERT_MANAGER_API_VERSION,
    kind: "ClusterIssuer",
    metadata: { name: SELF_SIGNED_ISSUER, labels: { ...labels } },
    spec: { selfSigned: {} },
  };
  const root: Certificate = {
    apiVersion: CERT_MANAGER_API_VERSION,
    kind: "Certificate",
    metadata: { name: ROOT_CA_SECRET, namespace, labels: { ...labels } },
    spec: {
      secretName: ROOT_CA_SECRET,
      issuerRef: { name: SELF_SIGNED_ISSUER, kind: "ClusterIssuer", group: "cert-manager.io" },
      isCA: true,
      commonName: "batch-platform root CA",
      duration: "87600h",
      renewBefore: "8760h",
      privateKey: { algorithm: "ECDSA", size: 384, encoding: "PKCS8", rotationPolicy: "Never" },
      usages: ["cert sign", "crl sign", "digital signature"],
    },
  };
  const ca: ClusterIssuer = {
    apiVersion: CERT_MANAGER_API_VERSION,
    kind: "ClusterIssuer",
    metadata: { name: PLATFORM_CA_ISSUER.name, labels: { ...labels } },
    // A ClusterIssuer reads its Secret from cert-manager's cluster resource namespace (its own).
    spec: { ca: { secretName: ROOT_CA_SECRET } },
  };
  new ApiObject(chart, "selfsigned-issuer", selfSigned);
  new ApiObject(chart, "root-ca", root);
  new ApiObject(chart, "ca-issuer", ca);
}
