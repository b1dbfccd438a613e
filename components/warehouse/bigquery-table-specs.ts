import { pipelineIdentifier, type BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import { BIGQUERY_TYPES, goldColumns } from "../pipeline/gold-columns";
import { daysToMs, type BigQueryLayer, type BigQueryLayerSettingsMap } from "./bigquery-layers";

/** One column of a BigQuery table schema (the JSON form the Table resource takes). */
export interface BigQueryField {
  readonly name: string;
  readonly type: string;
  readonly mode: "NULLABLE" | "REQUIRED";
  readonly description?: string;
}

/** What the platform declares for one table of a pipeline. */
export interface BigQueryTableSpec {
  readonly layer: BigQueryLayer;
  readonly tableId: string;
  readonly description: string;
  readonly schema: readonly BigQueryField[];
  /** DAY partitioning on a column, or on ingestion time when `field` is absent. */
  readonly timePartitioning: { readonly type: "DAY"; readonly field?: string; readonly expirationMs?: number };
  readonly requirePartitionFilter: boolean;
  /** Up to four clustering columns (the sink keys that are not the partition column). */
  readonly clusterings: readonly string[];
  /** Extra labels: `layer`, `pipeline`, and `expected-size-gb` when configured. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Bronze as the Beam job writes it (BRONZE_SCHEMA in jobs/medallion_beam.py; a test keeps the two in
 * step): every landing record as JSON text plus the ingestion columns.
 */
export const BRONZE_FIELDS: readonly BigQueryField[] = [
  { name: "_record", type: "STRING", mode: "NULLABLE", description: "The landing record as JSON text." },
  { name: "_source_file", type: "STRING", mode: "NULLABLE", description: "gs:// URI of the file the record came from." },
  { name: "_ingested_at", type: "TIMESTAMP", mode: "NULLABLE", description: "When the run ingested the record (partition column)." },
  { name: "_run_id", type: "STRING", mode: "NULLABLE", description: "The Airflow run id." },
];

/** Column types BigQuery can cluster on. */
const CLUSTERABLE = new Set(["STRING", "INT64", "NUMERIC", "BOOL", "DATE", "TIMESTAMP"]);

/**
 * The tables the platform creates for a pipeline, derived from its declaration: bronze (fixed
 * schema, partitioned by ingestion time), gold and the serving sink (schema = gold's columns,
 * partitioned by `partitionBy` when declared, else by ingestion time; clustered by the sink keys).
 * Silver is left to the job: its columns include whatever the files carry, unknown until they land.
 */
export function pipelineTableSpecs(pipeline: BatchPipelineSpec, layers: BigQueryLayerSettingsMap, include: readonly BigQueryLayer[] = ["bronze", "gold", "serving"]): BigQueryTableSpec[] {
  const id = pipelineIdentifier(pipeline);
  const gold: BigQueryField[] = goldColumns(pipeline).map((c) => ({ name: c.name, type: BIGQUERY_TYPES[c.type], mode: "NULLABLE" }));
  const typeOf = new Map(gold.map((f) => [f.name, f.type]));
  const clusterings = (pipeline.sink.keys ?? []).filter((k) => k !== pipeline.partitionBy && CLUSTERABLE.has(typeOf.get(k) ?? "")).slice(0, 4);
  const spec = (layer: BigQueryLayer, tableId: string, description: string, schema: readonly BigQueryField[], field: string | undefined, clustered: readonly string[]): BigQueryTableSpec => {
    const settings = layers[layer] ?? {};
    const days = settings.partitionExpirationDays;
    return {
      layer,
      tableId,
      description,
      schema,
      timePartitioning: { type: "DAY", ...(field !== undefined ? { field } : {}), ...(days !== undefined ? { expirationMs: daysToMs(days) } : {}) },
      requirePartitionFilter: settings.requirePartitionFilter ?? false,
      clusterings: clustered,
      labels: {
        layer,
        pipeline: pipeline.name,
        ...(settings.expectedSizeGb !== undefined ? { "expected-size-gb": String(settings.expectedSizeGb) } : {}),
      },
    };
  };
  const all: Partial<Record<BigQueryLayer, BigQueryTableSpec>> = {
    bronze: spec("bronze", id, `${pipeline.name}: landing records as ingested (appended per run).`, BRONZE_FIELDS, "_ingested_at", []),
    gold: spec("gold", id, `${pipeline.name}: gold view, rebuilt by each run.`, gold, pipeline.partitionBy, clusterings),
    serving: spec("serving", pipeline.sink.table, `${pipeline.name}: serving table, gold MERGEd on ${(pipeline.sink.keys ?? []).join(", ") || "every run"}.`, gold, pipeline.partitionBy, clusterings),
  };
  return include.flatMap((layer) => (all[layer] ? [all[layer]] : []));
}
