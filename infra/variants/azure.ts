import * as pulumi from "@pulumi/pulumi";
import {
  AdlsLake,
  AksCluster,
  AksNamespace,
  AksWorkloadIdentity,
  Airflow,
  AIRFLOW_METADATA_CA_FILE,
  AzureNetwork,
  BatchPipeline,
  CertManager,
  CloudNativePgOperator,
  DatabricksEngine,
  nodeSelectorFor,
  PostgresCluster,
  SynapseWarehouse,
  type AksNamespaceArgs,
} from "../../components";
import type { PlatformConfig } from "../config";
import { dagSettings, platformLabels } from "../labels";
import { selectedPipelines } from "../pipelines";
import { pipelineOutputs, type StackOutputs } from "./outputs";
import { metadataDatabaseInstances } from "../settings/metadata-database";

/**
 * Azure hybrid: an ADLS Gen2 lake, AKS with the three pools (batch on Spot), Databricks (Unity
 * Catalog, a job per pipeline) as the engine, Synapse Analytics serving, and Airflow on AKS acting as
 * its own Entra ID identity through workload identity, running the pipelines' DAGs.
 */
export function azurePlatform(config: PlatformConfig): StackOutputs {
  const { azure: settings, region: location, environment, namePrefix, protectData: protect } = config;
  const tags = platformLabels(config);
  const name = `${namePrefix}-${environment}`;
  const { network: ranges, aks } = settings;

  const network = new AzureNetwork("network", {
    ...{ location, networkName: name, addressSpace: ranges.addressSpace, nodesCidr: ranges.nodesCidr },
    ...{ endpointsCidr: ranges.endpointsCidr, tags },
  });
  const lake = new AdlsLake("lake", {
    ...{ location, namePrefix, environment, zones: config.lake.zones, redundancy: config.lake.redundancy },
    ...{ tags, protect, allowedSubnetIds: [network.nodesSubnetId] },
    ...(settings.privateEndpoints ? { privateEndpoints: network } : {}),
  });
  const cluster = new AksCluster("aks", {
    ...{ location, clusterName: name, nodesSubnetId: network.nodesSubnetId, zones: config.cluster.zones },
    ...{ nodePools: config.cluster.nodePools, kubernetesVersion: aks.kubernetesVersion, tier: aks.tier },
    apiServer:
      aks.authorizedIpRanges.length > 0
        ? { kind: "authorizedRanges", cidrs: aks.authorizedIpRanges }
        : { kind: "private" },
    adminGroupObjectIds: settings.entra.aksAdminGroupObjectIds,
    upgradeChannels: { cluster: aks.upgradeChannel, nodeOs: aks.nodeOsUpgradeChannel },
    ...{ podCidr: ranges.podCidr, serviceCidr: ranges.serviceCidr, kubeloginMode: aks.kubeloginMode, tags },
  });
  // Every Kubernetes object goes to this cluster through its provider.
  const k8s = { providers: [cluster.provider] };
  // A private cluster's API server endpoint is in the node subnet; a public one is reached over HTTPS egress.
  const namespace = (role: AksNamespaceArgs["role"], name: string) =>
    new AksNamespace(name, { role, name, apiServerCidrs: [network.nodesCidr], labels: tags, protect }, k8s);
  const orchestration = namespace("orchestration", "orchestration");
  // The API server's certificate and the CA bundle for Airflow's pods (the platform CA on AKS).
  const apiServer = { cidrs: [network.nodesCidr], ports: [443] };
  const tlsArgs = { bundleNamespaces: [orchestration.name], apiServer, nodeSelector: nodeSelectorFor("system") };
  const certManager = new CertManager(
    "tls",
    { ...tlsArgs, labels: tags, protect },
    { ...k8s, dependsOn: [orchestration] },
  );
  const workloadIdentity = new AksWorkloadIdentity({
    ...{ oidcIssuerUrl: cluster.oidcIssuerUrl, resourceGroupName: cluster.resourceGroupName, location },
    ...{ identityNamePrefix: name, tags },
  });

  const engine = new DatabricksEngine("databricks", {
    ...{ location, workspaceName: `dbw-${name}`, managedResourceGroupName: `rg-${name}-databricks-managed`, network },
    ...{ hostCidr: ranges.databricksHostCidr, containerCidr: ranges.databricksContainerCidr, lake, tags, protect },
    ...{ catalogName: `batch_platform_${environment}`, ...settings.databricks },
  });
  const warehouse = new SynapseWarehouse("synapse", {
    ...{ location, workspaceName: `syn-${name}`, managedResourceGroupName: `rg-${name}-synapse-managed`, lake },
    ...{ adminGroup: settings.entra.synapseAdminGroup, sqlPoolSku: settings.synapse.sqlPoolSku, tags, protect },
    ...{ network, privateOnly: settings.privateEndpoints },
  });
  const dags = { namespace: orchestration.name, settings: dagSettings(config) };
  const pipelines = selectedPipelines(config).map((spec) => {
    const opts = { ...k8s, dependsOn: [orchestration.namespaceGroup] };
    return new BatchPipeline(spec.name, { spec, lake, engine, warehouse, dags, labels: tags }, opts);
  });

  // Airflow's metadata database: PostgreSQL from CloudNativePG on the stateful pool (never on Spot).
  const operator = new CloudNativePgOperator(
    "cnpg",
    { namespace: orchestration.name, nodeSelector: nodeSelectorFor("system"), labels: tags },
    { ...k8s, dependsOn: [orchestration] },
  );
  const metadataDatabase = new PostgresCluster(
    "airflow-db",
    {
      ...{ namespace: orchestration.name, database: "airflow", owner: "airflow" },
      instances: metadataDatabaseInstances(environment),
      ...{ nodeSelector: nodeSelectorFor("stateful"), spreadOverZones: (config.cluster.zones ?? []).length > 1 },
      ...{ labels: tags, protect },
      // Airflow mounts the cluster's CA there (its `serverCa`): the URI verifies the server.
      clientCaFile: AIRFLOW_METADATA_CA_FILE,
    },
    { ...k8s, dependsOn: [orchestration, operator] },
  );
  const airflow = new Airflow(
    "airflow",
    {
      ...{ namespace: orchestration.name, pipelines, workloadIdentity, remoteLogs: { lake }, labels: tags, protect },
      ...{ metadataDatabase, nodeSelector: nodeSelectorFor("system"), image: settings.airflowImage },
      tls: certManager.tls,
    },
    { ...k8s, dependsOn: [orchestration, ...certManager.ready, ...pipelines] },
  );

  return {
    lakeZones: lake.zoneUris,
    cluster: pulumi.output({ name: cluster.clusterName, oidcIssuerUrl: cluster.oidcIssuerUrl }),
    airflowClientId: airflow.identity.azure?.clientId ?? "",
    databricks: pulumi.output({ workspaceUrl: engine.workspaceUrl, catalog: engine.catalogName }),
    synapse: pulumi.output({ sqlEndpoint: warehouse.sqlEndpoint, sqlPool: warehouse.sqlPoolName }),
    // Run once in the SQL pool by a member of the Synapse admin group (docs/azure.md).
    synapseSetupSql: warehouse.loaderSetupSql(airflow.identity),
    dags: pulumi.output(pipelines.map((p) => p.dagFileName).sort()),
    pipelines: pipelineOutputs(pipelines),
  };
}
