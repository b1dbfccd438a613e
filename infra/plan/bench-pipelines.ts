// Realistic pipeline declarations for `npm run bench`: formats, silver and gold rules, sinks and
// schedules vary with the index, deterministically, so N pipelines always plan the same.
import type {
  Aggregate,
  BatchPipelineInput,
  FileFormat,
  FilterCondition,
} from "../../components/pipeline/batch-pipeline-spec";

const DOMAINS = ["orders", "clicks", "payments", "shipments", "sensors", "invoices", "refunds"] as const;
const FORMATS: readonly FileFormat[] = ["csv", "json", "parquet"];
/** Silver column → how a CSV header spells it (CSV exports are renamed; JSON and Parquet are not). */
const CSV_HEADERS: Readonly<Record<string, string>> = {
  event_id: "EventID",
  event_ts: "EventTime",
  region: "Region",
  amount: "Amount",
  quantity: "Qty",
  status: "Status",
  customer_id: "CustomerID",
};
const COLUMNS = Object.keys(CSV_HEADERS);

/** The aggregates a pipeline computes: a rotating subset, always valid for the silver casts below. */
function aggregates(i: number): Aggregate[] {
  const all: Aggregate[] = [
    { column: "amount", fn: "sum", as: "total_amount" },
    { column: "*", fn: "count", as: "events" },
    { column: "quantity", fn: "avg", as: "avg_quantity" },
    { column: "amount", fn: "max", as: "max_amount" },
    { column: "amount", fn: "min", as: "min_amount" },
    { column: "customer_id", fn: "count_distinct", as: "customers" },
  ];
  const count = 1 + (i % all.length);
  return Array.from({ length: count }, (_, k) => all[(i + k) % all.length]);
}

function filters(i: number): FilterCondition[] | undefined {
  switch (i % 5) {
    case 0:
      return [{ column: "status", op: "!=", value: "cancelled" }];
    case 1:
      return [
        { column: "amount", op: ">", value: 0 },
        { column: "customer_id", op: "is_not_null" },
      ];
    case 2:
      return [{ column: "status", op: "in", value: ["paid", "shipped", "delivered"] }];
    case 3:
      return [{ column: "quantity", op: ">=", value: 1 }];
    default:
      return undefined;
  }
}

function schedule(i: number): string {
  switch (i % 4) {
    case 0:
      return "@daily";
    case 1:
      return "@hourly";
    case 2:
      return `${i % 60} */2 * * *`;
    default:
      return `${i % 60} ${i % 24} * * 1-5`;
  }
}

/** The name of the `i`-th generated pipeline (0-based): `<domain>-<index>`, at most 30 characters. */
export function generatedPipelineName(i: number): string {
  return `${DOMAINS[i % DOMAINS.length]}-${String(i + 1).padStart(4, "0")}`;
}

/** The `i`-th generated declaration (0-based), as a user would write it in `pipelines/<name>.yaml`. */
export function generatedPipeline(i: number): BatchPipelineInput {
  const name = generatedPipelineName(i);
  const id = name.replace(/-/g, "_");
  const format = FORMATS[i % FORMATS.length];
  const daily = i % 2 === 0;
  const silverCast = {
    amount: i % 3 === 0 ? "double" : "decimal",
    quantity: i % 2 === 0 ? "integer" : "long",
    event_ts: "timestamp",
  } as const;
  const groupBy = daily ? ["event_date", "region"] : ["region", "status"];
  const merge = i % 3 !== 2;
  return {
    name,
    landingPrefix: `${DOMAINS[i % DOMAINS.length]}/${id}/`,
    format,
    sourceColumns: format === "csv" ? COLUMNS.map((c) => CSV_HEADERS[c]) : COLUMNS,
    schedule: schedule(i),
    silver: {
      ...(format === "csv" ? { rename: Object.fromEntries(COLUMNS.map((c) => [CSV_HEADERS[c], c])) } : {}),
      cast: silverCast,
      ...(daily ? { deriveDate: { event_date: "event_ts" } } : {}),
      dropNullsIn: i % 4 === 3 ? ["event_id"] : ["event_id", "amount"],
      ...(i % 4 === 1 ? {} : { deduplicateOn: ["event_id"] }),
    },
    gold: { groupBy, aggregates: aggregates(i), ...(filters(i) ? { filter: filters(i) } : {}) },
    sink: merge ? { table: `${id}_summary`, mode: "merge", keys: groupBy } : { table: `${id}_summary`, mode: "overwrite" },
    ...(daily ? { partitionBy: "event_date" } : {}),
  };
}

/** The first `count` generated declarations. */
export function generatedPipelines(count: number): BatchPipelineInput[] {
  return Array.from({ length: count }, (_, i) => generatedPipeline(i));
}
