import * as pulumi from "@pulumi/pulumi";
import { givenOrOwnResourceGroup } from "../common/azure-resource-group";
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";
import { AgentPool } from "@pulumi/azure-native/containerservice/agentPool";
// prettier-ignore
import { listManagedClusterUserCredentialsOutput } from
  "@pulumi/azure-native/containerservice/listManagedClusterUserCredentials";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig";
import { Provider } from "@pulumi/kubernetes/provider";
import { assertNoProblems } from "../common/validation";
import { AKS_PLACEMENT, type NodePoolName } from "../k8s/placement";
import { kubeloginKubeconfig, type KubeloginMode } from "./aks-kubeconfig";
import { aksPoolProfile, type AksNodePoolSettings } from "./aks-node-pool";
import { parseCidr, rangeProblems } from "./network-cidr";

export const AKS_NODE_POOL_NAMES: readonly NodePoolName[] = ["system", "stateful", "batch"];

/** Small pools, batch on Spot scaling from zero: what a cluster gets when no pools are given. */
export const DEFAULT_AKS_NODE_POOLS: { readonly [pool in NodePoolName]: AksNodePoolSettings } = {
  system: { machineType: "Standard_D4s_v5", minNodes: 1, maxNodes: 3 },
  stateful: { machineType: "Standard_E4s_v5", minNodes: 1, maxNodes: 3 },
  batch: { machineType: "Standard_D8s_v5", minNodes: 0, maxNodes: 5, spot: true },
};

/** Built-in role definitions (same ids in every tenant). */
export const AKS_ROLES = {
  networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  rbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
  clusterUser: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
} as const;

/** How the API server is reached: a public endpoint limited to ranges, or a private cluster. */
export type AksApiServerAccess =
  | { readonly kind: "authorizedRanges"; readonly cidrs: readonly string[] }
  | { readonly kind: "private" };

