import * as pulumi from "@pulumi/pulumi";
import { givenOrOwnResourceGroup } from "../common/azure-resource-group";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment";
import { BlobContainer } from "@pulumi/azure-native/storage/blobContainer";
import { SqlPool } from "@pulumi/azure-native/synapse/sqlPool";
import { Workspace } from "@pulumi/azure-native/synapse/workspace";
import { WorkspaceAadAdmin } from "@pulumi/azure-native/synapse/workspaceAadAdmin";
import type { AzureNetwork } from "../cluster/azure-network";
import { privateEndpoint } from "../cluster/azure-private-endpoint";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import type { WorkloadIdentity } from "../identity/workload-identity";
import type { AdlsLake } from "../lake/adls-lake";
import { pipelineIdentifier } from "../pipeline/batch-pipeline-spec";
import { synapseLoadStatements } from "./synapse-load-sql";
import { SYNAPSE_CONN_ID, SYNAPSE_ODBC_DRIVER, synapseLoadTask } from "./synapse-load";
import type { PipelineSink, PipelineSinkArgs, Warehouse } from "./warehouse";

/** Dedicated SQL pool sizes. */
export const SYNAPSE_SQL_POOL_SKUS = [
  "DW100c",
  "DW200c",
  "DW300c",
  "DW400c",
  "DW500c",
  "DW1000c",
  "DW1500c",
  "DW2000c",
] as const;
export type SynapseSqlPoolSku = (typeof SYNAPSE_SQL_POOL_SKUS)[number];

export interface SynapseWarehouseArgs {
  readonly location: string;
  /** Workspace name (globally unique), e.g. `syn-acmebp-prod`. */
  readonly workspaceName: string;
  /** An existing resource group. @default a new `rg-<workspaceName>` */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** The resource group Synapse creates for its managed resources; the program never creates it. */
  readonly managedResourceGroupName: string;
  /** The lake: the workspace's default filesystem is a `synapse` container in it; loads read the curated zone. */
  readonly lake: AdlsLake;
  /** The Entra ID group that administers the workspace and its SQL (Entra-only authentication). */
  readonly adminGroup: { readonly objectId: string; readonly name: string };
  /** Dedicated SQL pool size. @default "DW100c" */
  readonly sqlPoolSku?: SynapseSqlPoolSku;
  /** Name of the dedicated SQL pool. @default "warehouse" */
  readonly sqlPoolName?: string;
  /** Schema of the serving tables. @default "serving" */
  readonly servingSchema?: string;
  /** Private endpoints (Sql, SqlOnDemand, Dev) in this network. @default none */
  readonly network?: AzureNetwork;
  /** No public network access: only the private endpoints (staging, prod; needs `network`). @default false */
  readonly privateOnly?: boolean;
  /** Tags on every resource; `component` is added. */
  readonly tags: Readonly<Record<string, string>>;
  /** Protect the workspace and the SQL pool from deletion; geo-redundant pool backups. @default false */
  readonly protect?: boolean;
}

/** Storage Blob Data Contributor (built-in, same id in every tenant). */
const BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
const SYNAPSE_WORKSPACES = "Microsoft.Synapse/workspaces";
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Pure validation of {@link SynapseWarehouseArgs}. */
export function synapseWarehouseProblems(
  args: Omit<SynapseWarehouseArgs, "lake" | "network"> & { readonly hasNetwork: boolean },
): string[] {
  const problems: string[] = [];
  const show = JSON.stringify;
  if (!/^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/.test(args.workspaceName) || args.workspaceName.includes("-ondemand")) {
    problems.push(
      `workspaceName: got ${show(args.workspaceName)}; ` +
        "expected 1-50 lowercase letters, digits and -, not containing -ondemand",
    );
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(args.adminGroup.objectId))
    problems.push(`adminGroup.objectId: got ${show(args.adminGroup.objectId)}; expected an Entra ID object id`);
  if (args.adminGroup.name.trim() === "")
    problems.push("adminGroup.name: got an empty name; expected the group's display name");
  for (const key of ["sqlPoolName", "servingSchema"] as const) {
    const value = args[key];
    if (value !== undefined && !IDENTIFIER.test(value))
      problems.push(`${key}: got ${show(value)}; expected an identifier`);
  }
  if (args.privateOnly && !args.hasNetwork)
    problems.push("privateOnly: got true without network; private endpoints need the network");
  return problems;
}

