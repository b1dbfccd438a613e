import type { BatchPipelineSpec, CastType } from "./batch-pipeline-spec";

/** A gold column and its type (one of the silver cast types). */
export interface GoldColumn {
  readonly name: string;
  readonly type: CastType;
}

/** The declared type of a silver column: derived dates, casts, otherwise undefined (kept as read). */
export function silverColumnType(spec: BatchPipelineSpec, column: string): CastType | undefined {
  if (column in spec.silver.deriveDate) return "date";
  return spec.silver.cast[column];
}

/**
 * Gold's columns in order — group-by columns, then one per aggregate — with the types the engines
 * produce. Mirrors `gold_columns` in jobs/medallion_plan.py (a test keeps the two in step); the
 * warehouse uses it for the serving table's schema, the DAGs for MERGE column lists.
 */
export function goldColumns(spec: BatchPipelineSpec): GoldColumn[] {
  const columns: GoldColumn[] = spec.gold.groupBy.map((name) => ({ name, type: silverColumnType(spec, name) ?? "string" }));
  for (const aggregate of spec.gold.aggregates) {
    const source = aggregate.column === "*" ? undefined : silverColumnType(spec, aggregate.column);
    let type: CastType;
    switch (aggregate.fn) {
      case "count":
      case "count_distinct":
        type = "long";
        break;
      case "sum":
        type = source === "integer" || source === "long" ? "long" : source === "decimal" ? "decimal" : "double";
        break;
      case "avg":
        type = source === "decimal" ? "decimal" : "double";
        break;
      default:
        type = source ?? "string";
    }
    columns.push({ name: aggregate.as, type });
  }
  return columns;
}

/** BigQuery column types for the cast types. */
export const BIGQUERY_TYPES: Readonly<Record<CastType, string>> = {
  string: "STRING",
  integer: "INT64",
  long: "INT64",
  double: "FLOAT64",
  decimal: "NUMERIC",
  boolean: "BOOL",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

/** YugabyteDB YSQL (PostgreSQL) column types for the cast types. */
export const YSQL_TYPES: Readonly<Record<CastType, string>> = {
  string: "text",
  integer: "integer",
  long: "bigint",
  double: "double precision",
  decimal: "numeric",
  boolean: "boolean",
  date: "date",
  timestamp: "timestamp",
};
