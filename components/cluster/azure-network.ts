import * as pulumi from "@pulumi/pulumi";
import { givenOrOwnResourceGroup } from "../common/azure-resource-group";
import { VirtualNetwork } from "@pulumi/azure-native/network/virtualNetwork";
import { Subnet } from "@pulumi/azure-native/network/subnet";
import { PrivateZone } from "@pulumi/azure-native/privatedns/privateZone";
import { VirtualNetworkLink } from "@pulumi/azure-native/privatedns/virtualNetworkLink";
import { assertNoProblems } from "../common/validation";
import { rangeProblems } from "./network-cidr";

export interface AzureNetworkArgs {
  /** Azure region of the network. */
  readonly location: string;
  /** Name of the virtual network, e.g. `acmebp-prod`. */
  readonly networkName: string;
  /** An existing resource group. @default a new `rg-<networkName>-network` */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** Address space of the VNet; every subnet lies inside. @default "10.20.0.0/16" */
  readonly addressSpace?: string;
  /** AKS nodes (pods use the CNI overlay, not this range). @default "10.20.0.0/22" */
  readonly nodesCidr?: string;
  /** Private endpoints of the lake and the warehouse. @default "10.20.8.0/24" */
  readonly endpointsCidr?: string;
  /** Tags on every resource; `component` is added. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A private DNS zone of a private-link service, linked to the VNet. */
export interface PrivateDnsZoneRef {
  readonly name: string;
  readonly id: pulumi.Output<string>;
}

/** Pure validation of {@link AzureNetworkArgs}: ranges valid, subnets inside the address space and disjoint. */
export function azureNetworkProblems(args: AzureNetworkArgs): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}[A-Za-z0-9_]$/.test(args.networkName)) {
    problems.push(`networkName: got ${JSON.stringify(args.networkName)}; expected 2-64 letters, digits, -, _ and .`);
  }
  const space = args.addressSpace ?? "10.20.0.0/16";
  const subnets = { nodesCidr: args.nodesCidr ?? "10.20.0.0/22", endpointsCidr: args.endpointsCidr ?? "10.20.8.0/24" };
  problems.push(...rangeProblems(subnets));
  problems.push(...rangeProblems({ addressSpace: space }));
  for (const [path, cidr] of Object.entries(subnets)) {
    if (!cidrInside(cidr, space))
      problems.push(`${path}: got ${JSON.stringify(cidr)}; expected a range inside addressSpace ${space}`);
  }
  return problems;
}

/** True when `inner` lies inside `outer` (both valid CIDRs; false otherwise). */
export function cidrInside(inner: string, outer: string): boolean {
  const parse = (cidr: string) => {
    const [address, length] = cidr.split("/");
    const parts = address.split(".").map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p))) return undefined;
    return { start: parts.reduce((acc, octet) => acc * 256 + octet, 0), prefix: Number(length) };
  };
  const a = parse(inner);
  const b = parse(outer);
  if (a === undefined || b === undefined || a.prefix < b.prefix) return false;
  const size = 2 ** (32 - b.prefix);
  return Math.floor(a.start / size) === Math.floor(b.start / size);
}

/**
 * The Azure variant's virtual network: a subnet for AKS nodes, one for private endpoints (the lake,
 * Synapse), and the private DNS zones those endpoints register in, each linked to the VNet and
 * created once on first use. Other parts add their own subnets (Databricks' delegated pair) through
 * `virtualNetworkName` and `resourceGroupName`.
 */
export class AzureNetwork extends pulumi.ComponentResource {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly virtualNetworkName: pulumi.Output<string>;
  readonly virtualNetworkId: pulumi.Output<string>;
  readonly nodesSubnetId: pulumi.Output<string>;
  readonly endpointsSubnetId: pulumi.Output<string>;
  /** The node subnet's range (a private cluster's API server endpoint lies there). */
  readonly nodesCidr: string;
  /** The VNet's address space (parts adding subnets check theirs lie inside). */
  readonly addressSpace: string;
  readonly location: string;
  private readonly zones = new Map<string, PrivateDnsZoneRef>();
  private readonly tags: Record<string, string>;
  private readonly baseName: string;

