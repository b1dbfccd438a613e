import { z } from "zod";
import {
  booleanValue,
  cidrBlock,
  displayName,
  imageTag,
  integerValue,
  machineTypeName,
  textValue,
} from "../config/values";

const cidr = cidrBlock();
/** An Entra ID object id (a group's), a GUID. */
const objectId = textValue(
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    error: "an Entra ID object id (a lowercase GUID)",
  }),
);

const aksSchema = z.strictObject({
  /** `Standard` has the uptime SLA; use it in staging and prod. */
  tier: z.enum(["Free", "Standard"]).default("Free"),
  /** Kubernetes minor version, e.g. `1.33`; the region's default when omitted. */
  kubernetesVersion: textValue(z.string().regex(/^1\.\d{2}$/, { error: "1.<minor>, e.g. 1.33" })).optional(),
  /** Auto-upgrade channel of the control plane and nodes' Kubernetes version. */
  upgradeChannel: z.enum(["patch", "stable", "rapid"]).default("stable"),
  /** Auto-upgrade channel of the node OS image. */
  nodeOsUpgradeChannel: z.enum(["NodeImage", "SecurityPatch"]).default("NodeImage"),
  /** Ranges allowed to reach a public API server; empty makes the cluster private. */
  authorizedIpRanges: z.array(cidr).max(200).default([]),
  /** How kubelogin logs in for `pulumi up`: the Azure CLI session, or the CI runner's identity. */
  kubeloginMode: z.enum(["azurecli", "workloadidentity", "msi", "spn"]).default("azurecli"),
});

const networkSchema = z.strictObject({
  addressSpace: cidr.default("10.20.0.0/16"),
  /** AKS nodes (pods use the overlay `podCidr`). */
  nodesCidr: cidr.default("10.20.0.0/22"),
  /** Private endpoints (lake, Synapse). */
  endpointsCidr: cidr.default("10.20.8.0/24"),
  /** Databricks' delegated host (public) and container (private) subnets. */
  databricksHostCidr: cidr.default("10.20.16.0/22"),
  databricksContainerCidr: cidr.default("10.20.20.0/22"),
  /** CNI overlay ranges, outside the VNet. */
  podCidr: cidr.default("10.244.0.0/16"),
  serviceCidr: cidr.default("10.96.0.0/16"),
});

const entraSchema = z.strictObject({
  /** Groups that administer AKS (Azure RBAC cluster admin). */
  aksAdminGroupObjectIds: z.array(objectId).max(10).default([]),
  /** The group that is Synapse's Entra ID admin (Entra-only authentication). */
  synapseAdminGroup: z
    .strictObject({ objectId, name: displayName })
    .default({ objectId: "00000000-0000-0000-0000-000000000000", name: "synapse-admins" }),
});

const databricksSchema = z.strictObject({
  /** VM sizes job clusters may use (the cluster policy's allow-list); the first is the default. */
  nodeTypes: z.array(machineTypeName).min(1).max(10).default(["Standard_D4ds_v5", "Standard_D8ds_v5"]),
  /** Upper bound of a job cluster's autoscaling. */
  maxWorkers: integerValue(1, 100).default(4),
  /** Databricks Runtime of the jobs (an LTS). */
  sparkVersion: textValue(z.string().regex(/^\d+\.\d+\.x-scala2\.1[23]$/, { error: "e.g. 15.4.x-scala2.12" })).default(
    "15.4.x-scala2.12",
  ),
});

const synapseSchema = z.strictObject({
  /** Dedicated SQL pool size (DW100c in dev); the pool is paused by default outside load windows. */
  sqlPoolSku: z
    .enum(["DW100c", "DW200c", "DW300c", "DW400c", "DW500c", "DW1000c", "DW1500c", "DW2000c"])
    .default("DW100c"),
});

const airflowImageSchema = z.strictObject({
  /** Repository of an image FROM apache/airflow:3.3.2 with apache-airflow-providers-databricks (docs/azure.md). */
  repository: textValue(
    z.string().regex(/^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?$/, { error: "registry/name, e.g. acme.azurecr.io/airflow" }),
  ),
  tag: imageTag,
});

/**
 * `batch-platform:azure` — settings only the Azure hybrid variant reads (AKS, network, Entra ID
 * groups, Databricks, Synapse). Every field has a default so a stack sets only what differs.
 */
export const azureSettingsSchema = z.strictObject({
  /** The medallion engine: Databricks. `spark` (Spark on AKS) is refused: see docs/azure.md. */
  engine: z.enum(["databricks", "spark"]).default("databricks"),
  aks: aksSchema.default(() => aksSchema.parse({})),
  network: networkSchema.default(() => networkSchema.parse({})),
  /** Private endpoints for the lake and Synapse, and no public network access to them. */
  privateEndpoints: booleanValue.default(true),
  entra: entraSchema.default(() => entraSchema.parse({})),
  databricks: databricksSchema.default(() => databricksSchema.parse({})),
  synapse: synapseSchema.default(() => synapseSchema.parse({})),
  /** Airflow's image: the official one lacks the Databricks provider the DAGs import (docs/azure.md). */
  airflowImage: airflowImageSchema.default({ repository: "apache/airflow", tag: "3.3.2" }),
});

export type AzureSettings = z.infer<typeof azureSettingsSchema>;

/** Why Spark on AKS is not offered on Azure (config validation and docs say the same). */
export const SPARK_ON_AKS_REFUSAL =
  "databricks (Spark on AKS would reach ADLS through ABFS with workload identity, Hadoop's " +
  "WorkloadIdentityTokenProvider, which no component sets up yet; shared keys are off)";
