import type { BatchPipelineSpec, CastType } from "../pipeline/batch-pipeline-spec";
import { goldColumns } from "../pipeline/gold-columns";

/** Dedicated SQL pool (T-SQL) column types for the cast types. */
export const SYNAPSE_TYPES: Readonly<Record<CastType, string>> = {
  string: "NVARCHAR(4000)",
  integer: "INT",
  long: "BIGINT",
  double: "FLOAT",
  decimal: "DECIMAL(38, 18)",
  boolean: "BIT",
  date: "DATE",
  timestamp: "DATETIME2",
};

/** Where one run's gold export is and where it goes. */
export interface SynapseLoadTarget {
  /** Schema of the serving tables in the dedicated SQL pool. */
  readonly schema: string;
  /** `https://<account>.dfs.core.windows.net/<container>/<path>` of the run's export folder (may hold Jinja). */
  readonly exportUrl: string;
}

const quote = (identifier: string) => `[${identifier}]`;

/**
 * The statements that bring one run's gold export into the serving table: create the serving table
 * when missing, COPY INTO a staging table from the run's Parquet files as the workspace's managed
 * identity (over `.dfs`, no key or SAS), then MERGE on the sink keys (NULL-safe) — or replace for
 * `overwrite` — and drop the staging table. Identifiers come from the validated spec only.
 */
export function synapseLoadStatements(pipeline: BatchPipelineSpec, target: SynapseLoadTarget): string[] {
  const columns = goldColumns(pipeline);
  const names = columns.map((c) => quote(c.name));
  const schema = quote(target.schema);
  const serving = `${schema}.${quote(pipeline.sink.table)}`;
  const staging = `${schema}.${quote(`${pipeline.sink.table}__staging`)}`;
  const definitions = columns.map((c) => `${quote(c.name)} ${SYNAPSE_TYPES[c.type]} NULL`).join(", ");
  const keys = pipeline.sink.keys ?? [];
  const distribution = pipeline.sink.mode === "merge" && keys.length > 0 ? `HASH(${quote(keys[0])})` : "ROUND_ROBIN";
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const prepare = [
    `IF SCHEMA_ID(${literal(target.schema)}) IS NULL EXEC(${literal(`CREATE SCHEMA ${schema}`)})`,
    `IF OBJECT_ID(${literal(`${target.schema}.${pipeline.sink.table}`)}) IS NULL ` +
      `CREATE TABLE ${serving} (${definitions}) WITH (DISTRIBUTION = ${distribution}, CLUSTERED COLUMNSTORE INDEX)`,
    `IF OBJECT_ID(${literal(`${target.schema}.${pipeline.sink.table}__staging`)}) IS NOT NULL DROP TABLE ${staging}`,
    `CREATE TABLE ${staging} (${definitions}) WITH (DISTRIBUTION = ROUND_ROBIN, HEAP)`,
    `COPY INTO ${staging} (${names.join(", ")}) FROM ${literal(`${target.exportUrl}/*.parquet`)} ` +
      "WITH (FILE_TYPE = 'PARQUET', CREDENTIAL = (IDENTITY = 'Managed Identity'))",
  ];
  let apply: string[];
  if (pipeline.sink.mode === "overwrite") {
    apply = [
      `TRUNCATE TABLE ${serving}`,
      `INSERT INTO ${serving} (${names.join(", ")}) SELECT ${names.join(", ")} FROM ${staging}`,
    ];
  } else {
    const on = keys
      .map(
        (k) =>
          `(target.${quote(k)} = source.${quote(k)} OR (target.${quote(k)} IS NULL AND source.${quote(k)} IS NULL))`,
      )
      .join(" AND ");
    const updates = columns
      .filter((c) => !keys.includes(c.name))
      .map((c) => `${quote(c.name)} = source.${quote(c.name)}`);
    apply = [
      [
        `MERGE INTO ${serving} AS target USING ${staging} AS source ON ${on}`,
        ...(updates.length > 0 ? [`WHEN MATCHED THEN UPDATE SET ${updates.join(", ")}`] : []),
        `WHEN NOT MATCHED BY TARGET THEN INSERT (${names.join(", ")}) ` +
          `VALUES (${columns.map((c) => `source.${quote(c.name)}`).join(", ")});`,
      ].join(" "),
    ];
  }
  return [...prepare, ...apply, `DROP TABLE ${staging}`];
}
