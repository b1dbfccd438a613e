import * as pulumi from "@pulumi/pulumi";
import { Network } from "@pulumi/gcp/compute/network";
import { Router } from "@pulumi/gcp/compute/router";
import { RouterNat } from "@pulumi/gcp/compute/routerNat";
import { Subnetwork } from "@pulumi/gcp/compute/subnetwork";
import { assertNoProblems } from "../common/validation";
import { rangeProblems } from "./network-cidr";

export interface VpcNetworkArgs {
  /** Project of the network. */
  readonly project: string;
  /** The one region of the subnet, router and NAT. */
  readonly region: string;
  /** Network name (unique in the project); the subnet is `<networkName>-<region>`. */
  readonly networkName: string;
  /** Primary range of the subnet (nodes, Dataflow workers). */
  readonly nodesCidr: string;
  /** Secondary range for pods (VPC-native). */
  readonly podsCidr: string;
  /** Secondary range for services. */
  readonly servicesCidr: string;
  /** Cloud NAT so private nodes and workers reach public registries. @default true */
  readonly nat?: boolean;
}

/** Secondary range names the cluster's `ipAllocationPolicy` refers to. */
export const PODS_RANGE = "pods";
export const SERVICES_RANGE = "services";

/** Pure validation of {@link VpcNetworkArgs}; one line per problem. */
export function vpcNetworkProblems(args: VpcNetworkArgs): string[] {
  const problems = rangeProblems({ nodesCidr: args.nodesCidr, podsCidr: args.podsCidr, servicesCidr: args.servicesCidr });
  if (!/^[a-z]([-a-z0-9]{0,50}[a-z0-9])?$/.test(args.networkName)) {
    problems.push(`networkName: got ${JSON.stringify(args.networkName)}; expected 1-52 lowercase letters, digits and -, starting with a letter`);
  }
  return problems;
}

/**
 * A custom-mode VPC for a VPC-native GKE cluster and Dataflow workers: one regional subnet with
 * secondary ranges for pods and services and Private Google Access (private nodes and workers reach
 * Google APIs without public IPs), plus a Cloud NAT for egress to public image registries.
 */
export class VpcNetwork extends pulumi.ComponentResource {
  /** Plain names, for launch requests rendered into DAG files. */
  readonly networkName: string;
  readonly subnetworkName: string;
  /** `regions/<region>/subnetworks/<name>`, the form Dataflow's `subnetwork` accepts. */
  readonly subnetworkPath: string;
  readonly podsRangeName = PODS_RANGE;
  readonly servicesRangeName = SERVICES_RANGE;
  readonly networkId: pulumi.Output<string>;
  readonly subnetworkId: pulumi.Output<string>;

  constructor(name: string, args: VpcNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("VpcNetwork", vpcNetworkProblems(args));
    super("batch-platform:cluster:VpcNetwork", name, {}, opts);

    this.networkName = args.networkName;
    this.subnetworkName = `${args.networkName}-${args.region}`;
    this.subnetworkPath = `regions/${args.region}/subnetworks/${this.subnetworkName}`;

    const network = new Network(
      `${name}-vpc`,
      { name: args.networkName, project: args.project, autoCreateSubnetworks: false, routingMode: "REGIONAL" },
      { parent: this },
    );
    const subnet = new Subnetwork(
      `${name}-subnet`,
      {
        name: this.subnetworkName,
        project: args.project,
        region: args.region,
        network: network.id,
        ipCidrRange: args.nodesCidr,
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: PODS_RANGE, ipCidrRange: args.podsCidr },
          { rangeName: SERVICES_RANGE, ipCidrRange: args.servicesCidr },
        ],
        logConfig: { aggregationInterval: "INTERVAL_10_MIN", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
      },
      { parent: this },
    );
    if (args.nat ?? true) {
      const router = new Router(`${name}-router`, { name: `${args.networkName}-${args.region}`, project: args.project, region: args.region, network: network.id }, { parent: this });
      new RouterNat(
        `${name}-nat`,
        {
          name: `${args.networkName}-${args.region}`,
          project: args.project,
          region: args.region,
          router: router.name,
          natIpAllocateOption: "AUTO_ONLY",
          sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
          subnetworks: [{ name: subnet.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
          logConfig: { enable: true, filter: "ERRORS_ONLY" },
        },
        { parent: this },
      );
    }
    this.networkId = network.id;
    this.subnetworkId = subnet.id;
    this.registerOutputs({ networkId: this.networkId, subnetworkId: this.subnetworkId });
  }
}
