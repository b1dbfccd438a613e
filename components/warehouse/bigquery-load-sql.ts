import { pipelineIdentifier, type BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import { goldColumns } from "../pipeline/gold-columns";

/** Where gold and the serving table live in BigQuery. */
export interface BigQueryLoadTables {
  readonly projectId: string;
  readonly goldDataset: string;
  readonly servingDataset: string;
}

const quote = (identifier: string) => `\`${identifier}\``;

/**
 * The GoogleSQL script that brings gold into the serving table: created like gold when missing,
 * then MERGEd on the sink keys (NULL-safe) or replaced in one transaction for `overwrite`.
 * Identifiers come from the validated spec and target only.
 */
export function bigQueryLoadSql(pipeline: BatchPipelineSpec, tables: BigQueryLoadTables): string {
  const gold = quote(`${tables.projectId}.${tables.goldDataset}.${pipelineIdentifier(pipeline)}`);
  const serving = quote(`${tables.projectId}.${tables.servingDataset}.${pipeline.sink.table}`);
  const columns = goldColumns(pipeline).map((c) => c.name);
  const list = columns.map(quote).join(", ");
  const create = `CREATE TABLE IF NOT EXISTS ${serving} LIKE ${gold};`;
  if (pipeline.sink.mode === "overwrite") {
    return [
      create,
      "BEGIN TRANSACTION;",
      `DELETE FROM ${serving} WHERE TRUE;`,
      `INSERT INTO ${serving} (${list}) SELECT ${list} FROM ${gold};`,
      "COMMIT TRANSACTION;",
    ].join("\n");
  }
  const keys = pipeline.sink.keys ?? [];
  const on = keys.map((k) => `target.${quote(k)} IS NOT DISTINCT FROM source.${quote(k)}`).join(" AND ");
  const updates = columns.filter((c) => !keys.includes(c)).map((c) => `${quote(c)} = source.${quote(c)}`);
  return [
    create,
    `MERGE ${serving} AS target`,
    `USING ${gold} AS source`,
    `ON ${on}`,
    ...(updates.length > 0 ? [`WHEN MATCHED THEN UPDATE SET ${updates.join(", ")}`] : []),
    "WHEN NOT MATCHED THEN INSERT ROW;",
  ].join("\n");
}