/**
 * Synapse Analytics as the serving side: a workspace whose default ADLS filesystem is a container
 * of the lake, a managed VNet with data exfiltration protection, Entra-only authentication with an
 * admin group (no SQL password, no firewall rule at all — never 0.0.0.0–255.255.255.255), private
 * endpoints when a network is given and no public network access in `privateOnly` mode; a
 * dedicated SQL pool per environment (create it paused-by-default in your operations: it bills per
 * hour while online). Loads COPY INTO a per-run Parquet export as the workspace's managed identity
 * (read on curated), then MERGE into the serving table; Airflow runs them with an Entra token.
 */
export class SynapseWarehouse extends pulumi.ComponentResource implements Warehouse {
  readonly kind = "synapse" as const;
  readonly title = "Synapse Analytics";
  /** The workspace's identity (COPY INTO reads the lake as it). */
  readonly identity: WorkloadIdentity;
  /** `<workspace>.sql.azuresynapse.net`: the dedicated SQL endpoint. */
  readonly sqlEndpoint: pulumi.Output<string>;
  readonly sqlOnDemandEndpoint: pulumi.Output<string>;
  readonly sqlPoolName: string;
  readonly servingSchema: string;
  private readonly lake: AdlsLake;
  private readonly pool: SqlPool;

  constructor(name: string, args: SynapseWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("SynapseWarehouse", synapseWarehouseProblems({ ...args, hasNetwork: args.network !== undefined }));
    super("batch-platform:warehouse:SynapseWarehouse", name, {}, opts);
    const tags = { ...args.tags, component: "warehouse" };
    const protection = dataProtection(args.protect ?? false);
    const client = getClientConfigOutput({ parent: this });
    const subscription = pulumi.interpolate`/subscriptions/${client.subscriptionId}`;
    const roleDefinitions = pulumi.interpolate`${subscription}/providers/Microsoft.Authorization/roleDefinitions`;
    this.lake = args.lake;
    this.sqlPoolName = args.sqlPoolName ?? "warehouse";
    this.servingSchema = args.servingSchema ?? "serving";
    const resourceGroupName = givenOrOwnResourceGroup(
      name,
      args.resourceGroupName,
      { resourceGroupName: `rg-${args.workspaceName}`, location: args.location, tags },
      { parent: this },
    );

    const filesystem = new BlobContainer(
      `${name}-filesystem`,
      {
        accountName: args.lake.account.name,
        resourceGroupName: args.lake.resourceGroupName,
        containerName: "synapse",
        publicAccess: "None",
        metadata: { zone: "synapse" },
      },
      { parent: this, ...protection },
    );
    const workspace = new Workspace(
      `${name}-workspace`,
      {
        ...{
          workspaceName: args.workspaceName,
          resourceGroupName,
          location: args.location,
          identity: { type: "SystemAssigned" },
        },
        managedResourceGroupName: args.managedResourceGroupName,
        defaultDataLakeStorage: {
          accountUrl: `https://${args.lake.accountName}.dfs.core.windows.net`,
          filesystem: filesystem.name,
          resourceId: args.lake.account.id,
          createManagedPrivateEndpoint: true,
        },
        managedVirtualNetwork: "default",
        managedVirtualNetworkSettings: {
          preventDataExfiltration: true,
          linkedAccessCheckOnTargetResource: true,
          allowedAadTenantIdsForLinking: [],
        },
        // Entra ID only: no SQL administrator login or password exists.
        azureADOnlyAuthentication: true,
        cspWorkspaceAdminProperties: { initialWorkspaceAdminObjectId: args.adminGroup.objectId },
        publicNetworkAccess: args.privateOnly ? "Disabled" : "Enabled",
        trustedServiceBypassEnabled: false,
        tags,
      },
      { parent: this, ...protection },
    );
    new WorkspaceAadAdmin(
      `${name}-entra-admin`,
      {
        workspaceName: workspace.name,
        resourceGroupName,
        administratorType: "ActiveDirectory",
        login: args.adminGroup.name,
        sid: args.adminGroup.objectId,
        tenantId: client.tenantId,
      },
      { parent: this },
    );
    const principalId = workspace.identity.apply((identity) => identity?.principalId ?? "");
    this.identity = { name, serviceAccounts: [], azure: { principalId, clientId: "" } };
    new RoleAssignment(
      `${name}-filesystem-write`,
      {
        principalId,
        principalType: "ServicePrincipal",
        scope: filesystem.id,
        roleDefinitionId: pulumi.interpolate`${roleDefinitions}/${BLOB_DATA_CONTRIBUTOR}`,
      },
      { parent: this },
    );
    // COPY INTO and serverless queries read curated as the workspace; the lake admits the workspace by identity.
    args.lake.grant(this.identity, "curated", "read");
    // The id is spelled from the workspace's own name: the account's rules cannot wait for the
    // workspace, which itself waits for the account (its default filesystem).
    const group = pulumi.interpolate`${subscription}/resourceGroups/${resourceGroupName}`;
    const workspaceId = pulumi.interpolate`${group}/providers/${SYNAPSE_WORKSPACES}/${args.workspaceName}`;
    args.lake.trustResource({ resourceId: workspaceId, tenantId: client.tenantId });

    this.pool = new SqlPool(
      `${name}-sql-pool`,
      {
        ...{ sqlPoolName: this.sqlPoolName, workspaceName: workspace.name, resourceGroupName, location: args.location },
        ...{
          sku: { name: args.sqlPoolSku ?? "DW100c" },
          createMode: "Default",
          collation: "SQL_Latin1_General_CP1_CI_AS",
        },
        storageAccountType: args.protect ? "GRS" : "LRS",
        tags,
      },
      { parent: this, ...protection },
    );
    if (args.network) {
      for (const group of ["Sql", "SqlOnDemand", "Dev"] as const) {
        privateEndpoint(
          {
            name: `${name}-pe-${group.toLowerCase()}`,
            endpointName: `pe-${args.workspaceName}-${group.toLowerCase()}`,
            targetId: workspace.id,
            group,
            network: args.network,
            tags,
          },
          this,
        );
      }
    }
    const endpoints = workspace.connectivityEndpoints;
    this.sqlEndpoint = endpoints.apply((e) => e?.sql ?? `${args.workspaceName}.sql.azuresynapse.net`);
    this.sqlOnDemandEndpoint = endpoints.apply(
      (e) => e?.sqlOnDemand ?? `${args.workspaceName}-ondemand.sql.azuresynapse.net`,
    );
    this.registerOutputs({ sqlEndpoint: this.sqlEndpoint });
  }

