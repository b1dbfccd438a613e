/**
 * Which resources hold data that a delete or replace destroys. Data, plus the two rules that need
 * to look at inputs (StatefulSets with volume claim templates, Helm charts of stateful systems).
 */
import type { PlanValue } from "../plan/document";
import { helmChart } from "./helm-chart";
import { isPlanRecord, valueAt } from "./value-diff";
import { forStrimziTypes } from "./strimzi-types";

/** Type token → what is lost. */
export const DATA_BEARING_TYPES: { readonly [type: string]: string } = {
  "gcp:storage/bucket:Bucket": "a Cloud Storage bucket and its objects",
  "gcp:bigquery/dataset:Dataset": "a BigQuery dataset and its tables",
  "gcp:bigquery/table:Table": "a BigQuery table and its rows",
  "gcp:sql/databaseInstance:DatabaseInstance": "a Cloud SQL instance and its databases",
  "gcp:sql/database:Database": "a Cloud SQL database",
  "azure-native:storage:StorageAccount": "a storage account and all its containers",
  "azure-native:storage:BlobContainer": "a blob container and its blobs",
  "azure-native:storage:FileShare": "a file share and its files",
  "azure-native:storage:Table": "a storage table and its entities",
  "azure-native:synapse:Workspace": "a Synapse workspace and its SQL pools",
  "azure-native:synapse:SqlPool": "a Synapse SQL pool and its tables",
  "azure-native:sql:Database": "an Azure SQL database",
  // The workspace's managed resource group holds DBFS root storage.
  "azure-native:databricks:Workspace": "a Databricks workspace and its DBFS root storage",
  "kubernetes:core/v1:PersistentVolumeClaim":
    "a persistent volume claim (its volume is deleted with it unless the reclaim policy retains it)",
  "kubernetes:core/v1:PersistentVolume": "a persistent volume",
  // Deleting a namespace deletes every PVC in it.
  "kubernetes:core/v1:Namespace": "a namespace and every persistent volume claim in it",
  ...forStrimziTypes("Kafka", "a Kafka cluster and its topics' data"),
  ...forStrimziTypes("KafkaNodePool", "Kafka broker volumes"),
  ...forStrimziTypes("KafkaTopic", "a Kafka topic and its messages"),
  "kubernetes:postgresql.cnpg.io/v1:Cluster": "a CloudNativePG cluster and its databases (its volumes)",
  "azure-native:keyvault:Vault": "a Key Vault and its keys and secrets",
  "databricks:index/catalog:Catalog": "a Unity Catalog catalog and its schemas and tables",
  "databricks:index/schema:Schema": "a Unity Catalog schema and its tables",
};

// Helm charts whose release runs a stateful system (matched on the chart's last path segment).
const STATEFUL_CHARTS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /minio/, what: "the MinIO data lake volumes" },
  { pattern: /yugabyte/, what: "the YugabyteDB volumes" },
  { pattern: /postgres|mysql|mariadb|redis|kafka|cassandra|mongodb/, what: "a database's volumes" },
];

/** The airflow chart holds data in its bundled PostgreSQL and in any persistence it enables. */
function airflowVolumes(values: { readonly [key: string]: PlanValue }): string | undefined {
  const held: string[] = [];
  if (valueAt(values, "postgresql.enabled") !== false) held.push("metadata database (bundled PostgreSQL)");
  for (const part of ["workers", "triggerer", "redis", "logs", "dags"]) {
    if (valueAt(values, `${part}.persistence.enabled`) === true) held.push(`${part} volumes`);
  }
  return held.length > 0 ? `Airflow's ${held.join(", ")}` : undefined;
}

/** Why a resource of `type` with these inputs holds data, or undefined when it does not. */
export function dataBearingReason(type: string, inputs: { readonly [key: string]: PlanValue }): string | undefined {
  const known = DATA_BEARING_TYPES[type];
  if (known) return known;
  if (type === "kubernetes:apps/v1:StatefulSet") {
    const spec = inputs.spec;
    const templates = isPlanRecord(spec) ? spec.volumeClaimTemplates : undefined;
    return Array.isArray(templates) && templates.length > 0
      ? "a StatefulSet with volumeClaimTemplates (its PVCs)"
      : undefined;
  }
  const chart = helmChart({ type, inputs });
  // Operators manage stateful systems but hold no data themselves.
  if (!chart || chart.name.endsWith("-operator")) return undefined;
  if (chart.name === "airflow") return airflowVolumes(chart.values);
  return STATEFUL_CHARTS.find((c) => c.pattern.test(chart.name))?.what;
}
