import { aksClusterProblems, DEFAULT_AKS_NODE_POOLS } from "../../components/cluster/aks-cluster";
import { azureNetworkProblems } from "../../components/cluster/azure-network";
import { DEFAULT_GKE_NODE_POOLS, gkeClusterProblems } from "../../components/cluster/gke-cluster";
import { databricksEngineProblems } from "../../components/engine/databricks-engine";
import { synapseWarehouseProblems } from "../../components/warehouse/synapse-warehouse";
import { vpcNetworkProblems } from "../../components/cluster/network";
import { sparkEngineProblems } from "../../components/engine/spark-engine";
import { sparkOperatorProblems } from "../../components/engine/spark-operator";
import { clusterLayoutProblems } from "../../components/k8s/cluster-layout";
import { mapRoles } from "../../components/k8s/namespace-roles";
import { validateZoneSettings } from "../../components/lake/zone-settings";
import { bigQueryWarehouseProblems } from "../../components/warehouse/bigquery-warehouse";
import { yugabyteProblems } from "../../components/warehouse/yugabyte-db";
import { zoneSpreadProblems } from "../../components/database/postgres-cluster";
import { metadataDatabaseInstances } from "../settings/metadata-database";
import { platformLabels } from "../labels";
import { keyPath, type KeyPath } from "./keys";
import { GCP_STORAGE_CLASSES, type ParsedConfig } from "./schema";

/**
 * The components validate their own arguments when they are constructed, naming an argument
 * (`GkeCluster: zones[0] …`). Their pure validators run here first, on the arguments the variant
 * derives from the config, and each problem is renamed to the config key that fed the argument.
 */

/** Where an argument comes from: a config key path, or a function of the argument path's rest. */
type Route = readonly [argument: readonly string[], source: KeyPath | ((rest: readonly string[]) => KeyPath)];

/** `nodePools.system.minNodes` / `zones[0]` → `["nodePools", "system", "minNodes"]` / `["zones", "0"]`. */
function segments(argumentPath: string): string[] {
  return argumentPath.split(/\.|\[|\]/).filter((part) => part !== "");
}

/** One problem line of a component, named by the config key its argument came from. */
function mapProblem(component: string, line: string, routes: readonly Route[]): string {
  const match = /^([A-Za-z0-9_.[\]-]+): (.*)$/s.exec(line);
  const path = match ? segments(match[1]) : [];
  const route = routes
    .filter(([argument]) => argument.every((part, i) => path[i] === part))
    .sort((a, b) => b[0].length - a[0].length)[0];
  if (!match || !route) return `${component} would refuse the derived arguments: ${line}`;
  const rest = path.slice(route[0].length);
  const source = typeof route[1] === "function" ? route[1](rest) : [...route[1], ...rest];
  return `${keyPath(source.map((part) => (/^[0-9]+$/.test(String(part)) ? Number(part) : part)))}: ${match[2]}`;
}

function mapped(component: string, problems: readonly string[], routes: readonly Route[]): string[] {
  return problems.map((line) => mapProblem(component, line, routes));
}

