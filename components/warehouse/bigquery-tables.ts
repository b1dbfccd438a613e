import * as pulumi from "@pulumi/pulumi";
import { Table } from "@pulumi/gcp/bigquery/table";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import type { BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import { BIGQUERY_LAYERS, type BigQueryLayer } from "./bigquery-layers";
import { pipelineTableSpecs } from "./bigquery-table-specs";
import type { BigQueryWarehouse } from "./bigquery-warehouse";

export interface BigQueryPipelineTablesArgs {
  /** The datasets (and their per-layer settings, labels and protection) the tables go into. */
  readonly warehouse: BigQueryWarehouse;
  /** The validated pipeline declaration the schemas derive from. */
  readonly pipeline: BatchPipelineSpec;
  /** Layers that get a table here (silver is always the job's). @default ["bronze", "gold", "serving"] */
  readonly include?: readonly BigQueryLayer[];
}

/**
 * A pipeline's BigQuery tables, declared before the first run so partitioning, expiration,
 * clustering, labels and deletion protection are the platform's and not whatever a job would
 * create: bronze (raw, partitioned by ingestion time), gold and the serving sink (gold's columns,
 * partitioned by the pipeline's business date).
 */
export class BigQueryPipelineTables extends pulumi.ComponentResource {
  /** Table resources by layer. */
  readonly tables: { readonly [layer in BigQueryLayer]?: Table };
  /** `project.dataset.table` per layer that has a table here. */
  readonly tableRefs: { readonly [layer in BigQueryLayer]?: string };

  constructor(name: string, args: BigQueryPipelineTablesArgs, opts?: pulumi.ComponentResourceOptions) {
    const include = args.include ?? ["bronze", "gold", "serving"];
    assertNoProblems(
      "BigQueryPipelineTables",
      include.flatMap((layer, i) =>
        !(BIGQUERY_LAYERS as readonly string[]).includes(layer) || layer === "silver"
          ? [`include[${i}]: got ${JSON.stringify(layer)}; expected bronze, gold or serving (the job creates silver)`]
          : [],
      ),
    );
    super("batch-platform:warehouse:BigQueryPipelineTables", name, {}, opts);
    const warehouse = args.warehouse;
    const tables: Partial<Record<BigQueryLayer, Table>> = {};
    const refs: Partial<Record<BigQueryLayer, string>> = {};
    for (const spec of pipelineTableSpecs(args.pipeline, warehouse.layers, include)) {
      tables[spec.layer] = new Table(
        `${name}-${spec.layer}`,
        {
          project: warehouse.project,
          datasetId: warehouse.datasets[spec.layer].datasetId,
          tableId: spec.tableId,
          description: spec.description,
          schema: JSON.stringify(spec.schema),
          timePartitioning: spec.timePartitioning,
          requirePartitionFilter: spec.requirePartitionFilter,
          ...(spec.clusterings.length > 0 ? { clusterings: [...spec.clusterings] } : {}),
          labels: { ...warehouse.labels, ...spec.labels },
          deletionProtection: warehouse.protect,
        },
        { parent: this, ...dataProtection(warehouse.protect) },
      );
      refs[spec.layer] = `${warehouse.project}.${warehouse.datasetIds[spec.layer]}.${spec.tableId}`;
    }
    this.tables = tables;
    this.tableRefs = refs;
    this.registerOutputs({ tableRefs: this.tableRefs });
  }
}
