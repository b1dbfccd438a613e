import * as pulumi from "@pulumi/pulumi";
import { givenOrOwnResourceGroup } from "../common/azure-resource-group";
import { StorageAccount, type StorageAccountArgs } from "@pulumi/azure-native/storage/storageAccount";
import { BlobContainer } from "@pulumi/azure-native/storage/blobContainer";
import { BlobServiceProperties } from "@pulumi/azure-native/storage/blobServiceProperties";
import { ManagementPolicy, type ManagementPolicyArgs } from "@pulumi/azure-native/storage/managementPolicy";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig";
import { privateEndpoint } from "../cluster/azure-private-endpoint";
import type { AzureNetwork } from "../cluster/azure-network";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { describeIdentity, type WorkloadIdentity } from "../identity/workload-identity";
import { adlsDagOperations } from "./adls-dag-operations";
import type { DataLake, LakeDagOperations, LakeHadoopAccess, LakeZoneRoot } from "./data-lake";
import { GrantLedger, grantName } from "./lake-grants";
import {
  LAKE_ZONE_NAMES,
  mapZones,
  type LakeAccess,
  type LakeZoneName,
  type LakeZones,
  type LakeZoneSettings,
} from "./lake-zone";
import { validateZoneSettings } from "./zone-settings";
import { zoneUrisOf } from "./zone-uris";

export type AdlsRedundancy = "LRS" | "ZRS" | "GRS" | "GZRS";

export interface AdlsLakeArgs {
  /** Azure region, the stack's region (e.g. `westeurope`). */
  readonly location: string;
  /** Prefix of the storage account name (lowercase letters and digits). */
  readonly namePrefix: string;
  readonly environment: string;
  readonly zones: { readonly [zone in LakeZoneName]: LakeZoneSettings };
  /** Tags on every resource (cost allocation); `component` is added. */
  readonly tags: Readonly<Record<string, string>>;
  /** Replication of the account; ZRS/GZRS survive a zone outage. @default "LRS" */
  readonly redundancy?: AdlsRedundancy;
  /** An existing resource group to create the lake in. @default a new `rg-<prefix>-<environment>-lake` */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** Protect the account and containers from deletion. @default false */
  readonly protect?: boolean;
  /**
   * Resolves once every part that adds a subnet or resource instance rule has been declared; a
   * composition that declares them after an `await` passes it and resolves it at its end.
   * @default the end of the synchronous composition (the next turn of the event loop)
   */
  readonly consumersDeclared?: Promise<void>;
  /** Days deleted blobs and containers stay recoverable (soft delete) for zones with versioning. @default 14 */
  readonly softDeleteDays?: number;
  /** Subnets (with the `Microsoft.Storage` service endpoint) whose traffic the account admits. @default [] */
  readonly allowedSubnetIds?: readonly pulumi.Input<string>[];
  /** Private endpoints (dfs, blob) in this network, with its private DNS zones (staging, prod). @default none */
  readonly privateEndpoints?: AzureNetwork;
}

/** A resource instance (Synapse workspace, Databricks access connector) the account admits by identity. */
export interface TrustedResource {
  readonly resourceId: pulumi.Input<string>;
  readonly tenantId: pulumi.Input<string>;
}

/** Built-in role definition IDs (stable across tenants). */
const ROLE_DEFINITION_BY_ACCESS: Readonly<Record<LakeAccess, string>> = {
  read: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", // Storage Blob Data Reader
  write: "ba92f5b4-2d11-453d-a403-e96b0029c9fe", // Storage Blob Data Contributor
};

/**
 * A data lake on ADLS Gen2: one StorageV2 account with hierarchical namespace, a private container
 * per zone, lifecycle management, TLS 1.2+, no public blobs and no shared keys (Entra ID only).
 */
export class AdlsLake extends pulumi.ComponentResource implements DataLake {
  readonly kind = "adls" as const;
  readonly title = "ADLS Gen2";
  readonly zones: LakeZones;
  readonly zoneUris: DataLake["zoneUris"];
  readonly zoneRoots: { readonly [zone in LakeZoneName]: LakeZoneRoot };
  readonly dagOperations: LakeDagOperations;
  /** The storage account name (plain: it is derived from the prefix and environment). */
  readonly accountName: string;
  private readonly ledger = new GrantLedger();
  readonly resourceGroupName: pulumi.Output<string>;
  readonly account: StorageAccount;
  readonly containers: { readonly [zone in LakeZoneName]: BlobContainer };
  private readonly trusted: TrustedResource[] = [];
  private readonly subnets: pulumi.Input<string>[] = [];
  private rulesSealed = false;

