import * as pulumi from "@pulumi/pulumi";
import { givenOrOwnResourceGroup } from "../common/azure-resource-group";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig";
import { AccessConnector } from "@pulumi/azure-native/databricks/accessConnector";
import { Workspace } from "@pulumi/azure-native/databricks/workspace";
import { NetworkSecurityGroup } from "@pulumi/azure-native/network/networkSecurityGroup";
import { Subnet } from "@pulumi/azure-native/network/subnet";
import { Catalog } from "@pulumi/databricks/catalog";
import { ClusterPolicy } from "@pulumi/databricks/clusterPolicy";
import { ExternalLocation } from "@pulumi/databricks/externalLocation";
import { Job } from "@pulumi/databricks/job";
import { Permissions } from "@pulumi/databricks/permissions";
import { Provider as DatabricksProvider } from "@pulumi/databricks/provider";
import { Schema } from "@pulumi/databricks/schema";
import { ServicePrincipal } from "@pulumi/databricks/servicePrincipal";
import { StorageCredential } from "@pulumi/databricks/storageCredential";
import { WorkspaceFile } from "@pulumi/databricks/workspaceFile";
import type { AzureNetwork } from "../cluster/azure-network";
import { rangeProblems } from "../cluster/network-cidr";
import { cidrInside } from "../cluster/azure-network";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { describeIdentity, type WorkloadIdentity } from "../identity/workload-identity";
import type { AdlsLake } from "../lake/adls-lake";
import { LAKE_ZONE_NAMES, type LakeZoneName } from "../lake/lake-zone";
import type { OrchestratorNeed } from "../orchestrator/orchestrator";
import { JOB_ASSETS, readJobAsset, specJson } from "../pipeline/job-files";
import { databricksClusterPolicy, DATABRICKS_FIXED_SPARK_CONF } from "./databricks-cluster-policy";
import { databricksRunNowTask } from "./databricks-dag-tasks";
import type { Engine, EngineRun, MedallionJob } from "./engine";
import { RUN_ID_TEMPLATE } from "./spark-application-yaml";

/** How the Databricks provider authenticates to the workspace (Entra ID; never a PAT). */
export type DatabricksAuthType = "azure-cli" | "azure-msi" | "github-oidc-azure" | "azure-client-secret";

export interface DatabricksEngineArgs {
  readonly location: string;
  /** Workspace name, e.g. `dbw-acmebp-prod`. */
  readonly workspaceName: string;
  /** An existing resource group. @default a new `rg-<workspaceName>` */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** The resource group Databricks creates and locks for its own resources; the program never creates it. */
  readonly managedResourceGroupName: string;
  /** The VNet the clusters are injected into (two delegated subnets are added to it). */
  readonly network: AzureNetwork;
  /** Delegated host (public) and container (private) subnets, inside the VNet. */
  readonly hostCidr: string;
  readonly containerCidr: string;
  /** The ADLS lake the jobs read and write through Unity Catalog (access connector, no keys). */
  readonly lake: AdlsLake;
  /** Unity Catalog catalog of the medallion tables (schemas bronze, silver, gold). */
  readonly catalogName: string;
  /** VM sizes of the job clusters (the policy's allow-list); the first is the default. */
  readonly nodeTypes: readonly string[];
  /** Upper bound of a job cluster's autoscaling. */
  readonly maxWorkers: number;
  /** Databricks Runtime of the jobs. */
  readonly sparkVersion: string;
  /** How `pulumi up` authenticates to the workspace. @default "azure-cli" */
  readonly authType?: DatabricksAuthType;
  /** Tags on every resource and cluster; `component` is added. */
  readonly tags: Readonly<Record<string, string>>;
  /** Protect the catalog and its schemas (and the workspace) from deletion. @default false */
  readonly protect?: boolean;
}

/** Airflow's connection to the workspace: DefaultAzureCredential (workload identity), no PAT. */
export const DATABRICKS_CONN_ID = "databricks_lakehouse";
/** Where the medallion job files live in the workspace. */
export const DATABRICKS_JOB_FOLDER = "/Shared/batch-platform/jobs";
const LAYERS = ["bronze", "silver", "gold"] as const;