  constructor(name: string, args: AzureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("AzureNetwork", azureNetworkProblems(args));
    super("batch-platform:cluster:AzureNetwork", name, {}, opts);
    this.baseName = name;
    this.tags = { ...args.tags, component: "network" };
    this.location = args.location;
    this.nodesCidr = args.nodesCidr ?? "10.20.0.0/22";
    this.addressSpace = args.addressSpace ?? "10.20.0.0/16";
    this.resourceGroupName = givenOrOwnResourceGroup(
      name,
      args.resourceGroupName,
      { resourceGroupName: `rg-${args.networkName}-network`, location: args.location, tags: this.tags },
      { parent: this },
    );
    const vnet = new VirtualNetwork(
      `${name}-vnet`,
      {
        virtualNetworkName: args.networkName,
        resourceGroupName: this.resourceGroupName,
        location: args.location,
        addressSpace: { addressPrefixes: [args.addressSpace ?? "10.20.0.0/16"] },
        tags: this.tags,
      },
      // Subnets are their own resources below; the VNet must not manage (and so delete) them.
      { parent: this, ignoreChanges: ["subnets"] },
    );
    this.virtualNetworkName = vnet.name;
    this.virtualNetworkId = vnet.id;
    const nodes = new Subnet(
      `${name}-nodes`,
      // No default outbound access: egress goes through the cluster's load balancer only.
      {
        ...{
          subnetName: "aks-nodes",
          virtualNetworkName: vnet.name,
          resourceGroupName: this.resourceGroupName,
          addressPrefix: this.nodesCidr,
        },
        // The lake admits this subnet through its service endpoint where it has no private endpoint (dev).
        ...{ defaultOutboundAccess: false, serviceEndpoints: [{ service: "Microsoft.Storage" }] },
      },
      { parent: this },
    );
    const endpoints = new Subnet(
      `${name}-endpoints`,
      {
        subnetName: "private-endpoints",
        virtualNetworkName: vnet.name,
        resourceGroupName: this.resourceGroupName,
        addressPrefix: args.endpointsCidr ?? "10.20.8.0/24",
        defaultOutboundAccess: false,
        privateEndpointNetworkPolicies: "Enabled",
      },
      // Azure rejects concurrent writes to subnets of one VNet.
      { parent: this, dependsOn: [nodes] },
    );
    this.nodesSubnetId = nodes.id;
    this.endpointsSubnetId = endpoints.id;
    this.registerOutputs({ virtualNetworkId: this.virtualNetworkId });
  }

  /** The private DNS zone `zoneName` (e.g. `privatelink.dfs.core.windows.net`) linked to this VNet; created once. */
  privateDnsZone(zoneName: string): PrivateDnsZoneRef {
    const known = this.zones.get(zoneName);
    if (known) return known;
    const suffix = zoneName.replace(/^privatelink\./, "").split(".")[0];
    const zone = new PrivateZone(
      `${this.baseName}-dns-${suffix}`,
      { privateZoneName: zoneName, resourceGroupName: this.resourceGroupName, location: "global", tags: this.tags },
      { parent: this },
    );
    new VirtualNetworkLink(
      `${this.baseName}-dns-${suffix}-link`,
      {
        privateZoneName: zone.name,
        resourceGroupName: this.resourceGroupName,
        virtualNetworkLinkName: `${suffix}-link`,
        location: "global",
        virtualNetwork: { id: this.virtualNetworkId },
        registrationEnabled: false,
        tags: this.tags,
      },
      { parent: this },
    );
    const ref = { name: zoneName, id: zone.id };
    this.zones.set(zoneName, ref);
    return ref;
  }
}