  /**
   * The one-time T-SQL a Synapse admin runs in the dedicated pool so that `identity` (the
   * orchestrator's) may load: a database user from Entra ID, bulk load, and the serving schema.
   * T-SQL is not an Azure resource, so the program cannot declare it; the stack exports it.
   */
  loaderSetupSql(identity: WorkloadIdentity): string {
    const name = identity.azure?.identityName;
    if (name === undefined) throw new Error(`SynapseWarehouse: ${identity.name} has no named Entra ID identity`);
    const user = `[${name.replace(/]/g, "]]")}]`;
    return [
      `CREATE USER ${user} FROM EXTERNAL PROVIDER;`,
      `GRANT ADMINISTER DATABASE BULK OPERATIONS, CREATE TABLE TO ${user};`,
      `CREATE SCHEMA [${this.servingSchema}] AUTHORIZATION ${user};`,
    ].join("\n");
  }

  /**
   * A pipeline's serving side: gold arrives as a per-run Parquet export under curated, and the load
   * task COPY INTO + MERGEs it into `<servingSchema>.<table>` of the dedicated SQL pool.
   */
  pipelineSink(_name: string, args: PipelineSinkArgs, _parent: pulumi.Resource): PipelineSink {
    const { spec, engine } = args;
    const exportPath = `exports/${pipelineIdentifier(spec)}/{{ ts_nodash }}`;
    const curated = this.lake.zoneRoots.curated;
    this.lake.grant(engine.identity, "curated", "write");
    const statements = synapseLoadStatements(spec, {
      schema: this.servingSchema,
      exportUrl: `https://${this.lake.accountName}.dfs.core.windows.net/${curated.bucket}/${exportPath}`,
    });
    return {
      gold: { kind: "parquetExport", exportUri: `${curated.uri}/${exportPath}` },
      loadTasks: [synapseLoadTask(statements)],
      servingTable: `${this.sqlPoolName}.${this.servingSchema}.${spec.sink.table}`,
      servingAsset: `mssql://${this.sqlPoolName}/${this.servingSchema}/${spec.sink.table}`,
      needs: [
        {
          kind: "connection",
          connId: SYNAPSE_CONN_ID,
          // No login or password: the task passes an Entra ID token of the pod's identity.
          connection: () => ({
            value: this.sqlEndpoint.apply((host) =>
              JSON.stringify({
                conn_type: "odbc",
                host,
                schema: this.sqlPoolName,
                extra: { Encrypt: "yes", TrustServerCertificate: "no", driver: SYNAPSE_ODBC_DRIVER },
              }),
            ),
          }),
        },
      ],
      dependsOn: [this.pool],
    };
  }
}
