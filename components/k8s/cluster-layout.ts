import * as pulumi from "@pulumi/pulumi";
import { KubeNamespace } from "cdk8s-plus-34/lib/imports/k8s";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { deployManifests, newManifestChart } from "./cdk8s-manifests";
import { DEFAULT_ENDPOINTS, platformDataFlows, type DataFlow, type PlatformEndpoints } from "./data-flows";
import { DEFAULT_POD_SECURITY, NAMESPACE_ROLES, podSecurityLabels, type NamespaceRole, type PodSecurityLevel } from "./namespace-roles";
import { addNetworkPolicies, type NetworkLayout } from "./network-policies";
import { DEFAULT_BUDGETS } from "./default-budgets";
import { addBudgetObjects, budgetProblems, type NamespaceBudget } from "./resource-budget";

/** One role's namespace. */
export interface NamespaceSettings {
  /** Namespace name. @default the role's name */
  readonly name?: string;
  /** Enforced Pod Security Standard (warn/audit are always `restricted`). @default DEFAULT_POD_SECURITY[role] */
  readonly podSecurity?: PodSecurityLevel;
  /** ResourceQuota and LimitRange of the namespace: what differs from the role's default. @default DEFAULT_BUDGETS[role] */
  readonly budget?: Partial<NamespaceBudget>;
}

/** An admission webhook served from a role's namespace (the API server must reach it). */
export interface WebhookEndpoint {
  readonly role: NamespaceRole;
  readonly ports: readonly number[];
  /** Labels of the webhook pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface ClusterLayoutArgs {
  /** Per role: namespace name, Pod Security level, budget. @default the role's name, level and budget */
  readonly namespaces?: { readonly [role in NamespaceRole]?: NamespaceSettings };
  /** Where the shared services run; the NetworkPolicies follow. @default DEFAULT_ENDPOINTS */
  readonly endpoints?: PlatformEndpoints;
  /** Flows beyond the platform's own (e.g. a microservice namespace's role to YSQL). @default [] */
  readonly extraFlows?: readonly DataFlow[];
  /** CIDRs of the API server endpoints; narrow them to the control plane's addresses. @default ["0.0.0.0/0"] */
  readonly apiServerCidrs?: readonly string[];
  /** Ports of the API server endpoints (443 on managed clusters, 6443 on kubeadm ones). @default [443, 6443] */
  readonly apiServerPorts?: readonly number[];
  /** Roles whose pods call the API server. @default ["orchestration", "processing", "explore"] */
  readonly apiServerClients?: readonly NamespaceRole[];
  /** Admission webhooks the API server calls. @default [] */
  readonly webhooks?: readonly WebhookEndpoint[];
  /** Roles allowed HTTPS out of the cluster (Spark resolves `spark.jars.packages` at start). @default ["processing", "explore"] */
  readonly internetEgressRoles?: readonly NamespaceRole[];
  /** Only the pods with these labels get that egress (e.g. a Spark package mirror's). @default every pod of those roles */
  readonly internetEgressPodLabels?: Readonly<Record<string, string>>;
  /**
   * Per role, ports no pod may reach, not even from its own namespace: listeners without TLS or a
   * login that the software cannot secure (YugabyteDB's YSQL metrics server). A flow to one is refused.
   * @default {}
   */
  readonly sealedPorts?: { readonly [role in NamespaceRole]?: readonly number[] };
  /** The cluster DNS pods. @default kube-system, `k8s-app: kube-dns` */
  readonly dns?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /** Labels on every object (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the namespaces (deleting one deletes every volume claim in it). @default false */
  readonly protect?: boolean;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-f:]+\/\d{1,3}$/i;
/** Private ranges excluded from "HTTPS out": in-cluster traffic stays under the per-flow policies. */
export const PRIVATE_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** A role's budget: its overrides on top of the role's default. */
export function roleBudget(args: Pick<ClusterLayoutArgs, "namespaces">, role: NamespaceRole): NamespaceBudget {
  return { ...DEFAULT_BUDGETS[role], ...(args.namespaces?.[role]?.budget ?? {}) };
}

