import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AksCluster, aksClusterProblems, type AksClusterArgs } from "../../components/cluster/aks-cluster";
import { kubeloginKubeconfig } from "../../components/cluster/aks-kubeconfig";
import { AzureNetwork } from "../../components/cluster/azure-network";
import { databricksClusterPolicy } from "../../components/engine/databricks-cluster-policy";
import { DatabricksEngine } from "../../components/engine/databricks-engine";
import { AksWorkloadIdentity } from "../../components/identity/aks-workload-identity";
import { serviceAccountSubject } from "../../components/identity/azure-workload-identity-account";
import { AKS_PLACEMENT, spotToleration } from "../../components/k8s/placement";
import { AdlsLake } from "../../components/lake/adls-lake";
import { Airflow } from "../../components/orchestrator/airflow";
import { BatchPipeline } from "../../components/pipeline/batch-pipeline";
import { synapseLoadStatements } from "../../components/warehouse/synapse-load-sql";
import { SynapseWarehouse } from "../../components/warehouse/synapse-warehouse";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import { pipelineNamed } from "../helpers/pipelines";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

type Props = Record<string, unknown>;
const rec = (value: unknown) => (value ?? {}) as Props;
const tags = { environment: "prod", "cost-center": "data", owner: "team" };
const zones = { landing: { versioning: false }, processing: { versioning: true }, curated: { versioning: true } };
const clusterArgs = (overrides: Partial<AksClusterArgs> = {}): AksClusterArgs => ({
  location: "westeurope",
  clusterName: "acme-prod",
  nodesSubnetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aks-nodes",
  zones: ["1", "2", "3"],
  tier: "Standard",
  adminGroupObjectIds: ["a1b2c3d4-0000-4000-8000-00000000aa01"],
  tags,
  ...overrides,
});

