import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { DEFAULT_GKE_NODE_POOLS, GKE_NODE_ROLES, GkeCluster, gkeClusterProblems, type GkeClusterArgs } from "../../components/cluster/gke-cluster";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const args: GkeClusterArgs = {
  project: "acme-data-prod",
  region: "europe-west4",
  clusterName: "acme-prod",
  zones: ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
  network: { networkId: "net-id", subnetworkId: "subnet-id", podsRangeName: "pods", servicesRangeName: "services" },
  releaseChannel: "STABLE",
  masterAuthorizedNetworks: [{ name: "ci", cidr: "203.0.113.0/24" }],
  nodePools: {
    system: { machineType: "e2-standard-4", minNodes: 1, maxNodes: 2 },
    stateful: { machineType: "n2-standard-8", minNodes: 1, maxNodes: 3 },
    batch: { machineType: "n2-standard-16", minNodes: 0, maxNodes: 10, spot: true },
  },
  deletionProtection: true,
  labels: { environment: "prod", "cost-center": "data", owner: "team" },
};

type Props = Record<string, unknown>;
const rec = (value: unknown) => value as Props;

describe("GkeCluster", () => {
  let capture: RegistrationCapture;
  let gke: GkeCluster;
  beforeAll(async () => {
    capture = await mockPulumi();
    gke = new GkeCluster("gke", args);
  });

  it("declares a private, regional, shielded, workload-identity cluster without the default pool", async () => {
    const [cluster] = await registered(capture, "gcp:container/cluster:Cluster");
    const inputs = cluster.inputs;
    expect(inputs).toMatchObject({
      name: "acme-prod",
      location: "europe-west4",
      nodeLocations: args.zones,
      removeDefaultNodePool: true,
      releaseChannel: { channel: "STABLE" },
      workloadIdentityConfig: { workloadPool: "acme-data-prod.svc.id.goog" },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false, masterIpv4CidrBlock: "172.16.0.0/28" },
      masterAuthorizedNetworksConfig: { cidrBlocks: [{ displayName: "ci", cidrBlock: "203.0.113.0/24" }] },
      enableShieldedNodes: true,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
      deletionProtection: true,
      resourceLabels: { "cost-center": "data", owner: "team", component: "cluster" },
    });
    expect(gke.workloadPool).toBe("acme-data-prod.svc.id.goog");
  });

  it("has the three pools, the batch pool on Spot and tainted, every node on the GKE metadata server", async () => {
    const pools = await registered(capture, "gcp:container/nodePool:NodePool");
    expect(pools.map((p) => p.inputs.name).sort()).toEqual(["batch", "stateful", "system"]);
    for (const pool of pools) {
      const config = rec(pool.inputs.nodeConfig);
      const name = String(pool.inputs.name);
      expect(config.labels).toEqual({ "batch-platform.io/pool": name });
      expect(config.workloadMetadataConfig).toEqual({ mode: "GKE_METADATA" });
      expect(config.shieldedInstanceConfig).toEqual({ enableSecureBoot: true, enableIntegrityMonitoring: true });
      expect(config.resourceLabels).toMatchObject({ "cost-center": "data", owner: "team", pool: name });
      expect(config.spot).toBe(name === "batch");
      expect(config.taints).toEqual(name === "batch" ? [{ key: "batch-platform.io/spot", value: "true", effect: "NO_SCHEDULE" }] : []);
      expect(pool.inputs.nodeLocations).toEqual(args.zones);
    }
    const batch = pools.find((p) => p.inputs.name === "batch")!;
    expect(batch.inputs.autoscaling).toEqual({ totalMinNodeCount: 0, totalMaxNodeCount: 10, locationPolicy: "ANY" });
    expect(batch.inputs.initialNodeCount).toBe(0);
  });

  it("gives the nodes their own service account with log and metric writing only", async () => {
    const [account] = await registered(capture, "gcp:serviceaccount/account:Account");
    expect(account.inputs.accountId).toBe("acme-prod-nodes");
    const roles = (await registered(capture, "gcp:projects/iAMMember:IAMMember")).map((m) => m.inputs.role);
    expect(roles.sort()).toEqual([...GKE_NODE_ROLES].sort());
    const pools = await registered(capture, "gcp:container/nodePool:NodePool");
    for (const pool of pools) expect(rec(pool.inputs.nodeConfig).serviceAccount).toBe("acme-prod-nodes@acme-data-prod.iam.gserviceaccount.com");
  });

  it("builds a credential-free kubeconfig (gke-gcloud-auth-plugin) into a Kubernetes provider that waits for the pools", async () => {
    const kubeconfig = JSON.parse(await valueOf(gke.kubeconfig));
    expect(kubeconfig.clusters[0].cluster.server).toBe("https://203.0.113.10");
    expect(kubeconfig.users[0].user).toEqual({ exec: expect.objectContaining({ command: "gke-gcloud-auth-plugin", apiVersion: "client.authentication.k8s.io/v1beta1" }) });
    expect(JSON.stringify(kubeconfig)).not.toMatch(/token|password|client-key/);
    const [provider] = await registered(capture, "pulumi:providers:kubernetes");
    expect(provider.options.dependsOn).toHaveLength(3);
    expect(provider.parent).toMatch(/GkeCluster::gke$/);
  });

  it("places a zonal cluster in its zone", () => {
    expect(gkeClusterProblems({ ...args, regional: false, zones: [] })).toEqual([`zones: got nothing; a zonal cluster needs its zone, e.g. ["europe-west4-b"]`]);
  });

  it("rejects foreign zones, spot outside batch, bad CIDRs and inverted bounds before registering", () => {
    const bad: GkeClusterArgs = {
      ...args,
      zones: ["us-central1-a"],
      masterCidr: "172.16.0.0/24",
      masterAuthorizedNetworks: [{ name: "x", cidr: "10.0.0.1/8" }],
      nodePools: { ...DEFAULT_GKE_NODE_POOLS, ...args.nodePools, stateful: { machineType: "n2-standard-8", minNodes: 4, maxNodes: 3, spot: true } },
    };
    expect(() => new GkeCluster("bad", bad)).toThrow(/zones\[0\]: got "us-central1-a"; expected a zone of europe-west4/);
    expect(gkeClusterProblems(bad)).toEqual([
      `zones[0]: got "us-central1-a"; expected a zone of europe-west4, e.g. europe-west4-b`,
      `masterCidr: got "172.16.0.0/24"; expected a /28 block, e.g. 172.16.0.0/28`,
      `masterAuthorizedNetworks[0].cidr: got "10.0.0.1/8"; expected an IPv4 CIDR without host bits, e.g. 10.10.0.0/20`,
      "nodePools.stateful.minNodes: got 4; expected at most maxNodes (3)",
      "nodePools.stateful.spot: got true; expected false (only the batch pool runs on Spot VMs)",
    ]);
  });
});

