import * as pulumi from "@pulumi/pulumi";
import type { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { IntOrString, KubeNamespace, KubeNetworkPolicy } from "cdk8s-plus-34/lib/imports/k8s";
import { assertNoProblems } from "../common/validation";
import { dataProtection } from "../common/protection";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { PRIVATE_CIDRS } from "../k8s/cluster-layout";
import { DEFAULT_POD_SECURITY, NAMESPACE_ROLES, podSecurityLabels, type NamespaceRole, type PodSecurityLevel } from "../k8s/namespace-roles";
import { addNetworkPolicies, type NetworkLayout } from "../k8s/network-policies";
import { parseCidr } from "./network-cidr";

export interface GkeNamespaceArgs {
  /** The platform role of the namespace (its Pod Security default and `batch-platform.io/role` label). */
  readonly role: NamespaceRole;
  /** Namespace name. @default the role */
  readonly name?: string;
  /** Enforced Pod Security level. @default the role's (DEFAULT_POD_SECURITY) */
  readonly podSecurity?: PodSecurityLevel;
  /** The control plane's private range (`masterCidr`): pods of this namespace call the API server. */
  readonly apiServerCidrs: readonly string[];
  /** Admission webhooks in this namespace the API server calls (e.g. the Spark Operator's). @default [] */
  readonly webhooks?: readonly { readonly ports: readonly number[]; readonly podLabels: Readonly<Record<string, string>> }[];
  /** HTTPS out of the cluster (Google APIs; public registries). @default true */
  readonly internetEgress?: boolean;
  /** Labels on every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the namespace (deleting it deletes its volume claims). @default false */
  readonly protect?: boolean;
}

/**
 * The GKE metadata server, which hands workload identity tokens to pods: 169.254.169.252:988 on
 * Dataplane V2, reached as 169.254.169.254:80. Without this allowance a default-deny namespace
 * loses its Google identity.
 */
export const GKE_METADATA_SERVER_EGRESS: readonly { readonly cidr: string; readonly port: number }[] = [
  { cidr: "169.254.169.252/32", port: 988 },
  { cidr: "169.254.169.254/32", port: 80 },
];

/** Pure validation of {@link GkeNamespaceArgs}. */
export function gkeNamespaceProblems(args: GkeNamespaceArgs): string[] {
  const problems: string[] = [];
  const name = args.name ?? args.role;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) problems.push(`name: got ${JSON.stringify(name)}; expected a DNS label`);
  if (!(NAMESPACE_ROLES as readonly string[]).includes(args.role)) problems.push(`role: got ${JSON.stringify(args.role)}; expected one of ${NAMESPACE_ROLES.join(", ")}`);
  args.apiServerCidrs.forEach((cidr, i) => {
    if (parseCidr(cidr) === undefined) problems.push(`apiServerCidrs[${i}]: got ${JSON.stringify(cidr)}; expected an IPv4 CIDR such as 172.16.0.0/28`);
  });
  return problems;
}

/**
 * A namespace on GKE after the platform's cluster layout: Pod Security labels, default-deny
 * NetworkPolicies with the layout's allowances (DNS, same namespace, the API server, HTTPS out;
 * `addNetworkPolicies`), plus egress to the GKE metadata server so workload identity keeps working.
 * For variants that use only some of the roles (the GCP variant: orchestration, and processing for
 * Spark on GKE); cross-namespace flows are not needed there.
 */
export class GkeNamespace extends pulumi.ComponentResource {
  /** The namespace name, plain (for manifests and generated code). */
  readonly name: string;
  /** The namespace ConfigGroup, to depend on before putting anything into it. */
  readonly namespaceGroup: ConfigGroup;

  constructor(name: string, args: GkeNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("GkeNamespace", gkeNamespaceProblems(args));
    super("batch-platform:cluster:GkeNamespace", name, {}, opts);
    const namespace = args.name ?? args.role;
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/managed-by": "pulumi" };
    const level = args.podSecurity ?? DEFAULT_POD_SECURITY[args.role].level;
    const reason = level === "restricted" ? undefined : DEFAULT_POD_SECURITY[args.role].reason;
    this.name = namespace;

    const namespaceChart = newManifestChart(`${name}-namespace`);
    new KubeNamespace(namespaceChart, "namespace", {
      metadata: {
        name: namespace,
        labels: { ...labels, "batch-platform.io/role": args.role, ...podSecurityLabels(level) },
        ...(reason ? { annotations: { "batch-platform.io/pod-security-reason": reason } } : {}),
      },
    });
    this.namespaceGroup = deployManifests(`${name}-namespace`, namespaceChart, { parent: this, ...dataProtection(args.protect ?? false) });

    const layout: NetworkLayout = {
      namespaces: Object.fromEntries(NAMESPACE_ROLES.map((role) => [role, role === args.role ? namespace : role])) as NetworkLayout["namespaces"],
      flows: [],
      apiServer: { clients: [args.role], cidrs: args.apiServerCidrs, ports: [443] },
      webhooks: (args.webhooks ?? []).map((webhook) => ({ role: args.role, ports: webhook.ports, podLabels: webhook.podLabels })),
      internetEgress: { roles: (args.internetEgress ?? true) ? [args.role] : [], ports: [443], exceptCidrs: PRIVATE_CIDRS },
      dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
    };
    const policies = newManifestChart(`${name}-policies`);
    addNetworkPolicies(policies, args.role, layout, labels);
    new KubeNetworkPolicy(policies, "metadata-server", {
      metadata: { name: "allow-gke-metadata-server", namespace, labels: { ...labels }, annotations: { "batch-platform.io/why": "workload identity tokens from the GKE metadata server" } },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: GKE_METADATA_SERVER_EGRESS.map((target) => ({ to: [{ ipBlock: { cidr: target.cidr } }], ports: [{ protocol: "TCP", port: IntOrString.fromNumber(target.port) }] })),
      },
    });
    deployManifests(`${name}-policies`, policies, { parent: this, dependsOn: [this.namespaceGroup] });
    this.registerOutputs({});
  }
}