  constructor(name: string, args: AdlsLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("AdlsLake", [
      ...validateZoneSettings(args.zones, ["Hot", "Cool", "Cold"]),
      ...validateAccountName(storageAccountName(args)),
    ]);
    super("batch-platform:lake:AdlsLake", name, {}, opts);
    const protection = dataProtection(args.protect ?? false);
    const tags = { ...args.tags, component: "lake" };

    this.resourceGroupName = givenOrOwnResourceGroup(
      name,
      args.resourceGroupName,
      { resourceGroupName: `rg-${args.namePrefix}-${args.environment}-lake`, location: args.location, tags },
      { parent: this, ...protection },
    );

    // Subnets and resource instances are added by the parts declared after the lake (Databricks,
    // Synapse): the rules are read once the program's synchronous construction is over.
    this.subnets.push(...(args.allowedSubnetIds ?? []));
    const declared = args.consumersDeclared ?? new Promise<void>((resolve) => setImmediate(resolve));
    const sealed = declared.then(() => {
      this.rulesSealed = true;
      return { subnets: [...this.subnets], trusted: [...this.trusted] };
    });
    const accountArgs = adlsAccountArgs(args, this.resourceGroupName);
    this.account = new StorageAccount(
      `${name}-account`,
      { ...accountArgs, networkRuleSet: adlsNetworkRules(pulumi.output(sealed)) },
      { parent: this, ...protection },
    );
    if (args.privateEndpoints) {
      for (const group of ["dfs", "blob"] as const) {
        privateEndpoint(
          {
            name: `${name}-pe-${group}`,
            endpointName: `pe-${storageAccountName(args)}-${group}`,
            targetId: this.account.id,
            group,
            network: args.privateEndpoints,
            tags,
          },
          this,
        );
      }
    }

    const softDelete = LAKE_ZONE_NAMES.some((zone) => args.zones[zone].versioning);
    const blobService = new BlobServiceProperties(
      `${name}-blob-service`,
      {
        accountName: this.account.name,
        resourceGroupName: this.resourceGroupName,
        blobServicesName: "default",
        // Blob versioning is not available with a hierarchical namespace; soft delete is the recovery path.
        deleteRetentionPolicy: { enabled: softDelete, days: softDelete ? (args.softDeleteDays ?? 14) : undefined },
        containerDeleteRetentionPolicy: {
          enabled: softDelete,
          days: softDelete ? (args.softDeleteDays ?? 14) : undefined,
        },
      },
      { parent: this },
    );

    const containers = {} as Record<LakeZoneName, BlobContainer>;
    for (const zone of LAKE_ZONE_NAMES) {
      containers[zone] = new BlobContainer(
        `${name}-${zone}`,
        {
          accountName: this.account.name,
          resourceGroupName: this.resourceGroupName,
          containerName: zone,
          publicAccess: "None",
          metadata: { zone },
        },
        { parent: this, dependsOn: [blobService], ...protection },
      );
    }
    this.containers = containers;

    new ManagementPolicy(
      `${name}-lifecycle`,
      {
        accountName: this.account.name,
        resourceGroupName: this.resourceGroupName,
        managementPolicyName: "default",
        policy: adlsLifecyclePolicy(args.zones),
      },
      { parent: this },
    );

    this.accountName = storageAccountName(args);
    this.zoneRoots = mapZones((zone) => ({
      bucket: zone,
      uri: `abfss://${zone}@${this.accountName}.dfs.core.windows.net`,
    }));
    this.dagOperations = adlsDagOperations(this.zoneRoots, this.accountName);
    this.zones = mapZones((zone) => ({
      bucket: containers[zone].name,
      uri: pulumi.interpolate`abfss://${containers[zone].name}@${this.account.name}.dfs.core.windows.net`,
    }));
    this.zoneUris = zoneUrisOf(this.zones);
    this.registerOutputs({ zoneUris: this.zoneUris });
  }

