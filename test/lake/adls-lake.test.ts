import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { AdlsLake, type AdlsLakeArgs } from "../../components/lake/adls-lake";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const args: AdlsLakeArgs = {
  location: "westeurope",
  namePrefix: "acme",
  environment: "prod",
  zones: {
    landing: { retentionDays: 30, versioning: false },
    processing: { retentionDays: 60, versioning: true },
    curated: { versioning: true, coldAfterDays: 180, storageClass: "Cold" },
  },
  tags: { environment: "prod", "cost-center": "data", owner: "team" },
  redundancy: "GZRS",
  protect: true,
};

describe("AdlsLake", () => {
  let capture: RegistrationCapture;
  let lake: AdlsLake;
  beforeAll(async () => {
    capture = await mockPulumi();
    lake = new AdlsLake("lake", args);
  });

  it("exposes abfss:// URIs of one container per zone in one HNS account", async () => {
    expect(await valueOf(lake.zoneUris)).toEqual({
      landing: "abfss://landing@acmeprodlake.dfs.core.windows.net",
      processing: "abfss://processing@acmeprodlake.dfs.core.windows.net",
      curated: "abfss://curated@acmeprodlake.dfs.core.windows.net",
    });
  });

  it("creates a StorageV2 account with HNS, TLS 1.2, no public blobs and no shared keys", async () => {
    const [account] = await registered(capture, "azure-native:storage:StorageAccount");
    expect(account.inputs).toMatchObject({
      kind: "StorageV2",
      isHnsEnabled: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      sku: { name: "Standard_GZRS" },
      location: "westeurope",
    });
    expect(account.inputs.tags).toMatchObject({ "cost-center": "data", owner: "team", component: "lake" });
  });

  it("keeps every container private", async () => {
    const containers = await registered(capture, "azure-native:storage:BlobContainer");
    expect(containers.map((c) => c.inputs.containerName).sort()).toEqual(["curated", "landing", "processing"]);
    for (const container of containers) expect(container.inputs.publicAccess).toBe("None");
  });

  it("has a lifecycle rule per zone with expiry or tiering, scoped by prefix", async () => {
    const [policy] = await registered(capture, "azure-native:storage:ManagementPolicy");
    const rules = (policy.inputs.policy as { rules: { name: string; definition: { filters: { prefixMatch: string[] }; actions: { baseBlob: Record<string, { daysAfterModificationGreaterThan: number }> } } }[] }).rules;
    const byName = Object.fromEntries(rules.map((r) => [r.name, r]));
    expect(byName["landing-lifecycle"].definition.actions.baseBlob.delete.daysAfterModificationGreaterThan).toBe(30);
    expect(byName["landing-lifecycle"].definition.filters.prefixMatch).toEqual(["landing/"]);
    expect(byName["curated-lifecycle"].definition.actions.baseBlob.tierToCold.daysAfterModificationGreaterThan).toBe(180);
    expect(byName["curated-lifecycle"].definition.actions.baseBlob.delete).toBeUndefined();
  });

  it("turns on soft delete because a zone asks for versioning", async () => {
    const [service] = await registered(capture, "azure-native:storage:BlobServiceProperties");
    expect(service.inputs.deleteRetentionPolicy).toEqual({ enabled: true, days: 14 });
  });

  it("protects and retains the resource group, account and containers in prod", async () => {
    for (const type of ["azure-native:resources:ResourceGroup", "azure-native:storage:StorageAccount", "azure-native:storage:BlobContainer"]) {
      for (const resource of await registered(capture, type)) expect(resource.options, type).toMatchObject({ protect: true, retainOnDelete: true });
    }
  });

  it("grants a principal one zone through a data-plane role scoped to its container", async () => {
    lake.grant({ name: "engine", serviceAccounts: [], azure: { principalId: "44444444-4444-4444-4444-444444444444", clientId: "55555555-5555-5555-5555-555555555555" } }, "landing", "read");
    lake.grant({ name: "engine", serviceAccounts: [], azure: { principalId: "44444444-4444-4444-4444-444444444444", clientId: "55555555-5555-5555-5555-555555555555" } }, "landing", "read");
    const assignments = await registered(capture, "azure-native:authorization:RoleAssignment");
    expect(assignments.map((a) => a.name)).toEqual(["engine-landing-read"]); // granting twice creates one
    const [assignment] = assignments;
    expect(assignment.inputs.roleDefinitionId).toMatch(/roleDefinitions\/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1$/);
    expect(String(assignment.inputs.scope)).toMatch(/landing$/);
  });

  it("denies every network by default: no bypass, no IP rule, no subnet or resource unless asked", async () => {
    const [account] = await registered(capture, "azure-native:storage:StorageAccount");
    expect(account.inputs.networkRuleSet).toEqual({ defaultAction: "Deny", bypass: "None", ipRules: [], virtualNetworkRules: [], resourceAccessRules: [] });
    expect(await registered(capture, "azure-native:network:PrivateEndpoint")).toEqual([]);
  });

  it("takes subnets and trusted resources only while the program declares, then refuses them", () => {
    expect(() => lake.trustResource({ resourceId: "/subscriptions/s/x", tenantId: "t" })).toThrow(/trustResource called after the program's declarations/);
    expect(() => lake.allowSubnet("/subscriptions/s/subnet")).toThrow(/allowSubnet called after the program's declarations/);
  });

  it("with consumersDeclared, takes a subnet added after an await and seals when it resolves", async () => {
    const late = await mockPulumi();
    let declared = () => {};
    const consumersDeclared = new Promise<void>((resolve) => (declared = resolve));
    const waiting = new AdlsLake("late", { ...args, consumersDeclared });
    await new Promise((resolve) => setImmediate(resolve));
    waiting.allowSubnet("/subscriptions/s/subnets/late");
    declared();
    await consumersDeclared;
    expect(() => waiting.allowSubnet("/subscriptions/s/subnets/later")).toThrow(/pass consumersDeclared/);
    const [account] = await registered(late, "azure-native:storage:StorageAccount");
    expect(account.inputs.networkRuleSet).toMatchObject({
      virtualNetworkRules: [{ virtualNetworkResourceId: "/subscriptions/s/subnets/late", action: "Allow" }],
    });
  });

  it("gives DAGs a connection with the account for both hooks and no credential (the pod's workload identity)", async () => {
    const value = lake.dagOperations.connection.connection({ name: "airflow", serviceAccounts: [] });
    if (!("value" in value)) throw new Error("expected an inline connection");
    const connection = JSON.parse(await valueOf(pulumi.output(value.value))) as Record<string, unknown>;
    // The ADLS hook reads the account from host, WasbHook (sensor, remote logs) from login.
    expect(connection).toEqual({ conn_type: "adls", host: "acmeprodlake", login: "acmeprodlake", extra: {} });
  });

  it("rejects a prefix that makes the account name too long", () => {
    expect(() => new AdlsLake("bad", { ...args, namePrefix: "averyveryverylongprefix" })).toThrow(/storage account name .* must be 3-24 lowercase letters and digits/);
  });
});