describe("the Azure parts composed as the azure variant composes them", () => {
  let capture: RegistrationCapture;
  let cluster: AksCluster;
  let airflow: Airflow;
  let engine: DatabricksEngine;
  let warehouse: SynapseWarehouse;
  let pipeline: BatchPipeline;
  const all = async (type: string) => registered(capture, type);
  const one = async (type: string, name: string): Promise<PlanResource> => {
    const found = (await all(type)).find((r) => r.name === name);
    if (!found) throw new Error(`no ${type} ${name}`);
    return found;
  };

  beforeAll(async () => {
    capture = await mockPulumi("azure-parts");
    const network = new AzureNetwork("network", { location: "westeurope", networkName: "acme-prod", tags });
    const lake = new AdlsLake("lake", {
      location: "westeurope",
      namePrefix: "acme",
      environment: "prod",
      zones,
      tags,
      allowedSubnetIds: [network.nodesSubnetId],
      privateEndpoints: network,
    });
    cluster = new AksCluster("aks", clusterArgs({ nodesSubnetId: network.nodesSubnetId }));
    const k8s = { providers: [cluster.provider] };
    const workloadIdentity = new AksWorkloadIdentity({
      oidcIssuerUrl: cluster.oidcIssuerUrl,
      resourceGroupName: cluster.resourceGroupName,
      location: "westeurope",
      identityNamePrefix: "acme-prod",
      tags,
    });
    engine = new DatabricksEngine("databricks", {
      ...{
        location: "westeurope",
        workspaceName: "dbw-acme-prod",
        managedResourceGroupName: "rg-acme-prod-databricks-managed",
        network,
        lake,
      },
      ...{
        hostCidr: "10.20.16.0/22",
        containerCidr: "10.20.20.0/22",
        catalogName: "batch_platform_prod",
        nodeTypes: ["Standard_D4ds_v5"],
        maxWorkers: 4,
      },
      ...{ sparkVersion: "15.4.x-scala2.12", tags, protect: true },
    });
    warehouse = new SynapseWarehouse("synapse", {
      ...{
        location: "westeurope",
        workspaceName: "syn-acme-prod",
        managedResourceGroupName: "rg-acme-prod-synapse-managed",
        lake,
      },
      ...{
        adminGroup: { objectId: "a1b2c3d4-0000-4000-8000-00000000bb01", name: "synapse-admins" },
        network,
        privateOnly: true,
        tags,
        protect: true,
      },
    });
    pipeline = new BatchPipeline(
      "orders",
      { spec: pipelineNamed("orders"), lake, engine, warehouse, dags: { namespace: "orchestration" } },
      k8s,
    );
    airflow = new Airflow(
      "airflow",
      {
        namespace: "orchestration",
        pipelines: [pipeline],
        workloadIdentity,
        remoteLogs: { lake },
        metadataDatabase: { connectionSecretName: "airflow-db" },
      },
      { ...k8s, dependsOn: [pipeline] },
    );
    await capture.settled();
  });

  it("AKS: the system pool inline, stateful and batch as AgentPools, batch on Spot with AKS's label and taint declared", async () => {
    const [managed] = await all("azure-native:containerservice:ManagedCluster");
    const inline = managed.inputs.agentPoolProfiles as Props[];
    expect(inline.map((p) => p.name)).toEqual(["system"]);
    expect(inline[0]).toMatchObject({
      mode: "System",
      availabilityZones: ["1", "2", "3"],
      enableNodePublicIP: false,
      nodeTaints: [],
    });
    const pools = await all("azure-native:containerservice:AgentPool");
    expect(pools.map((p) => p.inputs.agentPoolName).sort()).toEqual(["batch", "stateful"]);
    const batch = pools.find((p) => p.inputs.agentPoolName === "batch")!.inputs;
    expect(batch).toMatchObject({
      scaleSetPriority: "Spot",
      scaleSetEvictionPolicy: "Delete",
      spotMaxPrice: -1,
      minCount: 0,
      mode: "User",
    });
    expect(batch.nodeLabels).toEqual({
      "batch-platform.io/pool": "batch",
      "kubernetes.azure.com/scalesetpriority": "spot",
    });
    expect(batch.nodeTaints).toEqual(["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]);
    const stateful = pools.find((p) => p.inputs.agentPoolName === "stateful")!.inputs;
    expect(stateful).toMatchObject({ scaleSetPriority: "Regular", availabilityZones: ["1", "2", "3"], nodeTaints: [] });
    // Pools are written one after the other: AKS refuses concurrent operations.
    expect(pools.find((p) => p.inputs.agentPoolName === "batch")!.options.dependsOn).toEqual([
      pools.find((p) => p.inputs.agentPoolName === "stateful")!.urn,
    ]);
  });

  it("AKS: CNI overlay with Cilium, Entra ID + Azure RBAC, no local accounts, OIDC + workload identity, private API server, Standard tier", async () => {
    const [managed] = await all("azure-native:containerservice:ManagedCluster");
    expect(managed.inputs).toMatchObject({
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        dnsServiceIP: "10.96.0.10",
      },
      aadProfile: {
        managed: true,
        enableAzureRBAC: true,
        adminGroupObjectIDs: ["a1b2c3d4-0000-4000-8000-00000000aa01"],
      },
      disableLocalAccounts: true,
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      apiServerAccessProfile: { enablePrivateCluster: true },
      sku: { tier: "Standard" },
      autoUpgradeProfile: { upgradeChannel: "stable", nodeOSUpgradeChannel: "NodeImage" },
    });
    expect(rec(managed.inputs.identity).type).toBe("UserAssigned");
    expect(await valueOf(cluster.oidcIssuerUrl)).toMatch(/^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\//);
  });

  it("AKS: the provider's kubeconfig is the user kubeconfig, kubelogin exec in azurecli mode, no credential", async () => {
    const config = parse(await valueOf(cluster.kubeconfig)) as { users: { user: Props }[] };
    const exec = rec(config.users[0].user.exec);
    expect(exec.command).toBe("kubelogin");
    expect(exec.args).toEqual(expect.arrayContaining(["get-token", "--login", "azurecli"]));
    expect(Object.keys(config.users[0].user)).toEqual(["exec"]);
    const withToken = Buffer.from("users:\n  - name: admin\n    user:\n      token: abc\n").toString("base64");
    expect(() => kubeloginKubeconfig(withToken, "azurecli")).toThrow(/not kubelogin exec \(found token\)/);
  });

  it("AKS: validation names the argument, the value and what is allowed", () => {
    const problems = aksClusterProblems(
      clusterArgs({
        zones: ["4"],
        apiServer: { kind: "authorizedRanges", cidrs: ["0.0.0.0/0"] },
        nodePools: {
          system: { machineType: "Standard_D4s_v5", minNodes: 0, maxNodes: 2 },
          stateful: { machineType: "Standard_E4s_v5", minNodes: 1, maxNodes: 3, spot: true },
          batch: { machineType: "e2-standard-4", minNodes: 0, maxNodes: 3, spot: true },
        },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'zones[0]: got "4"; expected "1", "2" or "3"',
        'apiServer.cidrs[0]: got "0.0.0.0/0"; expected specific ranges (0.0.0.0/0 makes the API server public)',
        "nodePools.system.minNodes: got 0; expected at least 1 (the system pool runs Airflow and system pods)",
        "nodePools.stateful.spot: got true; expected false (only the batch pool runs on Spot VMs)",
        'nodePools.batch.machineType: got "e2-standard-4"; expected an Azure VM size, e.g. Standard_D4s_v5',
      ]),
    );
  });

  it("placement: batch work tolerates the AKS spot taint; Airflow and its database never select or tolerate the batch pool", async () => {
    expect(spotToleration(AKS_PLACEMENT)).toEqual({
      key: "kubernetes.azure.com/scalesetpriority",
      operator: "Equal",
      value: "spot",
      effect: "NoSchedule",
    });
    const [chart] = (await all("kubernetes:helm.sh/v4:Chart")).filter((c) => c.name === "airflow-chart");
    const values = JSON.stringify(chart.inputs.values);
    expect(values).not.toContain("scalesetpriority");
    expect(rec(rec(chart.inputs.values).workers).nodeSelector).toEqual({});
  });

  it("workload identity: an identity per Airflow role, each federated with that role's service account only", async () => {
    const identities = await all("azure-native:managedidentity:UserAssignedIdentity");
    const credentials = await all("azure-native:managedidentity:FederatedIdentityCredential");
    const roles = [
      { identity: "id-acme-prod-airflow", account: airflow.serviceAccounts.worker },
      { identity: "id-acme-prod-airflow-trigger", account: airflow.serviceAccounts.triggerer },
      { identity: "id-acme-prod-airflow-api", account: airflow.serviceAccounts.apiServer },
    ];
    expect(roles.map((r) => serviceAccountSubject(r.account))).toEqual([
      "system:serviceaccount:orchestration:airflow-worker",
      "system:serviceaccount:orchestration:airflow-triggerer",
      "system:serviceaccount:orchestration:airflow-api-server",
    ]);
    const issuer = await valueOf(cluster.oidcIssuerUrl);
    for (const role of roles) {
      expect(identities.filter((i) => i.inputs.resourceName === role.identity), role.identity).toHaveLength(1);
      const own = credentials.filter((c) => c.inputs.resourceName === role.identity);
      expect(own.map((c) => c.inputs), role.identity).toEqual([
        expect.objectContaining({
          audiences: ["api://AzureADTokenExchange"],
          issuer,
          subject: serviceAccountSubject(role.account),
        }),
      ]);
    }
  });

  it("Airflow on AKS: client-id annotation on the service accounts, the workload identity label on every pod", async () => {
    const [chart] = (await all("kubernetes:helm.sh/v4:Chart")).filter((c) => c.name === "airflow-chart");
    const values = rec(chart.inputs.values);
    const clientId = await valueOf(airflow.identity.azure!.clientId as never);
    const annotated = ["workers", "triggerer", "apiServer"].map((role) => {
      const annotations = rec(rec(values[role]).serviceAccount).annotations as Record<string, unknown>;
      expect(Object.keys(annotations), role).toEqual(["azure.workload.identity/client-id"]);
      return annotations["azure.workload.identity/client-id"];
    });
    // The workers act as Airflow's identity; the triggerer and the API server each as their own.
    expect(annotated[0]).toBe(clientId);
    expect(new Set(annotated).size).toBe(3);
    for (const id of annotated) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(rec(values.labels)["azure.workload.identity/use"]).toBe("true");
  });

  it("lake: shared keys off, default Deny without bypass, AKS and Databricks subnets, Synapse and the access connector trusted, dfs + blob endpoints", async () => {
    const [account] = await all("azure-native:storage:StorageAccount");
    expect(account.inputs.allowSharedKeyAccess).toBe(false);
    const rules = rec(account.inputs.networkRuleSet);
    expect(rules).toMatchObject({ defaultAction: "Deny", bypass: "None", ipRules: [] });
    expect(
      (rules.virtualNetworkRules as Props[]).map((r) => String(r.virtualNetworkResourceId).split("/").pop()),
    ).toEqual(["aks-nodes", "databricks-host", "databricks-container"]);
    const trusted = (rules.resourceAccessRules as Props[]).map((r) => String(r.resourceId));
    expect(trusted).toHaveLength(2);
    expect(trusted[0]).toMatch(/\/databricks\/dbw-acme-prod-lake$/); // the access connector (mock ids name the module)
    expect(trusted[1]).toMatch(/Microsoft\.Synapse\/workspaces\/syn-acme-prod$/);
    const endpoints = (await all("azure-native:network:PrivateEndpoint")).map(
      (e) => `${e.name}:${(e.inputs.privateLinkServiceConnections as Props[])[0].groupIds}`,
    );
    expect(endpoints.sort()).toEqual([
      "lake-pe-blob:blob",
      "lake-pe-dfs:dfs",
      "synapse-pe-dev:Dev",
      "synapse-pe-sql:Sql",
      "synapse-pe-sqlondemand:SqlOnDemand",
    ]);
    const zonesCreated = (await all("azure-native:privatedns:PrivateZone")).map((z) =>
      String(z.inputs.privateZoneName),
    );
    expect(zonesCreated.sort()).toEqual([
      "privatelink.blob.core.windows.net",
      "privatelink.dev.azuresynapse.net",
      "privatelink.dfs.core.windows.net",
      "privatelink.sql.azuresynapse.net",
    ]);
  });

  it("lake grants are container-scoped, per identity and zone", async () => {
    const grants = (await all("azure-native:authorization:RoleAssignment")).filter(
      (g) =>
        String(g.inputs.scope).includes("/blobContainers") ||
        g.name.includes("-landing-") ||
        g.name.includes("-curated-") ||
        g.name.includes("-processing-"),
    );
    const names = grants.map((g) => g.name).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "airflow-landing-write",
        "airflow-processing-write",
        "databricks-connector-landing-read",
        "databricks-connector-processing-write",
        "databricks-connector-curated-write",
        "synapse-curated-read",
      ]),
    );
    for (const grant of grants) expect(String(grant.inputs.scope)).not.toMatch(/storageAccounts\/[^/]+$/);
  });

  it("Databricks: premium workspace, computeMode explicit, VNet injection without public IP, NSG first, managed resource group not created", async () => {
    const [workspace] = await all("azure-native:databricks:Workspace");
    expect(workspace.inputs).toMatchObject({
      sku: { name: "premium" },
      computeMode: "Hybrid",
      requiredNsgRules: "AllRules",
      parameters: {
        enableNoPublicIp: { value: true },
        customPublicSubnetName: { value: "databricks-host" },
        customPrivateSubnetName: { value: "databricks-container" },
      },
    });
    expect(String(workspace.inputs.managedResourceGroupId)).toMatch(
      /\/resourceGroups\/rg-acme-prod-databricks-managed$/,
    );
    const groups = (await all("azure-native:resources:ResourceGroup")).map((g) => g.inputs.resourceGroupName);
    expect(groups).not.toContain("rg-acme-prod-databricks-managed");
    const host = await one("azure-native:network:Subnet", "databricks-host");
    expect(host.inputs).toMatchObject({
      delegations: [{ name: "databricks", serviceName: "Microsoft.Databricks/workspaces" }],
    });
    expect(rec(host.inputs.networkSecurityGroup).id).toMatch(/\/nsg-dbw-acme-prod$/);
    const [connector] = await all("azure-native:databricks:AccessConnector");
    expect(connector.inputs.identity).toEqual({ type: "SystemAssigned" });
  });

  it("Databricks: UC credential on the connector, an external location per zone, catalog + schemas protected, the provider with Entra auth only", async () => {
    const [credential] = await all("databricks:index/storageCredential:StorageCredential");
    expect(rec(credential.inputs.azureManagedIdentity).accessConnectorId).toMatch(/\/dbw-acme-prod-lake$/);
    expect(
      (await all("databricks:index/externalLocation:ExternalLocation")).map((l) => String(l.inputs.url)).sort(),
    ).toEqual([
      "abfss://curated@acmeprodlake.dfs.core.windows.net/",
      "abfss://landing@acmeprodlake.dfs.core.windows.net/",
      "abfss://processing@acmeprodlake.dfs.core.windows.net/",
    ]);
    for (const type of ["databricks:index/catalog:Catalog", "databricks:index/schema:Schema"]) {
      for (const r of await all(type)) expect(r.options.protect, r.name).toBe(true);
    }
    const [provider] = await all("pulumi:providers:databricks");
    expect(provider.inputs).toMatchObject({
      authType: "azure-cli",
      host: "https://adb-1234567890123456.7.azuredatabricks.net",
    });
    expect(Object.keys(provider.inputs)).not.toEqual(expect.arrayContaining(["token"]));
  });

  it("Databricks: the job-only policy (Spot with fallback, the driver on-demand) and one job per pipeline on abfss with deletion vectors off", async () => {
    const [policy] = await all("databricks:index/clusterPolicy:ClusterPolicy");
    const definition = JSON.parse(String(policy.inputs.definition)) as Record<string, Props>;
    expect(definition.cluster_type).toEqual({ type: "fixed", value: "job" });
    expect(definition["azure_attributes.availability"]).toEqual({ type: "fixed", value: "SPOT_WITH_FALLBACK_AZURE" });
    expect(definition["azure_attributes.first_on_demand"]).toEqual({ type: "fixed", value: 1 });
    expect(definition.node_type_id).toMatchObject({ type: "allowlist", values: ["Standard_D4ds_v5"] });
    expect(definition["autoscale.max_workers"]).toMatchObject({ maxValue: 4 });
    expect(definition).toEqual(
      databricksClusterPolicy({
        nodeTypes: ["Standard_D4ds_v5"],
        maxWorkers: 4,
        sparkVersion: "15.4.x-scala2.12",
        tags: { ...tags, component: "engine" },
      }),
    );
    const jobs = await all("databricks:index/job:Job");
    expect(jobs.map((j) => j.inputs.name)).toEqual(["dbw-acme-prod-orders"]);
    const tasks = jobs[0].inputs.tasks as Props[];
    expect(tasks.map((t) => t.taskKey)).toEqual(["process", "export"]);
    const params = rec(tasks[0].sparkPythonTask).parameters as string[];
    expect(params).toEqual(
      expect.arrayContaining([
        "--processing",
        "abfss://processing@acmeprodlake.dfs.core.windows.net",
        "--catalog",
        "batch_platform_prod",
        "--landing",
        "{{job.parameters.landing}}",
      ]),
    );
    const cluster = rec((jobs[0].inputs.jobClusters as Props[])[0].newCluster);
    expect(cluster).toMatchObject({
      azureAttributes: { availability: "SPOT_WITH_FALLBACK_AZURE", firstOnDemand: 1 },
      sparkConf: { "spark.databricks.delta.properties.defaults.enableDeletionVectors": "false" },
    });
  });

  it("Databricks: Airflow's identity becomes a workspace principal that may only run the pipeline's job", async () => {
    const [principal] = await all("databricks:index/servicePrincipal:ServicePrincipal");
    expect(principal.inputs).toMatchObject({
      applicationId: await valueOf(airflow.identity.azure!.clientId as never),
      allowClusterCreate: false,
    });
    const [permissions] = await all("databricks:index/permissions:Permissions");
    expect(permissions.inputs.accessControls).toEqual([
      { servicePrincipalName: principal.inputs.applicationId, permissionLevel: "CAN_MANAGE_RUN" },
    ]);
  });

  it("Synapse: Entra-only with the admin group, managed VNet with exfiltration protection, no public access, no firewall rule, no SQL password", async () => {
    const [workspace] = await all("azure-native:synapse:Workspace");
    expect(workspace.inputs).toMatchObject({
      azureADOnlyAuthentication: true,
      managedVirtualNetwork: "default",
      managedVirtualNetworkSettings: { preventDataExfiltration: true },
      publicNetworkAccess: "Disabled",
      managedResourceGroupName: "rg-acme-prod-synapse-managed",
      defaultDataLakeStorage: { accountUrl: "https://acmeprodlake.dfs.core.windows.net", filesystem: "synapse" },
    });
    expect(workspace.inputs).not.toHaveProperty("sqlAdministratorLoginPassword");
    expect(await all("azure-native:synapse:IpFirewallRule")).toEqual([]);
    const [admin] = await all("azure-native:synapse:WorkspaceAadAdmin");
    expect(admin.inputs).toMatchObject({
      administratorType: "ActiveDirectory",
      login: "synapse-admins",
      sid: "a1b2c3d4-0000-4000-8000-00000000bb01",
    });
    const [pool] = await all("azure-native:synapse:SqlPool");
    expect(pool.inputs).toMatchObject({ sku: { name: "DW100c" }, sqlPoolName: "warehouse", storageAccountType: "GRS" });
    expect(pool.options.protect).toBe(true);
  });

  it("Synapse load: COPY INTO the run's Parquet export as the managed identity over .dfs, then MERGE on the sink keys", () => {
    const statements = synapseLoadStatements(pipelineNamed("orders"), {
      schema: "serving",
      exportUrl: "https://acct.dfs.core.windows.net/curated/exports/orders/{{ ts_nodash }}",
    });
    const copy = statements.find((s) => s.startsWith("COPY INTO"))!;
    expect(copy).toContain("FROM 'https://acct.dfs.core.windows.net/curated/exports/orders/{{ ts_nodash }}/*.parquet'");
    expect(copy).toContain("CREDENTIAL = (IDENTITY = 'Managed Identity')");
    expect(statements.join("\n")).not.toMatch(/SECRET|SHARED ACCESS SIGNATURE|Storage Account Key/i);
    const merge = statements.find((s) => s.startsWith("MERGE INTO"))!;
    expect(merge).toContain(
      "ON (target.[order_date] = source.[order_date] OR (target.[order_date] IS NULL AND source.[order_date] IS NULL))",
    );
    expect(statements.at(-1)).toBe("DROP TABLE [serving].[daily_revenue__staging]");
  });

  it("the pipeline's DAG: WasbPrefixSensor → claim → DatabricksRunNowOperator → Synapse load → archive; connections carry no key, token or password", async () => {
    expect(pipeline.dag).toContain("WasbPrefixSensor(");
    expect(pipeline.dag).toContain("DatabricksRunNowOperator(");
    expect(pipeline.dag).toContain('job_name="dbw-acme-prod-orders"');
    expect(pipeline.dag).toMatch(
      /wait_for_landing_files >> claim_landing_files >> bronze_silver_gold >> load_serving >> archive_processed_files/,
    );
    expect(airflow.connectionIds).toEqual(["adls_lake", "databricks_lakehouse", "synapse_sql"]);
  });
});
