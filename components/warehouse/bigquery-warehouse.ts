import * as pulumi from "@pulumi/pulumi";
import { Dataset } from "@pulumi/gcp/bigquery/dataset";
import { DatasetIamMember } from "@pulumi/gcp/bigquery/datasetIamMember";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { describeIdentity, type WorkloadIdentity } from "../identity/workload-identity";
import { GrantLedger, grantName } from "../lake/lake-grants";
import { googleCloudConnection, GOOGLE_CONN_ID } from "../orchestrator/airflow-connections";
import { pipelineIdentifier } from "../pipeline/batch-pipeline-spec";
import { bigQueryLoadTask } from "./bigquery-load";
import { BigQueryPipelineTables } from "./bigquery-tables";
import type { PipelineSink, PipelineSinkArgs, Warehouse } from "./warehouse";
import { BIGQUERY_LAYERS, daysToMs, layerSettingsProblems, type BigQueryLayer, type BigQueryLayerSettingsMap } from "./bigquery-layers";

export interface BigQueryWarehouseArgs {
  readonly project: string;
  /** BigQuery location of every dataset: the stack's region (e.g. `europe-west4`). */
  readonly location: string;
  /** Dataset id per layer. @default the layer's name (`bronze`, `silver`, `gold`, `serving`) */
  readonly datasetIds?: { readonly [layer in BigQueryLayer]?: string };
  /** Partition expiration, partition filter and expected size per layer. @default bronze requires a partition filter */
  readonly layers?: BigQueryLayerSettingsMap;
  /** Labels on every dataset and table; `component` and `layer` are added. */
  readonly labels: Readonly<Record<string, string>>;
  /** Refuse deletion (deletion policy PREVENT, `protect`, `retainOnDelete`) of datasets and tables. @default false */
  readonly protect?: boolean;
}

/** Access an identity can get on one dataset. */
export type DatasetAccess = "read" | "write";

const ROLE_BY_ACCESS: Readonly<Record<DatasetAccess, string>> = {
  read: "roles/bigquery.dataViewer",
  write: "roles/bigquery.dataEditor",
};

/** The project-level role that lets an identity run query and load jobs (jobs exist only per project). */
export const BIGQUERY_JOB_USER_ROLE = "roles/bigquery.jobUser";

/** Production-safe layer defaults: scans of raw bronze must name their partitions. */
export const DEFAULT_BIGQUERY_LAYERS: BigQueryLayerSettingsMap = { bronze: { requirePartitionFilter: true } };

const DATASET_ID = /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/;

/** Pure validation of {@link BigQueryWarehouseArgs}. */
export function bigQueryWarehouseProblems(args: BigQueryWarehouseArgs): string[] {
  const problems = layerSettingsProblems(args.layers ?? {});
  for (const [layer, id] of Object.entries(args.datasetIds ?? {})) {
    if (id !== undefined && !DATASET_ID.test(id)) problems.push(`datasetIds.${layer}: got ${JSON.stringify(id)}; expected letters, digits and _`);
  }
  if (!/^[a-z]+-[a-z]+[0-9]$|^(EU|US)$/.test(args.location)) problems.push(`location: got ${JSON.stringify(args.location)}; expected a region such as europe-west4 (or EU/US)`);
  return problems;
}

/**
 * BigQuery as the serving side of the medallion: one dataset per layer in the stack's location,
 * labelled, with per-layer default partition expiration, deletion-protected in prod. Access is
 * granted per dataset ({@link grant}); nothing here grants a project-wide BigQuery role.
 * A pipeline's tables and its MERGE into serving come from {@link pipelineSink}.
 */
export class BigQueryWarehouse extends pulumi.ComponentResource implements Warehouse {
  readonly kind = "bigquery" as const;
  readonly title = "BigQuery";
  readonly project: string;
  readonly location: string;
  /** Plain dataset ids, for generated SQL and DAG files. */
  readonly datasetIds: { readonly [layer in BigQueryLayer]: string };
  readonly datasets: { readonly [layer in BigQueryLayer]: Dataset };
  readonly layers: BigQueryLayerSettingsMap;
  readonly labels: Readonly<Record<string, string>>;
  readonly protect: boolean;
  private readonly ledger = new GrantLedger();