/** Pure validation of {@link DatabricksEngineArgs}. */
export function databricksEngineProblems(
  args: Omit<DatabricksEngineArgs, "network" | "lake"> & { readonly addressSpace: string },
): string[] {
  const problems: string[] = [];
  const show = JSON.stringify;
  if (!/^[A-Za-z0-9][-A-Za-z0-9_]{1,62}$/.test(args.workspaceName))
    problems.push(`workspaceName: got ${show(args.workspaceName)}; expected 3-64 letters, digits, - and _`);
  if (!/^[-\w._()]{1,90}$/.test(args.managedResourceGroupName))
    problems.push(
      `managedResourceGroupName: got ${show(args.managedResourceGroupName)}; expected a resource group name`,
    );
  if (!/^[a-z_][a-z0-9_]{0,254}$/.test(args.catalogName))
    problems.push(`catalogName: got ${show(args.catalogName)}; expected a lowercase identifier`);
  problems.push(...rangeProblems({ hostCidr: args.hostCidr, containerCidr: args.containerCidr }));
  for (const [path, cidr] of [
    ["hostCidr", args.hostCidr],
    ["containerCidr", args.containerCidr],
  ] as const) {
    if (!cidrInside(cidr, args.addressSpace))
      problems.push(`${path}: got ${show(cidr)}; expected a range inside the VNet ${args.addressSpace}`);
    const prefix = Number(cidr.split("/")[1]);
    if (prefix > 26)
      problems.push(`${path}: got ${show(cidr)}; expected /26 or larger (Databricks needs room for its nodes)`);
  }
  if (args.nodeTypes.length === 0) problems.push("nodeTypes: got none; expected at least one VM size");
  args.nodeTypes.forEach((type, i) => {
    if (!/^Standard_[A-Za-z0-9_]+$/.test(type))
      problems.push(`nodeTypes[${i}]: got ${show(type)}; expected an Azure VM size, e.g. Standard_D4ds_v5`);
  });
  if (!Number.isInteger(args.maxWorkers) || args.maxWorkers < 1)
    problems.push(`maxWorkers: got ${args.maxWorkers}; expected a whole number >= 1`);
  return problems;
}

/**
 * Databricks as the medallion engine: a premium workspace with classic compute (`computeMode`
 * Hybrid, explicitly) injected into the platform's VNet — delegated host/container subnets whose
 * NSG exists first, no public IPs — and a managed resource group Databricks owns. An access connector
 * (its own managed identity, granted per zone on the lake and admitted by the lake's network rules)
 * backs a Unity Catalog storage credential and one external location per zone; the catalog and its
 * bronze/silver/gold schemas are declared here. Job clusters come from a job-only policy (Spot with
 * on-demand fallback, the driver on-demand). Each pipeline gets one job (process, then export gold
 * as Parquet for the warehouse) that Airflow triggers by name. The Databricks provider authenticates
 * with Entra ID against the workspace's URL and resource id; no token exists anywhere.
 */
export class DatabricksEngine extends pulumi.ComponentResource implements Engine {
  readonly kind = "databricks" as const;
  readonly title = "Databricks + Delta";
  readonly medallionStore = "lake" as const;
  /** The access connector's identity: what the jobs reach the lake as (through Unity Catalog). */
  readonly identity: WorkloadIdentity;
  readonly workspaceUrl: pulumi.Output<string>;
  readonly workspaceId: pulumi.Output<string>;
  /** The Databricks provider for this workspace, for more workspace-level resources. */
  readonly provider: DatabricksProvider;
  readonly catalogName: string;
  private readonly args: DatabricksEngineArgs;
  private readonly policy: ClusterPolicy;
  private readonly ready: pulumi.Resource[];
  private readonly principals = new Map<string, ServicePrincipal>();

