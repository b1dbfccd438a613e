import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "@pulumi/gcp/container/cluster";
import { NodePool } from "@pulumi/gcp/container/nodePool";
import { IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects/iammember";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { CryptoKey } from "@pulumi/gcp/kms/cryptoKey";
import { CryptoKeyIAMMember } from "@pulumi/gcp/kms/cryptoKeyIAMMember";
import { KeyRing } from "@pulumi/gcp/kms/keyRing";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject";
import { Provider } from "@pulumi/kubernetes/provider";
import { assertNoProblems } from "../common/validation";
import { DEFAULT_PLACEMENT, type NodePlacement, type NodePoolName } from "../k8s/placement";
import { gkeKubeconfig } from "./gke-kubeconfig";
import { gkeNodePoolArgs, type GkeNodePoolSettings } from "./gke-node-pool";
import { parseCidr, rangeProblems } from "./network-cidr";

export const GKE_NODE_POOL_NAMES: readonly NodePoolName[] = ["system", "stateful", "batch"];

/** A network allowed to reach the control plane's public endpoint. */
export interface AuthorizedNetwork {
  /** Shown in the console, e.g. `ci-runners`. */
  readonly name: string;
  readonly cidr: string;
}

export interface GkeClusterArgs {
  /** Project of the cluster (also names the workload identity pool `<project>.svc.id.goog`). */
  readonly project: string;
  /** The stack's region. */
  readonly region: string;
  /** Cluster name, unique per project and location; the node service account is `<clusterName>-nodes`. */
  readonly clusterName: string;
  /** Regional (control plane and pools in several zones) or zonal (the first zone; dev only). @default true */
  readonly regional?: boolean;
  /** Zones of the region the pools run in. Regional: @default all zones of the region. Zonal: required. */
  readonly zones?: readonly string[];
  /** The VPC-native network: network and subnet IDs and the subnet's secondary range names. */
  readonly network: {
    readonly networkId: pulumi.Input<string>;
    readonly subnetworkId: pulumi.Input<string>;
    readonly podsRangeName: string;
    readonly servicesRangeName: string;
  };
  /** GKE release channel. @default "REGULAR" */
  readonly releaseChannel?: "RAPID" | "REGULAR" | "STABLE";
  /** Networks allowed to reach the public endpoint; empty: only from inside the VPC. @default [] */
  readonly masterAuthorizedNetworks?: readonly AuthorizedNetwork[];
  /** The control plane's private /28. @default "172.16.0.0/28" */
  readonly masterCidr?: string;
  /** The three pools of the placement contract. @default DEFAULT_GKE_NODE_POOLS */
  readonly nodePools?: { readonly [pool in NodePoolName]: GkeNodePoolSettings };
  /** Pool label and spot taint. @default DEFAULT_PLACEMENT */
  readonly placement?: NodePlacement;
  /** Daily maintenance window start, `HH:MM` UTC. @default "03:00" */
  readonly maintenanceStartTime?: string;
  /** Refuse to delete the cluster (GKE deletion protection). @default false */
  readonly deletionProtection?: boolean;
  /** The control plane on its private endpoint only (reached from the VPC, e.g. a runner in it). @default false */
  readonly privateEndpoint?: boolean;
  /**
   * Production rules: no authorized network may be open to everyone (a /0), and Kubernetes Secrets
   * are encrypted with a Cloud KMS key of the cluster's own (application-layer encryption). @default false
   */
  readonly production?: boolean;
  /** Labels on the cluster and its nodes; `component` is added. */
  readonly labels: Readonly<Record<string, string>>;
}

const SERVICE_ACCOUNT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
/** Only what GKE nodes themselves need: ship logs and metrics. */
/** Small pools, batch on Spot scaling from zero: what a cluster gets when no pools are given. */
export const DEFAULT_GKE_NODE_POOLS: { readonly [pool in NodePoolName]: GkeNodePoolSettings } = {
  system: { machineType: "e2-standard-2", minNodes: 1, maxNodes: 2, spot: false },
  stateful: { machineType: "e2-standard-4", minNodes: 1, maxNodes: 3, spot: false },
  batch: { machineType: "e2-standard-4", minNodes: 0, maxNodes: 3, spot: true },
};

export const GKE_NODE_ROLES = ["roles/logging.logWriter", "roles/monitoring.metricWriter"] as const;

/** The cluster's location and its pools' zones. */
export function gkeLocation(args: Pick<GkeClusterArgs, "region" | "regional" | "zones">): { location: string; nodeLocations: string[] } {
  const zones = [...(args.zones ?? [])];
  if (args.regional ?? true) return { location: args.region, nodeLocations: zones };
  return { location: zones[0] ?? `${args.region}-a`, nodeLocations: [] };
}

/** Pure validation of {@link GkeClusterArgs}; one line per problem with the path, the value and the fix. */
export function gkeClusterProblems(args: GkeClusterArgs): string[] {
  const problems: string[] = [];
  const show = JSON.stringify;
  if (!/^[a-z]([-a-z0-9]{0,22}[a-z0-9])?$/.test(args.clusterName)) {
    problems.push(`clusterName: got ${show(args.clusterName)}; expected 1-24 lowercase letters, digits and -, starting with a letter`);
  } else if (!SERVICE_ACCOUNT_ID.test(`${args.clusterName}-nodes`)) {
    problems.push(`clusterName: got ${show(args.clusterName)}; "<clusterName>-nodes" must be a valid service account id (6-30 characters)`);
  }
  (args.zones ?? []).forEach((zone, i) => {
    if (!new RegExp(`^${args.region}-[a-z]$`).test(zone)) problems.push(`zones[${i}]: got ${show(zone)}; expected a zone of ${args.region}, e.g. ${args.region}-b`);
  });
  if (args.regional === false && (args.zones ?? []).length === 0) {
    problems.push(`zones: got nothing; a zonal cluster needs its zone, e.g. ["${args.region}-b"]`);
  }
  const masterCidr = args.masterCidr ?? "172.16.0.0/28";
  if (parseCidr(masterCidr)?.prefix !== 28) problems.push(`masterCidr: got ${show(masterCidr)}; expected a /28 block, e.g. 172.16.0.0/28`);
  const authorized = args.masterAuthorizedNetworks ?? [];
  problems.push(...rangeProblems(Object.fromEntries(authorized.map((n, i) => [`masterAuthorizedNetworks[${i}].cidr`, n.cidr]))).filter((p) => !p.includes("overlaps")));
  authorized.forEach((n, i) => {
    if (args.production && parseCidr(n.cidr)?.prefix === 0) {
      const expected = "a network narrower than /0 in production (or privateEndpoint: true)";
      problems.push(`masterAuthorizedNetworks[${i}].cidr: got ${show(n.cidr)}; expected ${expected}`);
    }
  });
  for (const pool of GKE_NODE_POOL_NAMES) {
    const settings = (args.nodePools ?? DEFAULT_GKE_NODE_POOLS)[pool];
    const at = `nodePools.${pool}`;
    if (!Number.isInteger(settings.minNodes) || settings.minNodes < 0) problems.push(`${at}.minNodes: got ${settings.minNodes}; expected a whole number >= 0`);
    if (!Number.isInteger(settings.maxNodes) || settings.maxNodes < 1) problems.push(`${at}.maxNodes: got ${settings.maxNodes}; expected a whole number >= 1`);
    if (settings.minNodes > settings.maxNodes) problems.push(`${at}.minNodes: got ${settings.minNodes}; expected at most maxNodes (${settings.maxNodes})`);
    if (pool !== "batch" && settings.spot) problems.push(`${at}.spot: got true; expected false (only the batch pool runs on Spot VMs)`);
    if (pool !== "batch" && settings.minNodes < 1) problems.push(`${at}.minNodes: got ${settings.minNodes}; expected at least 1 (the ${pool} pool runs Airflow and system pods)`);
  }
  if (args.maintenanceStartTime !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(args.maintenanceStartTime)) {
    problems.push(`maintenanceStartTime: got ${show(args.maintenanceStartTime)}; expected HH:MM (UTC), e.g. 03:00`);
  }
  return problems;
}

const GKE_SERVICE_AGENT_DOMAIN = "container-engine-robot.iam.gserviceaccount.com";

/** A key ring and a key (rotated every 90 days, protected) for the cluster's Secrets, usable by GKE's service agent. */
function gkeSecretsKey(
  name: string,
  args: GkeClusterArgs,
  parent: pulumi.Resource,
): { keyId: pulumi.Output<string>; grant: CryptoKeyIAMMember } {
  const ring = new KeyRing(
    `${name}-keys`,
    { name: `${args.clusterName}-gke`, project: args.project, location: args.region },
    { parent, protect: true },
  );
  const key = new CryptoKey(
    `${name}-secrets-key`,
    { name: "secrets", keyRing: ring.id, purpose: "ENCRYPT_DECRYPT", rotationPeriod: "7776000s" },
    { parent, protect: true, retainOnDelete: true },
  );
  const project = getProjectOutput({ projectId: args.project }, { parent });
  const grant = new CryptoKeyIAMMember(
    `${name}-secrets-key-gke`,
    {
      cryptoKeyId: key.id,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      // GKE's service agent: service-<project number>@container-engine-robot.iam.gserviceaccount.com.
      member: pulumi.interpolate`serviceAccount:service-${project.number}@${GKE_SERVICE_AGENT_DOMAIN}`,
    },
    { parent },
  );
  return { keyId: key.id, grant };
}

/**
 * A private GKE Standard cluster after the platform's node placement contract: no default pool,
 * the pools `system`, `stateful` (on-demand) and `batch` (Spot, tainted), workload identity, private
 * nodes behind Cloud NAT, a public endpoint limited to authorized networks, Shielded nodes, Dataplane
 * V2 (NetworkPolicy enforcement), a release channel, and a node service account that may only write
 * logs and metrics. `provider` is a Kubernetes provider for the cluster, to hand to Kubernetes
 * components through resource options.
 */
export class GkeCluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** kubeconfig without credentials (exec: gke-gcloud-auth-plugin). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for this cluster; pools exist before anything is deployed through it. */
  readonly provider: Provider;
  /** `<project>.svc.id.goog`: the identity namespace of the cluster's Kubernetes service accounts. */
  readonly workloadPool: string;
  /** Region or zone of the control plane. */
  readonly location: string;
  readonly nodeServiceAccountEmail: pulumi.Output<string>;
  readonly nodePools: { readonly [pool in NodePoolName]: NodePool };

  constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("GkeCluster", gkeClusterProblems(args));
    super("batch-platform:cluster:GkeCluster", name, {}, opts);

    const { location, nodeLocations } = gkeLocation(args);
    const labels = { ...args.labels, component: "cluster" };
    this.location = location;
    this.workloadPool = `${args.project}.svc.id.goog`;

    const nodeAccount = new Account(
      `${name}-nodes`,
      { accountId: `${args.clusterName}-nodes`, project: args.project, displayName: `GKE nodes of ${args.clusterName} (logs and metrics only)` },
      { parent: this },
    );
    const nodeRoles = GKE_NODE_ROLES.map(
      (role) => new ProjectIAMMember(`${name}-nodes-${role.split(".").pop()}`, { project: args.project, role, member: nodeAccount.member }, { parent: this }),
    );

    // Production: Secrets in etcd are encrypted with a key of the cluster's own, which GKE's service agent may use.
    const encryption = args.production ? gkeSecretsKey(name, args, this) : undefined;
    const cluster = new Cluster(
      `${name}-cluster`,
      {
        name: args.clusterName,
        project: args.project,
        location,
        ...(nodeLocations.length > 0 ? { nodeLocations } : {}),
        // Pools are managed below; GKE needs one node to create the cluster and deletes it after.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        network: args.network.networkId,
        subnetwork: args.network.subnetworkId,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: args.network.podsRangeName, servicesSecondaryRangeName: args.network.servicesRangeName },
        datapathProvider: "ADVANCED_DATAPATH",
        releaseChannel: { channel: args.releaseChannel ?? "REGULAR" },
        workloadIdentityConfig: { workloadPool: this.workloadPool },
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: args.privateEndpoint ?? false,
          masterIpv4CidrBlock: args.masterCidr ?? "172.16.0.0/28",
          masterGlobalAccessConfig: { enabled: false },
        },
        masterAuthorizedNetworksConfig: {
          cidrBlocks: (args.masterAuthorizedNetworks ?? []).map((n) => ({ displayName: n.name, cidrBlock: n.cidr })),
          gcpPublicCidrsAccessEnabled: false,
        },
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        enableShieldedNodes: true,
        enableLegacyAbac: false,
        maintenancePolicy: { dailyMaintenanceWindow: { startTime: args.maintenanceStartTime ?? "03:00" } },
        deletionProtection: args.deletionProtection ?? false,
        ...(encryption ? { databaseEncryption: { state: "ENCRYPTED", keyName: encryption.keyId } } : {}),
        resourceLabels: labels,
      },
      { parent: this, dependsOn: [...nodeRoles, ...(encryption ? [encryption.grant] : [])] },
    );

    const pools = {} as Record<NodePoolName, NodePool>;
    for (const pool of GKE_NODE_POOL_NAMES) {
      pools[pool] = new NodePool(
        `${name}-${pool}`,
        gkeNodePoolArgs(pool, (args.nodePools ?? DEFAULT_GKE_NODE_POOLS)[pool], {
          project: args.project,
          cluster: cluster.name,
          location,
          nodeLocations,
          serviceAccountEmail: nodeAccount.email,
          labels: args.labels,
          placement: args.placement ?? DEFAULT_PLACEMENT,
        }),
        { parent: this },
      );
    }
    this.nodePools = pools;

    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.nodeServiceAccountEmail = nodeAccount.email;
    this.kubeconfig = pulumi
      .all([cluster.name, cluster.endpoint, cluster.masterAuth])
      .apply(([clusterName, endpoint, auth]) => gkeKubeconfig({ name: `${args.project}_${location}_${clusterName}`, endpoint, caCertificate: auth.clusterCaCertificate ?? "" }));
    this.provider = new Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      // Workloads need nodes: nothing is applied through this provider before the pools exist.
      { parent: this, dependsOn: Object.values(pools) },
    );
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint, kubeconfig: this.kubeconfig });
  }
}
