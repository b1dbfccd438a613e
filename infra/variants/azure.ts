import * as pulumi from "@pulumi/pulumi";
import {
  AdlsLake,
  AksCluster,
  AksNamespace,
  AksWorkloadIdentity,
  Airflow,
  AzureNetwork,
  CloudNativePgOperator,
  nodeSelectorFor,
  PostgresCluster,
  type AksNamespaceArgs,
} from "../../components";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";
import type { StackOutputs } from "./outputs";

/**
 * Azure hybrid: an ADLS Gen2 lake, AKS with the three pools (batch on Spot), and Airflow on AKS
 * acting as its own Entra ID identity through workload identity.
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
    apiServer: aks.authorizedIpRanges.length > 0 ? { kind: "authorizedRanges", cidrs: aks.authorizedIpRanges } : { kind: "private" },
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
  const workloadIdentity = new AksWorkloadIdentity({
    ...{ oidcIssuerUrl: cluster.oidcIssuerUrl, resourceGroupName: cluster.resourceGroupName, location },
    ...{ identityNamePrefix: name, tags },
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
      ...{ namespace: orchestration.name, database: "airflow", owner: "airflow", instances: environment === "prod" ? 3 : 1 },
      ...{ nodeSelector: nodeSelectorFor("stateful"), spreadOverZones: (config.cluster.zones ?? []).length > 1 },
      ...{ labels: tags, protect },
    },
    { ...k8s, dependsOn: [orchestration, operator] },
  );
  const airflow = new Airflow(
    "airflow",
    {
      ...{ namespace: orchestration.name, workloadIdentity, remoteLogs: { lake }, labels: tags },
      ...{ metadataDatabase, nodeSelector: nodeSelectorFor("system") },
    },
    { ...k8s, dependsOn: [orchestration] },
  );

  return {
    lakeZones: lake.zoneUris,
    cluster: pulumi.output({ name: cluster.clusterName, oidcIssuerUrl: cluster.oidcIssuerUrl }),
    airflowClientId: airflow.identity.azure?.clientId ?? "",
  };
}