  constructor(name: string, args: DatabricksEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems(
      "DatabricksEngine",
      databricksEngineProblems({ ...args, addressSpace: args.network.addressSpace }),
    );
    if (args.lake.kind !== "adls")
      throw new Error(`DatabricksEngine: got a ${String(args.lake.kind)} lake; expected an ADLS lake`);
    super("batch-platform:engine:DatabricksEngine", name, {}, opts);
    this.args = args;
    this.catalogName = args.catalogName;
    const tags = { ...args.tags, component: "engine" };
    const protection = dataProtection(args.protect ?? false);
    const client = getClientConfigOutput({ parent: this });
    const resourceGroupName = givenOrOwnResourceGroup(
      name,
      args.resourceGroupName,
      { resourceGroupName: `rg-${args.workspaceName}`, location: args.location, tags },
      { parent: this },
    );

    // Databricks adds its required rules to this NSG itself (network intent policy): they are not managed here.
    const nsg = new NetworkSecurityGroup(
      `${name}-nsg`,
      {
        networkSecurityGroupName: `nsg-${args.workspaceName}`,
        resourceGroupName: args.network.resourceGroupName,
        location: args.location,
        tags,
      },
      { parent: this, ignoreChanges: ["securityRules"] },
    );
    const subnet = (role: "host" | "container", cidr: string, after: pulumi.Resource[]) =>
      new Subnet(
        `${name}-${role}`,
        {
          ...{
            subnetName: `databricks-${role}`,
            virtualNetworkName: args.network.virtualNetworkName,
            resourceGroupName: args.network.resourceGroupName,
          },
          ...{ addressPrefix: cidr, networkSecurityGroup: { id: nsg.id }, defaultOutboundAccess: false },
          delegations: [{ name: "databricks", serviceName: "Microsoft.Databricks/workspaces" }],
          serviceEndpoints: [{ service: "Microsoft.Storage" }],
        },
        // Azure rejects concurrent writes to subnets of one VNet.
        { parent: this, dependsOn: after },
      );
    const host = subnet("host", args.hostCidr, [args.network]);
    const container = subnet("container", args.containerCidr, [host]);

    const managedGroup = args.managedResourceGroupName;
    const subscription = pulumi.interpolate`/subscriptions/${client.subscriptionId}`;
    const workspace = new Workspace(
      `${name}-workspace`,
      {
        ...{ workspaceName: args.workspaceName, resourceGroupName, location: args.location, sku: { name: "premium" } },
        // Classic compute in the platform's VNet; set explicitly, it cannot change after creation.
        computeMode: "Hybrid",
        managedResourceGroupId: pulumi.interpolate`${subscription}/resourceGroups/${managedGroup}`,
        parameters: {
          customVirtualNetworkId: { value: args.network.virtualNetworkId },
          customPublicSubnetName: { value: host.name.apply((n) => n ?? "databricks-host") },
          customPrivateSubnetName: { value: container.name.apply((n) => n ?? "databricks-container") },
          enableNoPublicIp: { value: true },
        },
        requiredNsgRules: "AllRules",
        tags,
      },
      { parent: this, ...protection },
    );
    const connector = new AccessConnector(
      `${name}-access-connector`,
      {
        connectorName: `${args.workspaceName}-lake`,
        resourceGroupName,
        location: args.location,
        identity: { type: "SystemAssigned" },
        tags,
      },
      { parent: this },
    );
    const connectorPrincipal = connector.identity.apply((identity) => identity?.principalId ?? "");
    this.identity = {
      name: `${name}-connector`,
      serviceAccounts: [],
      azure: { principalId: connectorPrincipal, clientId: "" },
    };
    args.lake.trustResource({ resourceId: connector.id, tenantId: client.tenantId });
    args.lake.grant(this.identity, "landing", "read");
    args.lake.grant(this.identity, "processing", "write");
    args.lake.grant(this.identity, "curated", "write");
    // Cluster nodes reach the lake through their subnets' service endpoints where no private endpoint exists.
    for (const s of [host, container]) args.lake.allowSubnet(s.id);

    this.workspaceUrl = workspace.workspaceUrl.apply((url) => `https://${url}`);
    this.workspaceId = workspace.workspaceId;
    this.provider = new DatabricksProvider(
      `${name}-provider`,
      { host: this.workspaceUrl, azureWorkspaceResourceId: workspace.id, authType: args.authType ?? "azure-cli" },
      { parent: this },
    );
    const dbx = { parent: this, provider: this.provider };

    const credential = new StorageCredential(
      `${name}-credential`,
      {
        name: `${args.workspaceName}-lake`,
        azureManagedIdentity: { accessConnectorId: connector.id },
        comment: "The lake, through the access connector",
      },
      dbx,
    );
    const locations = LAKE_ZONE_NAMES.map(
      (zone: LakeZoneName) =>
        new ExternalLocation(
          `${name}-location-${zone}`,
          {
            name: `${args.catalogName}_${zone}`,
            url: `${args.lake.zoneRoots[zone].uri}/`,
            credentialName: credential.name,
            readOnly: zone === "landing",
          },
          dbx,
        ),
    );
    const catalog = new Catalog(
      `${name}-catalog`,
      {
        name: args.catalogName,
        storageRoot: `${args.lake.zoneRoots.curated.uri}/unity-catalog`,
        comment: "batch-platform medallion tables",
        forceDestroy: false,
      },
      { ...dbx, dependsOn: locations, ...protection },
    );
    const schemas = LAYERS.map(
      (layer) =>
        new Schema(
          `${name}-schema-${layer}`,
          { catalogName: catalog.name, name: layer, forceDestroy: false },
          { ...dbx, ...protection },
        ),
    );
    this.policy = new ClusterPolicy(
      `${name}-job-policy`,
      {
        name: `${args.workspaceName}-jobs`,
        description: "Job clusters of the batch-platform pipelines",
        definition: JSON.stringify(
          databricksClusterPolicy({
            nodeTypes: args.nodeTypes,
            maxWorkers: args.maxWorkers,
            sparkVersion: args.sparkVersion,
            tags,
          }),
        ),
      },
      dbx,
    );
    const files = [JOB_ASSETS.sparkJob, JOB_ASSETS.plan].map(
      (file) =>
        new WorkspaceFile(
          `${name}-file-${file.replace(/\.py$/, "").replace(/_/g, "-")}`,
          {
            path: `${DATABRICKS_JOB_FOLDER}/${file}`,
            contentBase64: Buffer.from(readJobAsset(file), "utf8").toString("base64"),
          },
          dbx,
        ),
    );
    this.ready = [...schemas, ...files, this.policy];
    this.registerOutputs({ workspaceUrl: this.workspaceUrl });
  }