describe("GkeCluster in production", () => {
  let capture: RegistrationCapture;
  beforeAll(async () => {
    capture = await mockPulumi();
    new GkeCluster("gke", { ...args, production: true, privateEndpoint: true });
  });

  it("encrypts Secrets with a protected, rotated Cloud KMS key that GKE's service agent may use", async () => {
    const [cluster] = await registered(capture, "gcp:container/cluster:Cluster");
    expect(cluster.inputs.databaseEncryption).toEqual({ state: "ENCRYPTED", keyName: "secrets-id" });
    const [key] = await registered(capture, "gcp:kms/cryptoKey:CryptoKey");
    expect(key.inputs).toMatchObject({ purpose: "ENCRYPT_DECRYPT", rotationPeriod: "7776000s" });
    expect(key.options).toMatchObject({ protect: true, retainOnDelete: true });
    const [ring] = await registered(capture, "gcp:kms/keyRing:KeyRing");
    expect(ring.inputs).toMatchObject({ name: "acme-prod-gke", location: "europe-west4", project: "acme-data-prod" });
    const [grant] = await registered(capture, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
    expect(grant.inputs).toMatchObject({
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: "serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com",
    });
    expect(cluster.options.dependsOn).toContain(grant.urn);
  });

  it("can keep the control plane on its private endpoint only", async () => {
    const [cluster] = await registered(capture, "gcp:container/cluster:Cluster");
    expect(cluster.inputs.privateClusterConfig).toMatchObject({ enablePrivateEndpoint: true });
  });

  it("refuses an authorized network open to everyone in production only", () => {
    const open = { ...args, masterAuthorizedNetworks: [{ name: "anyone", cidr: "0.0.0.0/0" }] };
    expect(gkeClusterProblems({ ...open, production: true })).toEqual([
      'masterAuthorizedNetworks[0].cidr: got "0.0.0.0/0"; expected a network narrower than /0 in production (or privateEndpoint: true)',
    ]);
    expect(gkeClusterProblems(open)).toEqual([]);
  });
});