  constructor(name: string, args: BigQueryWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("BigQueryWarehouse", bigQueryWarehouseProblems(args));
    super("batch-platform:warehouse:BigQueryWarehouse", name, {}, opts);
    this.project = args.project;
    this.location = args.location;
    this.layers = args.layers ?? DEFAULT_BIGQUERY_LAYERS;
    this.labels = { ...args.labels, component: "warehouse" };
    this.protect = args.protect ?? false;

    const ids = {} as Record<BigQueryLayer, string>;
    const datasets = {} as Record<BigQueryLayer, Dataset>;
    for (const layer of BIGQUERY_LAYERS) {
      ids[layer] = args.datasetIds?.[layer] ?? layer;
      const days = this.layers[layer]?.partitionExpirationDays;
      datasets[layer] = new Dataset(
        `${name}-${layer}`,
        {
          datasetId: ids[layer],
          project: args.project,
          location: args.location,
          description: `batch-platform ${layer} layer`,
          // Tables the job creates (silver) inherit the layer's partition expiration from here.
          ...(days !== undefined ? { defaultPartitionExpirationMs: daysToMs(days) } : {}),
          deleteContentsOnDestroy: false,
          deletionPolicy: this.protect ? "PREVENT" : "DELETE",
          labels: { ...this.labels, layer },
        },
        { parent: this, ...dataProtection(this.protect) },
      );
    }
    this.datasetIds = ids;
    this.datasets = datasets;
    this.registerOutputs({ datasetIds: this.datasetIds });
  }

  /** Lets the identity's Google service account read (dataViewer) or write (dataEditor) one dataset, and no other. */
  grant(identity: WorkloadIdentity, layer: BigQueryLayer, access: DatasetAccess): void {
    const email = identity.google?.email;
    if (email === undefined) throw new Error(`BigQueryWarehouse: ${describeIdentity(identity)} has no Google service account; bind it with workload identity first`);
    if (!this.ledger.claim(identity, layer, access)) return;
    new DatasetIamMember(
      grantName(identity, layer, access),
      { project: this.project, datasetId: this.datasets[layer].datasetId, role: ROLE_BY_ACCESS[access], member: pulumi.interpolate`serviceAccount:${email}` },
      { parent: this },
    );
  }

  /**
   * A pipeline's serving side: its tables (bronze too when the engine keeps the medallion here),
   * write access for the engine on the layers it writes, and the MERGE of gold into serving that
   * the orchestrator runs with read on gold and write on serving.
   */
  pipelineSink(name: string, args: PipelineSinkArgs, parent: pulumi.Resource): PipelineSink {
    const { spec, engine } = args;
    const inWarehouse = engine.medallionStore === "warehouse";
    const tables = new BigQueryPipelineTables(`${name}-tables`, { warehouse: this, pipeline: spec, include: inWarehouse ? ["bronze", "gold", "serving"] : ["gold", "serving"] }, { parent });
    for (const layer of inWarehouse ? (["bronze", "silver", "gold"] as const) : (["gold"] as const)) this.grant(engine.identity, layer, "write");
    const ids = this.datasetIds;
    return {
      gold: {
        kind: "bigquery",
        project: this.project,
        location: this.location,
        datasets: { bronze: ids.bronze, silver: ids.silver, gold: ids.gold },
        goldTable: `${this.project}.${ids.gold}.${pipelineIdentifier(spec)}`,
      },
      loadTasks: [bigQueryLoadTask(spec, { projectId: this.project, goldDataset: ids.gold, servingDataset: ids.serving }, this.location)],
      servingTable: `${this.project}.${ids.serving}.${spec.sink.table}`,
      servingAsset: `bigquery://${this.project}/${ids.serving}/${spec.sink.table}`,
      needs: [
        { kind: "connection", connId: GOOGLE_CONN_ID, connection: () => ({ value: googleCloudConnection(this.project) }) },
        { kind: "cloudRole", role: BIGQUERY_JOB_USER_ROLE },
        { kind: "access", key: `bigquery:${this.project}:${ids.gold}:read`, grant: (identity) => this.grant(identity, "gold", "read") },
        { kind: "access", key: `bigquery:${this.project}:${ids.serving}:write`, grant: (identity) => this.grant(identity, "serving", "write") },
      ],
      dependsOn: [tables],
    };
  }
}