  /**
   * The pipeline's job: `process` (landing → bronze → silver → gold, registered in the catalog),
   * then `export` (the run's gold as Parquet for the warehouse). Airflow triggers it by name with
   * the run's landing prefix, run id and export folder as job parameters.
   */
  pipelineRun(name: string, job: MedallionJob, parent: pulumi.Resource): EngineRun {
    const { spec } = job;
    if (job.gold.kind !== "parquetExport") {
      throw new Error(
        `DatabricksEngine: pipeline ${spec.name}: the warehouse takes gold over ${job.gold.kind}; ` +
          "Databricks hands gold over as a Parquet export",
      );
    }
    const jobName = `${this.args.workspaceName}-${spec.name}`;
    const roots = this.args.lake.zoneRoots;
    const common = ["--spec", specJson(spec), "--processing", roots.processing.uri, "--curated", roots.curated.uri];
    const runArgs = ["--run-id", "{{job.parameters.run_id}}", "--catalog", this.catalogName];
    const cluster = {
      sparkVersion: this.args.sparkVersion,
      nodeTypeId: this.args.nodeTypes[0],
      policyId: this.policy.id,
      applyPolicyDefaultValues: true,
      autoscale: { minWorkers: 1, maxWorkers: this.args.maxWorkers },
      azureAttributes: { availability: "SPOT_WITH_FALLBACK_AZURE", firstOnDemand: 1, spotBidMaxPrice: -1 },
      dataSecurityMode: "SINGLE_USER",
      sparkConf: { ...DATABRICKS_FIXED_SPARK_CONF },
      customTags: { ...this.args.tags, component: "engine", pipeline: spec.name },
    };
    const pythonFile = `/Workspace${DATABRICKS_JOB_FOLDER}/${JOB_ASSETS.sparkJob}`;
    const dbx = { parent, provider: this.provider, dependsOn: this.ready };
    const databricksJob = new Job(
      `${name}-databricks-job`,
      {
        name: jobName,
        description: `batch-platform pipeline ${spec.name}: landing → bronze → silver → gold → Parquet export`,
        maxConcurrentRuns: 1,
        timeoutSeconds: 4 * 3600,
        parameters: [
          { name: "landing", default: "" },
          { name: "run_id", default: "" },
          { name: "export_uri", default: "" },
        ],
        jobClusters: [{ jobClusterKey: "medallion", newCluster: cluster }],
        tasks: [
          {
            taskKey: "process",
            jobClusterKey: "medallion",
            sparkPythonTask: {
              pythonFile,
              source: "WORKSPACE",
              parameters: [...common, "--stage", "process", ...runArgs, "--landing", "{{job.parameters.landing}}"],
            },
          },
          {
            taskKey: "export",
            dependsOns: [{ taskKey: "process" }],
            jobClusterKey: "medallion",
            sparkPythonTask: {
              pythonFile,
              source: "WORKSPACE",
              parameters: [
                ...common,
                "--stage",
                "load",
                ...runArgs,
                "--load-target",
                "parquet",
                "--export-uri",
                "{{job.parameters.export_uri}}",
              ],
            },
          },
        ],
        tags: { ...this.args.tags, component: "engine", pipeline: spec.name },
      },
      dbx,
    );
    const needs: OrchestratorNeed[] = [
      {
        kind: "connection",
        connId: DATABRICKS_CONN_ID,
        // No token: the provider's hook takes the pod's federated token through DefaultAzureCredential.
        connection: () => ({
          value: this.workspaceUrl.apply((host) =>
            JSON.stringify({ conn_type: "databricks", host, extra: { use_default_azure_credential: true } }),
          ),
        }),
      },
      {
        kind: "access",
        key: `databricks:${jobName}:run`,
        grant: (identity) => {
          const principal = this.servicePrincipal(identity);
          new Permissions(
            `${name}-databricks-run-${identity.name}`,
            {
              jobId: databricksJob.id,
              accessControls: [{ servicePrincipalName: principal.applicationId, permissionLevel: "CAN_MANAGE_RUN" }],
            },
            // The engine's child, like every grant: the orchestrator waits for its pipelines, not for its own grants.
            { parent: this, provider: this.provider },
          );
        },
      },
    ];
    const parameters = { landing: job.landingUri, run_id: RUN_ID_TEMPLATE, export_uri: job.gold.exportUri };
    return {
      tasks: [databricksRunNowTask("bronze_silver_gold", jobName, parameters, DATABRICKS_CONN_ID)],
      dagFiles: {},
      objects: [],
      needs,
    };
  }

  /** The workspace service principal of an Entra ID identity (created once): it may only run the jobs it is granted. */
  private servicePrincipal(identity: WorkloadIdentity): ServicePrincipal {
    const azure = identity.azure;
    if (azure === undefined)
      throw new Error(
        `DatabricksEngine: ${describeIdentity(identity)} has no Entra ID identity; ` +
          "bind it with workload identity first",
      );
    const known = this.principals.get(identity.name);
    if (known) return known;
    const principal = new ServicePrincipal(
      `${identity.name}-databricks-principal`,
      {
        applicationId: azure.clientId,
        displayName: identity.name,
        allowClusterCreate: false,
        workspaceAccess: false,
        databricksSqlAccess: false,
      },
      { parent: this, provider: this.provider },
    );
    this.principals.set(identity.name, principal);
    return principal;
  }
}