export interface AksClusterArgs {
  readonly location: string;
  /** Cluster name (also the DNS prefix). */
  readonly clusterName: string;
  /** An existing resource group. @default a new `rg-<clusterName>-aks` */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** The node subnet (AzureNetwork's `nodesSubnetId`). */
  readonly nodesSubnetId: pulumi.Input<string>;
  /** Availability zones of every pool, e.g. `["1","2","3"]`. @default [] */
  readonly zones?: readonly string[];
  /** The three pools of the placement contract. @default DEFAULT_AKS_NODE_POOLS */
  readonly nodePools?: { readonly [pool in NodePoolName]: AksNodePoolSettings };
  /** Kubernetes minor version; AKS picks its default when omitted. @default the region's default */
  readonly kubernetesVersion?: string;
  /** `Standard` has the uptime SLA (staging, prod). @default "Free" */
  readonly tier?: "Free" | "Standard";
  /** API server access. @default private cluster */
  readonly apiServer?: AksApiServerAccess;
  /** Entra ID groups that administer the cluster (Azure RBAC cluster admin). @default [] */
  readonly adminGroupObjectIds?: readonly string[];
  /** Upgrade channels. @default { cluster: "stable", nodeOs: "NodeImage" } */
  readonly upgradeChannels?: {
    readonly cluster: "patch" | "stable" | "rapid";
    readonly nodeOs: "NodeImage" | "SecurityPatch";
  };
  /** Overlay ranges: pods and services, outside the VNet. @default 10.244.0.0/16 and 10.96.0.0/16 */
  readonly podCidr?: string;
  readonly serviceCidr?: string;
  /** How kubelogin in the provider's kubeconfig logs in. @default "azurecli" */
  readonly kubeloginMode?: KubeloginMode;
  /** Tags on the cluster and its pools; `component` is added. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Pure validation of {@link AksClusterArgs}. */
export function aksClusterProblems(args: AksClusterArgs): string[] {
  const problems: string[] = [];
  const show = JSON.stringify;
  if (!/^[a-z][-a-z0-9]{0,52}[a-z0-9]$/.test(args.clusterName))
    problems.push(`clusterName: got ${show(args.clusterName)}; expected 2-54 lowercase letters, digits and -`);
  (args.zones ?? []).forEach((zone, i) => {
    if (!["1", "2", "3"].includes(zone)) problems.push(`zones[${i}]: got ${show(zone)}; expected "1", "2" or "3"`);
  });
  const pools = args.nodePools ?? DEFAULT_AKS_NODE_POOLS;
  for (const pool of AKS_NODE_POOL_NAMES) {
    const settings = pools[pool];
    const at = `nodePools.${pool}`;
    if (!/^Standard_[A-Za-z0-9_]+$/.test(settings.machineType))
      problems.push(
        `${at}.machineType: got ${show(settings.machineType)}; expected an Azure VM size, e.g. Standard_D4s_v5`,
      );
    if (!Number.isInteger(settings.minNodes) || settings.minNodes < 0)
      problems.push(`${at}.minNodes: got ${settings.minNodes}; expected a whole number >= 0`);
    if (settings.minNodes > settings.maxNodes)
      problems.push(`${at}.minNodes: got ${settings.minNodes}; expected at most maxNodes (${settings.maxNodes})`);
    if (pool !== "batch" && settings.spot)
      problems.push(`${at}.spot: got true; expected false (only the batch pool runs on Spot VMs)`);
    if (pool !== "batch" && settings.minNodes < 1)
      problems.push(
        `${at}.minNodes: got ${settings.minNodes}; expected at least 1 (the ${pool} pool runs Airflow and system pods)`,
      );
  }
  const access = args.apiServer ?? { kind: "private" };
  if (access.kind === "authorizedRanges") {
    if (access.cidrs.length === 0)
      problems.push(
        "apiServer.cidrs: got none; expected the ranges of the `pulumi up` runner and operators, or a private cluster",
      );
    problems.push(
      ...rangeProblems(Object.fromEntries(access.cidrs.map((cidr, i) => [`apiServer.cidrs[${i}]`, cidr]))).filter(
        (p) => !p.includes("overlaps"),
      ),
    );
    access.cidrs.forEach((cidr, i) => {
      if (cidr === "0.0.0.0/0")
        problems.push(
          `apiServer.cidrs[${i}]: got "0.0.0.0/0"; expected specific ranges (0.0.0.0/0 makes the API server public)`,
        );
    });
  }
  const overlay = { podCidr: args.podCidr ?? "10.244.0.0/16", serviceCidr: args.serviceCidr ?? "10.96.0.0/16" };
  problems.push(...rangeProblems(overlay));
  if (args.kubernetesVersion !== undefined && !/^1\.\d{2}(\.\d+)?$/.test(args.kubernetesVersion))
    problems.push(`kubernetesVersion: got ${show(args.kubernetesVersion)}; expected 1.<minor>, e.g. 1.33`);
  return problems;
}

/** The DNS service IP: the tenth address of the service range. */
export function dnsServiceIp(serviceCidr: string): string {
  const block = parseCidr(serviceCidr);
  if (block === undefined) return "10.96.0.10";
  const address = block.start + 10;
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join(".");
}

/**
 * AKS after the platform's placement contract: the system pool inline, `stateful` and `batch` as
 * AgentPool resources (editing an inline pool would rescale every pool), the batch pool on Spot with
 * AKS's own spot label and taint declared; Azure CNI overlay with the Cilium dataplane and network
 * policy; Entra ID with Azure RBAC and no local accounts; OIDC issuer and workload identity; a
 * private API server or one limited to authorized ranges; auto-upgrade channels. The Kubernetes
 * provider's kubeconfig is the *user* kubeconfig in kubelogin exec format — never admin credentials.
 */
export class AksCluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  readonly resourceGroupName: pulumi.Output<string>;
  /** The cluster's OIDC issuer, trusted by the federated credentials of workload identity. */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  /** kubeconfig without credentials (exec: kubelogin). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for this cluster; pools exist before anything is deployed through it. */
  readonly provider: Provider;
  readonly nodePools: { readonly stateful: AgentPool; readonly batch: AgentPool };

  constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("AksCluster", aksClusterProblems(args));
    super("batch-platform:cluster:AksCluster", name, {}, opts);
    const tags = { ...args.tags, component: "cluster" };
    const pools = args.nodePools ?? DEFAULT_AKS_NODE_POOLS;
    const client = getClientConfigOutput({ parent: this });
    const subscription = pulumi.interpolate`/subscriptions/${client.subscriptionId}`;
    const roleDefinitions = pulumi.interpolate`${subscription}/providers/Microsoft.Authorization`;
    const roleId = (id: string) => pulumi.interpolate`${roleDefinitions}/roleDefinitions/${id}`;
    this.resourceGroupName = givenOrOwnResourceGroup(
      name,
      args.resourceGroupName,
      { resourceGroupName: `rg-${args.clusterName}-aks`, location: args.location, tags },
      { parent: this },
    );

    // The control plane's own identity, allowed to manage load balancers in the node subnet only.
    const controlPlane = new UserAssignedIdentity(
      `${name}-control-plane`,
      {
        resourceName: `id-${args.clusterName}-aks`,
        resourceGroupName: this.resourceGroupName,
        location: args.location,
        tags,
      },
      { parent: this },
    );
    const subnetRole = new RoleAssignment(
      `${name}-control-plane-subnet`,
      {
        principalId: controlPlane.principalId,
        principalType: "ServicePrincipal",
        scope: args.nodesSubnetId,
        roleDefinitionId: roleId(AKS_ROLES.networkContributor),
      },
      { parent: this },
    );

    const context = {
      vnetSubnetId: args.nodesSubnetId,
      zones: args.zones ?? [],
      orchestratorVersion: args.kubernetesVersion,
      tags: args.tags,
      placement: AKS_PLACEMENT,
    };
    const access = args.apiServer ?? { kind: "private" };
    const serviceCidr = args.serviceCidr ?? "10.96.0.0/16";
    const cluster = new ManagedCluster(
      `${name}-cluster`,
      {
        resourceName: args.clusterName,
        resourceGroupName: this.resourceGroupName,
        location: args.location,
        dnsPrefix: args.clusterName,
        ...(args.kubernetesVersion ? { kubernetesVersion: args.kubernetesVersion } : {}),
        sku: { name: "Base", tier: args.tier ?? "Free" },
        identity: { type: "UserAssigned", userAssignedIdentities: [controlPlane.id] },
        // Only the system pool is inline: AKS rescales every inline pool when one of them changes.
        agentPoolProfiles: [{ name: "system", ...aksPoolProfile("system", pools.system, context) }],
        networkProfile: {
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkDataplane: "cilium",
          networkPolicy: "cilium",
          podCidr: args.podCidr ?? "10.244.0.0/16",
          serviceCidr,
          dnsServiceIP: dnsServiceIp(serviceCidr),
          loadBalancerSku: "standard",
          outboundType: "loadBalancer",
        },
        aadProfile: {
          managed: true,
          enableAzureRBAC: true,
          tenantID: client.tenantId,
          adminGroupObjectIDs: [...(args.adminGroupObjectIds ?? [])],
        },
        disableLocalAccounts: true,
        enableRBAC: true,
        oidcIssuerProfile: { enabled: true },
        securityProfile: { workloadIdentity: { enabled: true } },
        apiServerAccessProfile:
          access.kind === "private"
            ? { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false }
            : { enablePrivateCluster: false, authorizedIPRanges: [...access.cidrs] },
        autoUpgradeProfile: {
          upgradeChannel: args.upgradeChannels?.cluster ?? "stable",
          nodeOSUpgradeChannel: args.upgradeChannels?.nodeOs ?? "NodeImage",
        },
        tags,
      },
      { parent: this, dependsOn: [subnetRole] },
    );

    // The other pools, one after the other: AKS refuses concurrent operations on a cluster.
    const stateful = new AgentPool(
      `${name}-stateful`,
      {
        agentPoolName: "stateful",
        resourceName: cluster.name,
        resourceGroupName: this.resourceGroupName,
        ...aksPoolProfile("stateful", pools.stateful, context),
      },
      { parent: this },
    );
    const batch = new AgentPool(
      `${name}-batch`,
      {
        agentPoolName: "batch",
        resourceName: cluster.name,
        resourceGroupName: this.resourceGroupName,
        ...aksPoolProfile("batch", pools.batch, context),
      },
      { parent: this, dependsOn: [stateful] },
    );
    this.nodePools = { stateful, batch };

    (args.adminGroupObjectIds ?? []).forEach((groupId, i) => {
      for (const [role, id] of [
        ["admin", AKS_ROLES.rbacClusterAdmin],
        ["user", AKS_ROLES.clusterUser],
      ] as const) {
        new RoleAssignment(
          `${name}-admins-${i}-${role}`,
          { principalId: groupId, principalType: "Group", scope: cluster.id, roleDefinitionId: roleId(id) },
          { parent: this },
        );
      }
    });

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((profile) => profile?.issuerURL ?? "");
    const credentials = listManagedClusterUserCredentialsOutput(
      { resourceGroupName: this.resourceGroupName, resourceName: cluster.name, format: "exec" },
      { parent: this },
    );
    this.kubeconfig = pulumi.secret(
      credentials.kubeconfigs.apply((configs) =>
        kubeloginKubeconfig(configs[0]?.value ?? "", args.kubeloginMode ?? "azurecli"),
      ),
    );
    this.provider = new Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      // Workloads need nodes: nothing is applied through this provider before the pools exist.
      { parent: this, dependsOn: [stateful, batch] },
    );
    this.registerOutputs({ clusterName: this.clusterName, oidcIssuerUrl: this.oidcIssuerUrl });
  }
}