  /**
   * Lets the identity's Entra ID principal read or write blobs of one zone (its container) only.
   * A prefix is not narrowed: the role is assigned on the container (ABAC path conditions are not used).
   */
  grant(identity: WorkloadIdentity, zone: LakeZoneName, access: LakeAccess, _prefix?: string): void {
    const azure = identity.azure;
    if (azure === undefined)
      throw new Error(
        `AdlsLake: ${describeIdentity(identity)} has no Entra ID identity; bind it with workload identity first`,
      );
    if (!this.ledger.claim(identity, zone, access)) return;
    const subscriptionId = getClientConfigOutput({ parent: this }).subscriptionId;
    new RoleAssignment(
      grantName(identity, zone, access),
      {
        principalId: azure.principalId,
        principalType: "ServicePrincipal",
        scope: this.containers[zone].id,
        roleDefinitionId: pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_DEFINITION_BY_ACCESS[access]}`,
      },
      { parent: this },
    );
  }

  /**
   * Admits a resource instance (its managed identity) through the network rules. Call it while the
   * program declares its resources (a part's constructor); the rules are fixed right after.
   */
  trustResource(resource: TrustedResource): void {
    this.assertOpen("trustResource");
    this.trusted.push(resource);
  }

  /** Admits a subnet (with the `Microsoft.Storage` service endpoint); same timing as {@link trustResource}. */
  allowSubnet(subnetId: pulumi.Input<string>): void {
    this.assertOpen("allowSubnet");
    this.subnets.push(subnetId);
  }

  private assertOpen(method: string): void {
    if (this.rulesSealed)
      throw new Error(
        `AdlsLake: ${method} called after the program's declarations; call it from a constructor, or pass consumersDeclared`,
      );
  }

  /** ABFS with the pod's workload identity (no account key: shared keys are off). */
  hadoopAccess(_identity: WorkloadIdentity): LakeHadoopAccess {
    return { kind: "abfs", accountName: this.accountName };
  }
}

/** 3–24 lowercase letters and digits, globally unique: `<prefix><environment>lake`. */
export function storageAccountName(args: Pick<AdlsLakeArgs, "namePrefix" | "environment">): string {
  return `${args.namePrefix}${args.environment}lake`;
}

function validateAccountName(accountName: string): string[] {
  return /^[a-z0-9]{3,24}$/.test(accountName)
    ? []
    : [
        `namePrefix: the storage account name ${JSON.stringify(accountName)} must be 3-24 lowercase letters and digits; shorten the prefix`,
      ];
}

/** The storage account arguments; exported for tests of the security defaults. */
export function adlsAccountArgs(args: AdlsLakeArgs, resourceGroupName: pulumi.Input<string>): StorageAccountArgs {
  return {
    accountName: storageAccountName(args),
    resourceGroupName,
    location: args.location,
    kind: "StorageV2",
    sku: { name: `Standard_${args.redundancy ?? "LRS"}` },
    accessTier: "Hot",
    isHnsEnabled: true,
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    minimumTlsVersion: "TLS1_2",
    enableHttpsTrafficOnly: true,
    defaultToOAuthAuthentication: true,
    // Default-deny from the internet; trusted Azure services (and later private endpoints) get in.
    networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] },
    tags: { ...args.tags, component: "lake" },
  };
}

/** Default deny: only the given subnets and resource instances; no trusted-services bypass, no IP rules. */
export function adlsNetworkRules(
  rules: pulumi.Input<{
    readonly subnets: readonly pulumi.Input<string>[];
    readonly trusted: readonly TrustedResource[];
  }>,
): NonNullable<StorageAccountArgs["networkRuleSet"]> {
  const all = pulumi.output(rules);
  return {
    defaultAction: "Deny",
    bypass: "None",
    ipRules: [],
    virtualNetworkRules: all.apply((r) =>
      r.subnets.map((id) => ({ virtualNetworkResourceId: id, action: "Allow" as const })),
    ),
    resourceAccessRules: all.apply((r) =>
      r.trusted.map((rule) => ({ resourceId: rule.resourceId, tenantId: rule.tenantId })),
    ),
  };
}

/** One lifecycle rule per zone that has expiry or tiering, scoped to the zone's container. */
export function adlsLifecyclePolicy(zones: AdlsLakeArgs["zones"]): ManagementPolicyArgs["policy"] {
  const rules = LAKE_ZONE_NAMES.flatMap((zone) => {
    const settings = zones[zone];
    const tier = settings.storageClass === "Cold" ? "tierToCold" : "tierToCool";
    const baseBlob = {
      ...(settings.coldAfterDays !== undefined
        ? { [tier]: { daysAfterModificationGreaterThan: settings.coldAfterDays } }
        : {}),
      ...(settings.retentionDays !== undefined
        ? { delete: { daysAfterModificationGreaterThan: settings.retentionDays } }
        : {}),
    };
    if (Object.keys(baseBlob).length === 0) return [];
    return [
      {
        name: `${zone}-lifecycle`,
        enabled: true,
        type: "Lifecycle",
        definition: { filters: { blobTypes: ["blockBlob"], prefixMatch: [`${zone}/`] }, actions: { baseBlob } },
      },
    ];
  });
  return { rules };
}
