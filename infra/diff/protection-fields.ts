/**
 * Fields that protect data or access, per resource type (or `helm:<chart>` for a chart's values),
 * and which way is safer. Lowering one is a `protection-downgrade`. Maintained by hand, tested per
 * row; when a field is absent the provider's default applies (`absent`), and where the default is
 * not certain the less safe value is assumed, so removing an explicit setting is reported too.
 */
import type { PlanValue } from "../plan/document";
import { forStrimziTypes } from "./strimzi-types";

export type Safety =
  /** `safe` is the protected setting. */
  | { readonly kind: "flag"; readonly safe: boolean }
  /** Values from safest to least safe; a value not listed counts as least safe. */
  | { readonly kind: "order"; readonly safestFirst: readonly string[] }
  /** A number where more is safer (retention days, seconds). */
  | { readonly kind: "at-least" };

export interface ProtectionField {
  /** Field path (see field-paths.ts); `[]` steps into every list item. */
  readonly path: string;
  /** What it protects, for the message. */
  readonly what: string;
  readonly safety: Safety;
  /** The value the target assumes when the field is absent. */
  readonly absent: PlanValue;
}

const TRUE: Safety = { kind: "flag", safe: true };
const FALSE: Safety = { kind: "flag", safe: false };
const MORE: Safety = { kind: "at-least" };
const TLS: Safety = { kind: "order", safestFirst: ["TLS1_3", "TLS1_2", "TLS1_1", "TLS1_0"] };
const NETWORK: Safety = { kind: "order", safestFirst: ["Disabled", "SecuredByPerimeter", "Enabled"] };

