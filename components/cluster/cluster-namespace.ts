import type * as pulumi from "@pulumi/pulumi";
import type { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import type { Chart } from "cdk8s";
import { KubeNamespace } from "cdk8s-plus-34/lib/imports/k8s";
import { dataProtection } from "../common/protection";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { PRIVATE_CIDRS } from "../k8s/cluster-layout";
import {
  DEFAULT_POD_SECURITY,
  NAMESPACE_ROLES,
  podSecurityLabels,
  type NamespaceRole,
  type PodSecurityLevel,
} from "../k8s/namespace-roles";
import { addNetworkPolicies, type NetworkLayout } from "../k8s/network-policies";
import { parseCidr } from "./network-cidr";

export interface ClusterNamespaceArgs {
  /** The platform role of the namespace (its Pod Security default and `batch-platform.io/role` label). */
  readonly role: NamespaceRole;
  /** Namespace name. @default the role */
  readonly name?: string;
  /** Enforced Pod Security level. @default the role's (DEFAULT_POD_SECURITY) */
  readonly podSecurity?: PodSecurityLevel;
  /** Where pods reach the API server (GKE: `masterCidr`; AKS: the node subnet of a private cluster). */
  readonly apiServerCidrs: readonly string[];
  /** Admission webhooks in this namespace the API server calls (e.g. the Spark Operator's). @default [] */
  readonly webhooks?: readonly {
    readonly ports: readonly number[];
    readonly podLabels: Readonly<Record<string, string>>;
  }[];
  /** HTTPS out of the cluster (cloud APIs, Entra ID; public registries). @default true */
  readonly internetEgress?: boolean;
  /** Labels on every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the namespace (deleting it deletes its volume claims). @default false */
  readonly protect?: boolean;
}

/** Pure validation of {@link ClusterNamespaceArgs}. */
export function clusterNamespaceProblems(args: ClusterNamespaceArgs): string[] {
  const problems: string[] = [];
  const name = args.name ?? args.role;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name))
    problems.push(`name: got ${JSON.stringify(name)}; expected a DNS label`);
  if (!(NAMESPACE_ROLES as readonly string[]).includes(args.role))
    problems.push(`role: got ${JSON.stringify(args.role)}; expected one of ${NAMESPACE_ROLES.join(", ")}`);
  args.apiServerCidrs.forEach((cidr, i) => {
    if (parseCidr(cidr) === undefined)
      problems.push(`apiServerCidrs[${i}]: got ${JSON.stringify(cidr)}; expected an IPv4 CIDR such as 172.16.0.0/28`);
  });
  return problems;
}

/** The namespace (deployed) and the chart of its default-deny policies, to which a cluster adds its own. */
export interface ClusterNamespaceParts {
  readonly name: string;
  readonly namespaceGroup: ConfigGroup;
  readonly policies: Chart;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A namespace after the platform's cluster layout: Pod Security labels, and default-deny
 * NetworkPolicies with the layout's allowances (DNS, same namespace, the API server, HTTPS out).
 * Shared by GkeNamespace and AksNamespace; the caller deploys `policies` after adding to it.
 */
export function clusterNamespace(
  name: string,
  args: ClusterNamespaceArgs,
  parent: pulumi.Resource,
): ClusterNamespaceParts {
  const namespace = args.name ?? args.role;
  const labels = {
    ...(args.labels ?? {}),
    "app.kubernetes.io/part-of": "batch-platform",
    "app.kubernetes.io/managed-by": "pulumi",
  };
  const level = args.podSecurity ?? DEFAULT_POD_SECURITY[args.role].level;
  const reason = level === "restricted" ? undefined : DEFAULT_POD_SECURITY[args.role].reason;

  const namespaceChart = newManifestChart(`${name}-namespace`);
  new KubeNamespace(namespaceChart, "namespace", {
    metadata: {
      name: namespace,
      labels: { ...labels, "batch-platform.io/role": args.role, ...podSecurityLabels(level) },
      ...(reason ? { annotations: { "batch-platform.io/pod-security-reason": reason } } : {}),
    },
  });
  const namespaceGroup = deployManifests(`${name}-namespace`, namespaceChart, {
    parent,
    ...dataProtection(args.protect ?? false),
  });

  const layout: NetworkLayout = {
    namespaces: Object.fromEntries(
      NAMESPACE_ROLES.map((role) => [role, role === args.role ? namespace : role]),
    ) as NetworkLayout["namespaces"],
    flows: [],
    apiServer: { clients: [args.role], cidrs: args.apiServerCidrs, ports: [443] },
    webhooks: (args.webhooks ?? []).map((webhook) => ({
      role: args.role,
      ports: webhook.ports,
      podLabels: webhook.podLabels,
    })),
    internetEgress: {
      roles: (args.internetEgress ?? true) ? [args.role] : [],
      ports: [443],
      exceptCidrs: PRIVATE_CIDRS,
    },
    dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
  };
  const policies = newManifestChart(`${name}-policies`);
  addNetworkPolicies(policies, args.role, layout, labels);
  return { name: namespace, namespaceGroup, policies, labels };
}