/** Problems of the arguments, one line per problem with its path. */
export function clusterLayoutProblems(args: ClusterLayoutArgs): string[] {
  const problems: string[] = [];
  const seen = new Map<string, NamespaceRole>();
  for (const role of NAMESPACE_ROLES) {
    const settings = args.namespaces?.[role] ?? {};
    const name = settings.name ?? role;
    if (!DNS_LABEL.test(name)) problems.push(`namespaces.${role}.name: got ${JSON.stringify(name)}; expected a DNS label (lowercase letters, digits, '-')`);
    const other = seen.get(name);
    if (other) problems.push(`namespaces.${role}.name: got ${JSON.stringify(name)}; already the namespace of ${other} (one namespace per role)`);
    seen.set(name, role);
    problems.push(...budgetProblems(roleBudget(args, role), `namespaces.${role}.budget`));
  }
  for (const [role, ports] of Object.entries(args.sealedPorts ?? {})) {
    (ports ?? []).forEach((port, i) => {
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        problems.push(`sealedPorts.${role}[${i}]: got ${JSON.stringify(port)}; expected a TCP port (1-65535)`);
    });
  }
  for (const flow of platformDataFlows(args.endpoints ?? DEFAULT_ENDPOINTS, args.extraFlows ?? [])) {
    const sealed = flow.ports.filter((port) => args.sealedPorts?.[flow.to]?.includes(port));
    if (sealed.length > 0)
      problems.push(
        `sealedPorts.${flow.to}: port ${sealed.join(", ")} is sealed, but ${flow.from} connects to it (${flow.why})`,
      );
  }
  (args.apiServerCidrs ?? []).forEach((cidr, i) => {
    if (!CIDR.test(cidr)) problems.push(`apiServerCidrs[${i}]: got ${JSON.stringify(cidr)}; expected a CIDR like 10.0.0.1/32`);
  });
  return problems;
}

/**
 * The platform's cluster layout: a namespace per role with Pod Security labels, a default-deny
 * NetworkPolicy per namespace plus exactly the allowances of the data flow, and a ResourceQuota and
 * LimitRange per namespace. Authored with cdk8s; the namespaces are their own ConfigGroup so they
 * can be protected apart from the policies.
 */
export class ClusterLayout extends pulumi.ComponentResource {
  /** Namespace names per role, plain (for manifests and generated code). */
  readonly names: { readonly [role in NamespaceRole]: string };
  /** Namespace names per role as Outputs that depend on the namespaces existing. */
  readonly namespaces: { readonly [role in NamespaceRole]: pulumi.Output<string> };
  /** The cross-namespace flows the policies allow. */
  readonly flows: readonly DataFlow[];

  constructor(name: string, args: ClusterLayoutArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("ClusterLayout", clusterLayoutProblems(args));
    super("batch-platform:k8s:ClusterLayout", name, {}, opts);
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "app.kubernetes.io/managed-by": "pulumi" };
    const names = Object.fromEntries(NAMESPACE_ROLES.map((role) => [role, args.namespaces?.[role]?.name ?? role])) as { [role in NamespaceRole]: string };
    this.names = names;
    this.flows = platformDataFlows(args.endpoints ?? DEFAULT_ENDPOINTS, args.extraFlows ?? []);

    const namespaceChart = newManifestChart(`${name}-namespaces`);
    for (const role of NAMESPACE_ROLES) {
      const level = args.namespaces?.[role]?.podSecurity ?? DEFAULT_POD_SECURITY[role].level;
      const reason = level === "restricted" ? undefined : DEFAULT_POD_SECURITY[role].reason;
      new KubeNamespace(namespaceChart, role, {
        metadata: {
          name: names[role],
          labels: { ...labels, "batch-platform.io/role": role, ...podSecurityLabels(level) },
          ...(reason ? { annotations: { "batch-platform.io/pod-security-reason": reason } } : {}),
        },
      });
    }
    const namespaceGroup = deployManifests(`${name}-namespaces`, namespaceChart, { parent: this, ...dataProtection(args.protect ?? false) });

    const layout: NetworkLayout = {
      namespaces: names,
      flows: this.flows,
      apiServer: {
        clients: args.apiServerClients ?? ["orchestration", "processing", "explore"],
        cidrs: args.apiServerCidrs ?? ["0.0.0.0/0"],
        ports: args.apiServerPorts ?? [443, 6443],
      },
      webhooks: args.webhooks ?? [],
      internetEgress: {
        roles: args.internetEgressRoles ?? ["processing", "explore"],
        ports: [443],
        exceptCidrs: PRIVATE_CIDRS,
        ...(args.internetEgressPodLabels ? { podLabels: args.internetEgressPodLabels } : {}),
      },
      dns: args.dns ?? { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
      sealedPorts: args.sealedPorts ?? {},
    };
    const policyChart = newManifestChart(`${name}-policies`);
    for (const role of NAMESPACE_ROLES) {
      addNetworkPolicies(policyChart, role, layout, labels);
      addBudgetObjects(policyChart, names[role], roleBudget(args, role), labels);
    }
    deployManifests(`${name}-policies`, policyChart, { parent: this, dependsOn: [namespaceGroup] });

    this.namespaces = Object.fromEntries(
      NAMESPACE_ROLES.map((role) => [role, namespaceGroup.urn.apply(() => names[role])]),
    ) as { [role in NamespaceRole]: pulumi.Output<string> };
    this.registerOutputs({ namespaces: this.namespaces });
  }
}