export const PROTECTION_FIELDS: { readonly [subject: string]: readonly ProtectionField[] } = {
  // --- GCP -------------------------------------------------------------------------------------
  "gcp:container/cluster:Cluster": [
    { path: "deletionProtection", what: "cluster deletion protection", safety: TRUE, absent: true },
  ],
  "gcp:bigquery/table:Table": [
    { path: "deletionProtection", what: "table deletion protection", safety: TRUE, absent: true },
  ],
  "gcp:bigquery/dataset:Dataset": [
    {
      path: "deleteContentsOnDestroy",
      what: "keeping tables when the dataset is destroyed",
      safety: FALSE,
      absent: false,
    },
    {
      path: "deletionPolicy",
      what: "the dataset's deletion policy",
      safety: { kind: "order", safestFirst: ["PREVENT", "ABANDON", "DELETE"] },
      absent: "DELETE",
    },
  ],
  "gcp:sql/databaseInstance:DatabaseInstance": [
    { path: "deletionProtection", what: "Pulumi-side deletion protection", safety: TRUE, absent: true },
    { path: "settings.deletionProtectionEnabled", what: "Cloud SQL deletion protection", safety: TRUE, absent: false },
    { path: "settings.backupConfiguration.enabled", what: "automated backups", safety: TRUE, absent: false },
    {
      path: "settings.backupConfiguration.pointInTimeRecoveryEnabled",
      what: "point-in-time recovery",
      safety: TRUE,
      absent: false,
    },
  ],
  "gcp:storage/bucket:Bucket": [
    { path: "forceDestroy", what: "keeping objects when the bucket is destroyed", safety: FALSE, absent: false },
    { path: "versioning.enabled", what: "object versioning", safety: TRUE, absent: false },
    {
      path: "publicAccessPrevention",
      what: "public-access prevention",
      safety: { kind: "order", safestFirst: ["enforced", "inherited"] },
      absent: "inherited",
    },
    { path: "softDeletePolicy.retentionDurationSeconds", what: "soft-delete retention", safety: MORE, absent: 604800 },
    { path: "retentionPolicy.retentionPeriod", what: "the retention policy", safety: MORE, absent: 0 },
  ],
  // --- Azure -----------------------------------------------------------------------------------
  "azure-native:storage:StorageAccount": [
    { path: "minimumTlsVersion", what: "the TLS minimum", safety: TLS, absent: "TLS1_0" },
    { path: "enableHttpsTrafficOnly", what: "HTTPS-only traffic", safety: TRUE, absent: true },
    { path: "allowBlobPublicAccess", what: "blocking public blob access", safety: FALSE, absent: true },
    { path: "publicNetworkAccess", what: "public network access", safety: NETWORK, absent: "Enabled" },
  ],
  "azure-native:storage:BlobServiceProperties": [
    { path: "deleteRetentionPolicy.enabled", what: "blob soft delete", safety: TRUE, absent: false },
    { path: "deleteRetentionPolicy.days", what: "blob soft-delete retention", safety: MORE, absent: 0 },
    { path: "containerDeleteRetentionPolicy.enabled", what: "container soft delete", safety: TRUE, absent: false },
    { path: "containerDeleteRetentionPolicy.days", what: "container soft-delete retention", safety: MORE, absent: 0 },
    { path: "isVersioningEnabled", what: "blob versioning", safety: TRUE, absent: false },
  ],
  "azure-native:storage:BlobContainer": [
    {
      path: "publicAccess",
      what: "the container's public access",
      safety: { kind: "order", safestFirst: ["None", "Blob", "Container"] },
      absent: "None",
    },
  ],
  "azure-native:keyvault:Vault": [
    { path: "properties.enableSoftDelete", what: "Key Vault soft delete", safety: TRUE, absent: true },
    { path: "properties.enablePurgeProtection", what: "Key Vault purge protection", safety: TRUE, absent: false },
    { path: "properties.softDeleteRetentionInDays", what: "Key Vault soft-delete retention", safety: MORE, absent: 90 },
    { path: "properties.publicNetworkAccess", what: "public network access", safety: NETWORK, absent: "Enabled" },
  ],
  "azure-native:synapse:Workspace": [
    { path: "publicNetworkAccess", what: "public network access", safety: NETWORK, absent: "Enabled" },
    {
      path: "managedVirtualNetworkSettings.preventDataExfiltration",
      what: "data exfiltration protection",
      safety: TRUE,
      absent: false,
    },
  ],
  "azure-native:databricks:Workspace": [
    { path: "publicNetworkAccess", what: "public network access", safety: NETWORK, absent: "Enabled" },
    { path: "parameters.enableNoPublicIp.value", what: "no public IPs on cluster nodes", safety: TRUE, absent: true },
  ],
  "databricks:index/catalog:Catalog": [
    { path: "forceDestroy", what: "keeping schemas when the catalog is destroyed", safety: FALSE, absent: false },
  ],
  "databricks:index/schema:Schema": [
    { path: "forceDestroy", what: "keeping tables when the schema is destroyed", safety: FALSE, absent: false },
  ],
  // --- Kubernetes ------------------------------------------------------------------------------
  "kubernetes:core/v1:PersistentVolume": [
    {
      path: "spec.persistentVolumeReclaimPolicy",
      what: "the volume's reclaim policy",
      safety: { kind: "order", safestFirst: ["Retain", "Recycle", "Delete"] },
      absent: "Delete",
    },
  ],
  "kubernetes:storage.k8s.io/v1:StorageClass": [
    {
      path: "reclaimPolicy",
      what: "the class's reclaim policy",
      safety: { kind: "order", safestFirst: ["Retain", "Delete"] },
      absent: "Delete",
    },
  ],
  "kubernetes:apps/v1:StatefulSet": [
    {
      path: "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
      what: "keeping claims when the StatefulSet is deleted",
      safety: { kind: "order", safestFirst: ["Retain", "Delete"] },
      absent: "Retain",
    },
    {
      path: "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
      what: "keeping claims when the StatefulSet scales down",
      safety: { kind: "order", safestFirst: ["Retain", "Delete"] },
      absent: "Retain",
    },
  ],
  ...forStrimziTypes("KafkaNodePool", [
    {
      path: "spec.storage.deleteClaim",
      what: "keeping broker volumes when the pool is deleted",
      safety: FALSE,
      absent: false,
    },
    {
      path: "spec.storage.volumes[].deleteClaim",
      what: "keeping broker volumes when the pool is deleted",
      safety: FALSE,
      absent: false,
    },
  ]),
  ...forStrimziTypes("Kafka", [
    {
      path: "spec.kafka.storage.deleteClaim",
      what: "keeping broker volumes when the cluster is deleted",
      safety: FALSE,
      absent: false,
    },
    {
      path: "spec.kafka.storage.volumes[].deleteClaim",
      what: "keeping broker volumes when the cluster is deleted",
      safety: FALSE,
      absent: false,
    },
  ]),
  // --- Helm chart values -----------------------------------------------------------------------
  "helm:minio": [
    { path: "buckets[].versioning", what: "bucket versioning", safety: TRUE, absent: false },
    { path: "tls.enabled", what: "TLS", safety: TRUE, absent: false },
  ],
  "helm:yugabyte": [{ path: "tls.enabled", what: "TLS", safety: TRUE, absent: false }],
};