function gcpProblems(config: ParsedConfig): string[] {
  const settings = config.gcp;
  const name = `${config.namePrefix}-${config.environment}`;
  const placeholder = {
    networkId: "network",
    subnetworkId: "subnetwork",
    podsRangeName: "pods",
    servicesRangeName: "services",
  };
  return [
    ...mapped(
      "GkeCluster",
      gkeClusterProblems({
        project: "project",
        region: config.region,
        clusterName: name,
        regional: settings.gke.locationType === "regional",
        zones: config.cluster.zones,
        network: placeholder,
        releaseChannel: settings.gke.releaseChannel,
        masterAuthorizedNetworks: settings.gke.masterAuthorizedNetworks,
        masterCidr: settings.gke.masterCidr,
        privateEndpoint: settings.gke.privateEndpoint,
        production: config.environment === "prod",
        nodePools: config.cluster.nodePools ?? DEFAULT_GKE_NODE_POOLS,
        labels: platformLabels(config),
      }),
      [
        [["clusterName"], ["namePrefix"]],
        [["zones"], ["cluster", "zones"]],
        [["masterCidr"], ["gcp", "gke", "masterCidr"]],
        [["masterAuthorizedNetworks"], ["gcp", "gke", "masterAuthorizedNetworks"]],
        [["nodePools"], ["cluster", "nodePools"]],
      ],
    ),
    ...mapped(
      "VpcNetwork",
      vpcNetworkProblems({ project: "project", region: config.region, networkName: name, ...settings.network }),
      [
        [["networkName"], ["namePrefix"]],
        [["nodesCidr"], ["gcp", "network", "nodesCidr"]],
        [["podsCidr"], ["gcp", "network", "podsCidr"]],
        [["servicesCidr"], ["gcp", "network", "servicesCidr"]],
      ],
    ),
    ...mapped(
      "BigQueryWarehouse",
      bigQueryWarehouseProblems({
        project: "project",
        location: config.region,
        layers: Object.fromEntries(
          (["bronze", "silver", "gold", "serving"] as const).map((layer) => [
            layer,
            {
              partitionExpirationDays: settings.bigquery.partitionExpirationDays[layer],
              requirePartitionFilter: settings.bigquery.requirePartitionFilter[layer],
              expectedSizeGb: settings.bigquery.expectedSizeGb[layer],
            },
          ]),
        ),
        labels: {},
      }),
      [
        // layers.<layer>.<setting> is gcp.bigquery.<setting>.<layer> in the stack file
        [["layers"], (rest) => ["gcp", "bigquery", ...rest.slice(1, 2), ...rest.slice(0, 1), ...rest.slice(2)]],
        [["location"], ["region"]],
      ],
    ),
    ...mapped("GcsLake", validateZoneSettings(config.lake.zones, GCP_STORAGE_CLASSES), [
      [["zones"], ["lake", "zones"]],
    ]),
  ];
}

function ossProblems(config: ParsedConfig): string[] {
  const oss = config.oss;
  const names = mapRoles((role) => oss.namespaces[role].name ?? role);
  const zones = config.cluster.zones ?? [];
  return [
    ...mapped(
      "ClusterLayout",
      clusterLayoutProblems({
        namespaces: oss.namespaces,
        apiServerCidrs: oss.network.apiServerCidrs,
        apiServerPorts: oss.network.apiServerPorts,
      }),
      [
        [["namespaces"], ["oss", "namespaces"]],
        [["apiServerCidrs"], ["oss", "network", "apiServerCidrs"]],
      ],
    ),
    ...mapped("YugabyteDB", yugabyteProblems({ ...oss.yugabyte, namespace: names.serving, zones }), [
      [["zones"], ["cluster", "zones"]],
      [["namespace"], ["oss", "namespaces", "serving", "name"]],
      ...(["replicationFactor", "tservers", "master", "tserver", "masterVolumeSize", "tserverVolumeSize"] as const).map(
        (key): Route => [[key], ["oss", "yugabyte", key]],
      ),
    ]),
    ...mapped(
      "SparkEngine",
      sparkEngineProblems({
        namespace: names.processing,
        driver: { ...oss.spark.driver, pool: "system" },
        executor: oss.spark.executor,
        dynamicAllocation: oss.spark.dynamicAllocation,
        lake: { kind: "minio" },
        hiveMetastoreUri: oss.spark.hiveMetastoreUri,
        timeToLiveSeconds: oss.spark.timeToLiveSeconds,
      }),
      [
        [["executor"], ["oss", "spark", "executor"]],
        [["dynamicAllocation"], ["oss", "spark", "dynamicAllocation"]],
        [["hiveMetastoreUri"], ["oss", "spark", "hiveMetastoreUri"]],
      ],
    ),
    ...mapped(
      "SparkOperator",
      sparkOperatorProblems({
        namespace: names.processing,
        jobNamespaces: [names.processing],
        controllerReplicas: oss.spark.operatorReplicas,
        webhookReplicas: oss.spark.operatorReplicas,
      }),
      [
        [["jobNamespaces"], ["oss", "namespaces", "processing", "name"]],
        [["controllerReplicas"], ["oss", "spark", "operatorReplicas"]],
        [["webhookReplicas"], ["oss", "spark", "operatorReplicas"]],
      ],
    ),
    ...mapped("MinioLake", validateZoneSettings(config.lake.zones, []), [[["zones"], ["lake", "zones"]]]),
    ...metadataDatabaseProblems(config),
  ];
}

