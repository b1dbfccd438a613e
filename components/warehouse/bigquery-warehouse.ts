import * as pulumi from "@pulumi/pulumi";
import { Dataset } from "@pulumi/gcp/bigquery/dataset";
import { DatasetIamMember } from "@pulumi/gcp/bigquery/datasetIamMember";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { BIGQUERY_LAYERS, daysToMs, layerSettingsProblems, type BigQueryLayer, type BigQueryLayerSettingsMap } from "./bigquery-layers";

export interface BigQueryWarehouseArgs {
  readonly project: string;
  /** BigQuery location of every dataset: the stack's region (e.g. `europe-west4`). */
  readonly location: string;
  /** Dataset id per layer. @default the layer's name (`bronze`, `silver`, `gold`, `serving`) */
  readonly datasetIds?: { readonly [layer in BigQueryLayer]?: string };
  /** Partition expiration, partition filter and expected size per layer. @default {} */
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
 */
export class BigQueryWarehouse extends pulumi.ComponentResource {
  readonly project: string;
  readonly location: string;
  /** Plain dataset ids, for generated SQL and DAG files. */
  readonly datasetIds: { readonly [layer in BigQueryLayer]: string };
  readonly datasets: { readonly [layer in BigQueryLayer]: Dataset };
  readonly layers: BigQueryLayerSettingsMap;
  readonly labels: Readonly<Record<string, string>>;
  readonly protect: boolean;

  constructor(name: string, args: BigQueryWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("BigQueryWarehouse", bigQueryWarehouseProblems(args));
    super("batch-platform:warehouse:BigQueryWarehouse", name, {}, opts);
    this.project = args.project;
    this.location = args.location;
    this.layers = args.layers ?? {};
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

  /** Lets a Google service account read (dataViewer) or write (dataEditor) one dataset, and no other. */
  grant(name: string, serviceAccountEmail: pulumi.Input<string>, layer: BigQueryLayer, access: DatasetAccess): DatasetIamMember {
    return new DatasetIamMember(
      name,
      { project: this.project, datasetId: this.datasets[layer].datasetId, role: ROLE_BY_ACCESS[access], member: pulumi.interpolate`serviceAccount:${serviceAccountEmail}` },
      { parent: this },
    );
  }
}
