import type { Chart } from "cdk8s";
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyPeer, type NetworkPolicyPort, type NetworkPolicySpec } from "cdk8s-plus-34/lib/imports/k8s";
import type { DataFlow } from "./data-flows";
import type { NamespaceRole } from "./namespace-roles";

/** Everything the NetworkPolicies of the platform's namespaces are derived from. */
export interface NetworkLayout {
  /** Namespace name per role. */
  readonly namespaces: { readonly [role in NamespaceRole]: string };
  /** Cross-namespace flows (see {@link platformDataFlows}). */
  readonly flows: readonly DataFlow[];
  /** The Kubernetes API server as seen from pods (after the `kubernetes` Service's DNAT). */
  readonly apiServer: {
    /** Roles whose pods call the API (operators, Airflow, Spark drivers, notebook interpreters). */
    readonly clients: readonly NamespaceRole[];
    readonly cidrs: readonly string[];
    readonly ports: readonly number[];
  };
  /** Admission webhooks the API server calls, by pod labels in a role's namespace. */
  readonly webhooks: readonly { readonly role: NamespaceRole; readonly ports: readonly number[]; readonly podLabels: Readonly<Record<string, string>> }[];
  /**
   * HTTPS to outside the cluster (Maven Central for Spark's packages), when a role needs it: for
   * the pods with `podLabels` only (a package mirror's Job), else for every pod of the role.
   */
  readonly internetEgress: {
    readonly roles: readonly NamespaceRole[];
    readonly ports: readonly number[];
    readonly exceptCidrs: readonly string[];
    readonly podLabels?: Readonly<Record<string, string>>;
  };
  /** The cluster DNS pods. */
  readonly dns: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /**
   * Per role, TCP ports no pod may reach, not even from its own namespace: listeners the software
   * cannot give TLS or a login (the node, which runs the probes, is not subject to NetworkPolicies).
   */
  readonly sealedPorts?: { readonly [role in NamespaceRole]?: readonly number[] };
}

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

function tcp(ports: readonly number[]): NetworkPolicyPort[] {
  return ports.map((port) => ({ protocol: "TCP", port: IntOrString.fromNumber(port) }));
}

/** Every TCP port but the sealed ones, as port ranges (`endPort`), and every UDP port. */
export function portsExcept(sealed: readonly number[]): NetworkPolicyPort[] {
  const ports: NetworkPolicyPort[] = [];
  let from = 1;
  for (const port of [...new Set(sealed)].sort((a, b) => a - b)) {
    if (port > from) ports.push(tcpRange(from, port - 1));
    from = port + 1;
  }
  if (from <= 65535) ports.push(tcpRange(from, 65535));
  return [...ports, { protocol: "UDP" }];
}

function tcpRange(from: number, to: number): NetworkPolicyPort {
  const port = { protocol: "TCP", port: IntOrString.fromNumber(from) };
  return from === to ? port : { ...port, endPort: to };
}

function namespacePeer(namespace: string): NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } };
}

function ipPeers(cidrs: readonly string[], except: readonly string[] = []): NetworkPolicyPeer[] {
  return cidrs.map((cidr) => ({ ipBlock: except.length > 0 ? { cidr, except: [...except] } : { cidr } }));
}

/**
 * Adds a role's NetworkPolicies to a chart: default deny in both directions, then exactly the
 * allowances the data flow needs — DNS, traffic inside the namespace, the flows from and to other
 * namespaces on their ports, the API server for its clients, webhook calls and HTTPS egress.
 */
export function addNetworkPolicies(chart: Chart, role: NamespaceRole, layout: NetworkLayout, labels: Readonly<Record<string, string>>): void {
  const namespace = layout.namespaces[role];
  const policy = (name: string, why: string, spec: NetworkPolicySpec) =>
    new KubeNetworkPolicy(chart, `${namespace}-${name}`, {
      metadata: { name, namespace, labels: { ...labels }, annotations: { "batch-platform.io/why": why } },
      spec,
    });

  policy("default-deny", "deny all traffic not allowed by another policy", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  policy("allow-dns", "name resolution through the cluster DNS", {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [
      {
        to: [{ ...namespacePeer(layout.dns.namespace), podSelector: { matchLabels: { ...layout.dns.podLabels } } }],
        ports: [
          { protocol: "UDP", port: IntOrString.fromNumber(53) },
          { protocol: "TCP", port: IntOrString.fromNumber(53) },
        ],
      },
    ],
  });
  const sealed = layout.sealedPorts?.[role] ?? [];
  const sealedWhy =
    sealed.length > 0 ? `, on every port but ${sealed.join(", ")} (no TLS or login possible there)` : "";
  policy("allow-same-namespace", `pods of the ${role} role talk to each other${sealedWhy}`, {
    podSelector: {},
    policyTypes: ["Ingress", "Egress"],
    ingress: [{ from: [{ podSelector: {} }], ...(sealed.length > 0 ? { ports: portsExcept(sealed) } : {}) }],
    egress: [{ to: [{ podSelector: {} }] }],
  });
  for (const flow of layout.flows.filter((f) => f.to === role)) {
    policy(`allow-from-${flow.from}`, flow.why, {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [namespacePeer(layout.namespaces[flow.from])], ports: tcp(flow.ports) }],
    });
  }
  for (const flow of layout.flows.filter((f) => f.from === role)) {
    policy(`allow-to-${flow.to}`, flow.why, {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [namespacePeer(layout.namespaces[flow.to])], ports: tcp(flow.ports) }],
    });
  }
  if (layout.apiServer.clients.includes(role)) {
    policy("allow-api-server", "operators, Airflow, Spark drivers and interpreters call the Kubernetes API", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: ipPeers(layout.apiServer.cidrs), ports: tcp(layout.apiServer.ports) }],
    });
  }
  layout.webhooks
    .filter((w) => w.role === role)
    .forEach((webhook, i) => {
      policy(`allow-webhook-${i}`, "the API server calls an admission webhook", {
        podSelector: { matchLabels: { ...webhook.podLabels } },
        policyTypes: ["Ingress"],
        ingress: [{ from: ipPeers(layout.apiServer.cidrs), ports: tcp(webhook.ports) }],
      });
    });
  if (layout.internetEgress.roles.includes(role)) {
    const pods = layout.internetEgress.podLabels;
    policy("allow-https-out", "package downloads (Spark's packages from Maven Central) outside the cluster", {
      podSelector: pods ? { matchLabels: { ...pods } } : {},
      policyTypes: ["Egress"],
      egress: [{ to: ipPeers(["0.0.0.0/0"], layout.internetEgress.exceptCidrs), ports: tcp(layout.internetEgress.ports) }],
    });
  }
}