/** Airflow's CloudNativePG cluster (oss and azure) puts one instance per zone. */
function metadataDatabaseProblems(config: ParsedConfig): string[] {
  const instances = metadataDatabaseInstances(config.environment);
  return mapped("PostgresCluster", zoneSpreadProblems(instances, config.cluster.zones ?? []), [
    [["zones"], ["cluster", "zones"]],
  ]);
}

function azureProblems(config: ParsedConfig): string[] {
  const { azure, environment, namePrefix } = config;
  const name = `${namePrefix}-${environment}`;
  const { network } = azure;
  return [
    ...mapped(
      "AksCluster",
      aksClusterProblems({
        location: config.region,
        clusterName: name,
        nodesSubnetId: "subnet",
        zones: config.cluster.zones,
        nodePools: config.cluster.nodePools ?? DEFAULT_AKS_NODE_POOLS,
        kubernetesVersion: azure.aks.kubernetesVersion,
        apiServer:
          azure.aks.authorizedIpRanges.length > 0
            ? { kind: "authorizedRanges", cidrs: azure.aks.authorizedIpRanges }
            : { kind: "private" },
        podCidr: network.podCidr,
        serviceCidr: network.serviceCidr,
        tags: {},
      }),
      [
        [["clusterName"], ["namePrefix"]],
        [["zones"], ["cluster", "zones"]],
        [["nodePools"], ["cluster", "nodePools"]],
        [["kubernetesVersion"], ["azure", "aks", "kubernetesVersion"]],
        [["apiServer", "cidrs"], ["azure", "aks", "authorizedIpRanges"]],
        [["podCidr"], ["azure", "network", "podCidr"]],
        [["serviceCidr"], ["azure", "network", "serviceCidr"]],
      ],
    ),
    ...mapped(
      "AzureNetwork",
      azureNetworkProblems({ location: config.region, networkName: name, ...network, tags: {} }),
      [
        [["networkName"], ["namePrefix"]],
        [["addressSpace"], ["azure", "network", "addressSpace"]],
        [["nodesCidr"], ["azure", "network", "nodesCidr"]],
        [["endpointsCidr"], ["azure", "network", "endpointsCidr"]],
      ],
    ),
    ...mapped(
      "DatabricksEngine",
      databricksEngineProblems({
        ...{ location: config.region, workspaceName: `dbw-${name}`, managedResourceGroupName: `rg-${name}-databricks-managed` },
        ...{ hostCidr: network.databricksHostCidr, containerCidr: network.databricksContainerCidr, addressSpace: network.addressSpace },
        ...{ catalogName: `batch_platform_${environment}`, ...azure.databricks, tags: {} },
      }),
      [
        [["workspaceName"], ["namePrefix"]],
        [["hostCidr"], ["azure", "network", "databricksHostCidr"]],
        [["containerCidr"], ["azure", "network", "databricksContainerCidr"]],
        [["nodeTypes"], ["azure", "databricks", "nodeTypes"]],
        [["maxWorkers"], ["azure", "databricks", "maxWorkers"]],
      ],
    ),
    ...mapped(
      "SynapseWarehouse",
      synapseWarehouseProblems({
        ...{ location: config.region, workspaceName: `syn-${name}`, managedResourceGroupName: `rg-${name}-synapse-managed` },
        ...{ adminGroup: azure.entra.synapseAdminGroup, hasNetwork: true, privateOnly: azure.privateEndpoints, tags: {} },
      }),
      [
        [["workspaceName"], ["namePrefix"]],
        [["adminGroup"], ["azure", "entra", "synapseAdminGroup"]],
      ],
    ),
    ...mapped("AdlsLake", validateZoneSettings(config.lake.zones, ["Hot", "Cool", "Cold"]), [[["zones"], ["lake", "zones"]]]),
    ...metadataDatabaseProblems(config),
  ];
}

/** Problems the variant's components would raise, as `batch-platform:<key>` lines; [] when they would accept. */
export function componentProblems(config: ParsedConfig): string[] {
  const byVariant = { gcp: gcpProblems, oss: ossProblems, azure: azureProblems } as const;
  const problems = byVariant[config.variant](config);
  return [...new Set(problems)];
}
