import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { cidrsOverlap, parseCidr, rangeProblems } from "../../components/cluster/network-cidr";
import { VpcNetwork, type VpcNetworkArgs } from "../../components/cluster/network";
import { mockPulumi, registered } from "../helpers/pulumi";

const args: VpcNetworkArgs = { project: "acme-data-dev", region: "europe-west4", networkName: "acme-dev", nodesCidr: "10.10.0.0/20", podsCidr: "10.16.0.0/14", servicesCidr: "10.20.0.0/20" };

describe("network CIDRs", () => {
  it("parses blocks and refuses host bits", () => {
    expect(parseCidr("10.16.0.0/14")).toEqual({ start: 10 * 2 ** 24 + 16 * 2 ** 16, prefix: 14 });
    expect(parseCidr("10.17.0.0/14")).toBeUndefined();
    expect(parseCidr("300.0.0.0/8")).toBeUndefined();
  });

  it("finds overlaps", () => {
    expect(cidrsOverlap(parseCidr("10.16.0.0/14")!, parseCidr("10.19.255.0/24")!)).toBe(true);
    expect(cidrsOverlap(parseCidr("10.16.0.0/14")!, parseCidr("10.20.0.0/20")!)).toBe(false);
    expect(rangeProblems({ a: "10.0.0.0/8", b: "10.1.0.0/16" })).toEqual([`b: got "10.1.0.0/16"; it overlaps a (10.0.0.0/8), expected disjoint ranges`]);
  });
});

describe("VpcNetwork", () => {
  let capture: RegistrationCapture;
  let network: VpcNetwork;
  beforeAll(async () => {
    capture = await mockPulumi();
    network = new VpcNetwork("network", args);
  });

  it("is a custom-mode VPC with one regional subnet, secondary ranges and Private Google Access", async () => {
    const [vpc] = await registered(capture, "gcp:compute/network:Network");
    expect(vpc.inputs).toMatchObject({ name: "acme-dev", autoCreateSubnetworks: false });
    const [subnet] = await registered(capture, "gcp:compute/subnetwork:Subnetwork");
    expect(subnet.inputs).toMatchObject({
      name: "acme-dev-europe-west4",
      region: "europe-west4",
      ipCidrRange: "10.10.0.0/20",
      privateIpGoogleAccess: true,
      secondaryIpRanges: [{ rangeName: "pods", ipCidrRange: "10.16.0.0/14" }, { rangeName: "services", ipCidrRange: "10.20.0.0/20" }],
    });
    expect(network.subnetworkPath).toBe("regions/europe-west4/subnetworks/acme-dev-europe-west4");
  });

  it("gives private nodes egress through Cloud NAT in the same region", async () => {
    const [nat] = await registered(capture, "gcp:compute/routerNat:RouterNat");
    expect(nat.inputs).toMatchObject({ region: "europe-west4", natIpAllocateOption: "AUTO_ONLY", sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS" });
  });

  it("rejects overlapping ranges before registering", () => {
    expect(() => new VpcNetwork("bad", { ...args, servicesCidr: "10.16.0.0/20" })).toThrow(/servicesCidr: got "10.16.0.0\/20"; it overlaps podsCidr/);
  });
});
