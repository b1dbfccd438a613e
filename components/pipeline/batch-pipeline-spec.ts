import { z } from "zod";
import { formatSpecIssues } from "./spec-issues";

/**
 * The cloud-neutral declaration of one batch pipeline: where files land, how bronze → silver → gold
 * is derived, and which serving table receives gold. Every name in here ends up inside generated
 * Python, SQL and Kubernetes names, so the schema only admits plain identifiers and literals.
 */

/** Column types silver may cast to; each maps to one Spark SQL type and one BigQuery type. */
export const CAST_TYPES = ["string", "integer", "long", "double", "decimal", "boolean", "date", "timestamp"] as const;
export type CastType = (typeof CAST_TYPES)[number];

/** Gold aggregate functions. */
export const AGGREGATE_FUNCTIONS = ["sum", "count", "avg", "min", "max", "count_distinct"] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** Comparison operators a gold filter condition may use. */
export const FILTER_OPERATORS = ["=", "!=", ">", ">=", "<", "<=", "in", "is_null", "is_not_null"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export const FILE_FORMATS = ["csv", "json", "parquet"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const SINK_MODES = ["overwrite", "merge"] as const;
export type SinkMode = (typeof SINK_MODES)[number];

/** Metadata columns bronze adds; user columns may not take these names. */
export const INGESTION_COLUMNS = ["_ingested_at", "_source_file", "_run_id"] as const;

/** A literal a filter compares with: plain text (no quotes, braces or backslashes), a number or a boolean. */
export type FilterLiteral = string | number | boolean;

export interface FilterCondition {
  /** Silver column (after renames). */
  readonly column: string;
  readonly op: FilterOperator;
  /** Required for comparisons, an array for `in`, absent for `is_null` / `is_not_null`. */
  readonly value?: FilterLiteral | readonly FilterLiteral[];
}

export interface Aggregate {
  /** Silver column, or `*` for `count`. */
  readonly column: string;
  readonly fn: AggregateFunction;
  /** Output column name in gold. */
  readonly as: string;
}

export interface SilverRules {
  /** Source column → silver column, applied first. @default {} */
  readonly rename: Readonly<Record<string, string>>;
  /** Silver column → type. @default {} */
  readonly cast: Readonly<Record<string, CastType>>;
  /** New date column → timestamp (or date) column it is the day of, e.g. `{ txn_date: "txn_ts" }`. @default {} */
  readonly deriveDate: Readonly<Record<string, string>>;
  /** Rows with a null in any of these columns are dropped. @default [] */
  readonly dropNullsIn: readonly string[];
  /** Business key: one silver row per key, the newest batch wins. @default [] (append only) */
  readonly deduplicateOn: readonly string[];
}

export interface GoldView {
  readonly groupBy: readonly string[];
  readonly aggregates: readonly Aggregate[];
  /** Conditions ANDed together and applied to silver before grouping. @default none */
  readonly filter?: readonly FilterCondition[];
}

export interface SinkSpec {
  /** Serving table name (schema/dataset comes from the variant). */
  readonly table: string;
  readonly mode: SinkMode;
  /** Upsert key for `merge`; a subset of the gold columns. */
  readonly keys?: readonly string[];
}

export interface BatchPipelineSpec {
  /** DNS-label-ish name; `-` → `_` gives the table / DAG identifier. */
  readonly name: string;
  /** Key prefix inside the landing zone, ending in `/`, e.g. `orders/`. */
  readonly landingPrefix: string;
  readonly format: FileFormat;
  /** Five-field cron, `@hourly` or `@daily`. */
  readonly schedule: string;
  readonly silver: SilverRules;
  readonly gold: GoldView;
  readonly sink: SinkSpec;
  /** A date column (cast to `date` or derived) silver and gold are partitioned by. @default none */
  readonly partitionBy?: string;
}

/** What a user writes: the silver lists and maps may be left out. */
export type BatchPipelineInput = Omit<BatchPipelineSpec, "silver"> & { readonly silver?: Partial<SilverRules> };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const SOURCE_COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PIPELINE_NAME = /^[a-z][a-z0-9-]{0,28}[a-z0-9]$/;
const LANDING_PREFIX = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*\/$/;
const SAFE_TEXT = /^[A-Za-z0-9 _.:@+-]*$/;
const MAX_IDENTIFIER = 63; // PostgreSQL/YSQL truncates longer identifiers silently.

const identifier = z
  .string()
  .max(MAX_IDENTIFIER, { error: `at most ${MAX_IDENTIFIER} characters` })
  .regex(IDENTIFIER, { error: "a lowercase identifier matching ^[a-z_][a-z0-9_]*$" });
const sourceColumn = z
  .string()
  .max(MAX_IDENTIFIER, { error: `at most ${MAX_IDENTIFIER} characters` })
  .regex(SOURCE_COLUMN, { error: "a source column name matching ^[A-Za-z_][A-Za-z0-9_]*$" });
const literal = z.union([
  z.string().max(200).regex(SAFE_TEXT, { error: "text of letters, digits, space and _ . : @ + - only" }),
  z.number().refine(Number.isFinite, { error: "a finite number" }),
  z.boolean(),
]);

const CRON_FIELD_RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

/** True for `@hourly`, `@daily` and five-field cron expressions whose numbers are in range. */
export function isValidSchedule(schedule: string): boolean {
  if (schedule === "@hourly" || schedule === "@daily") return true;
  const fields = schedule.split(" ");
  if (fields.length !== 5) return false;
  return fields.every((field, i) => {
    const [min, max] = CRON_FIELD_RANGES[i];
    return field.split(",").every((part) => {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return false;
      const numbers = [m[2], m[3]].filter((n): n is string => n !== undefined).map(Number);
      if (m[4] !== undefined && Number(m[4]) < 1) return false;
      return numbers.every((n) => n >= min && n <= max);
    });
  });
}

const filterCondition = z.strictObject({
  column: identifier,
  op: z.enum(FILTER_OPERATORS),
  value: z.union([literal, z.array(literal).min(1).max(100)]).optional(),
});

/** The structural schema; cross-field rules live in {@link crossFieldProblems}. */
export const batchPipelineSchema = z.strictObject({
  name: z.string().regex(PIPELINE_NAME, {
    error: "2–30 characters of a-z, 0-9 and -, starting with a letter, not ending with -",
  }),
  landingPrefix: z.string().max(200).regex(LANDING_PREFIX, {
    error: "a key prefix like orders/ or sales/eu/ (a-z, 0-9, _ and -; segments end with /)",
  }),
  format: z.enum(FILE_FORMATS),
  schedule: z.string().refine(isValidSchedule, { error: "a five-field cron expression, @hourly or @daily" }),
  silver: z
    .strictObject({
      rename: z.record(sourceColumn, identifier).default({}),
      cast: z.record(identifier, z.enum(CAST_TYPES)).default({}),
      deriveDate: z.record(identifier, identifier).default({}),
      dropNullsIn: z.array(identifier).default([]),
      deduplicateOn: z.array(identifier).default([]),
    })
    .default({ rename: {}, cast: {}, deriveDate: {}, dropNullsIn: [], deduplicateOn: [] }),
  gold: z.strictObject({
    groupBy: z.array(identifier).min(1, { error: "at least one column" }),
    aggregates: z
      .array(
        z.strictObject({
          column: z.union([identifier, z.literal("*")]),
          fn: z.enum(AGGREGATE_FUNCTIONS),
          as: identifier,
        }),
      )
      .min(1, { error: "at least one aggregate" }),
    filter: z.array(filterCondition).optional(),
  }),
  sink: z.strictObject({
    table: identifier,
    mode: z.enum(SINK_MODES),
    keys: z.array(identifier).min(1).optional(),
  }),
  partitionBy: identifier.optional(),
});

const NUMERIC_TYPES: ReadonlySet<CastType> = new Set(["integer", "long", "double", "decimal"]);

/** Rules between fields: references to undeclared columns, clashes, merge keys, typed aggregates. */
export function crossFieldProblems(spec: BatchPipelineSpec): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const reserved = new Set<string>(INGESTION_COLUMNS);
  const { silver, gold, sink } = spec;

  for (const [source, target] of Object.entries(silver.rename)) {
    if (reserved.has(target)) problems.push({ path: ["silver", "rename", source], message: `got "${target}"; this name is reserved for bronze metadata (${INGESTION_COLUMNS.join(", ")})` });
  }
  const derived = new Set(Object.keys(silver.deriveDate));
  for (const [column, from] of Object.entries(silver.deriveDate)) {
    if (reserved.has(column)) problems.push({ path: ["silver", "deriveDate", column], message: `"${column}" is reserved for bronze metadata` });
    if (column in silver.cast) problems.push({ path: ["silver", "deriveDate", column], message: `"${column}" is also in silver.cast; a derived column is always a date` });
    const fromType = silver.cast[from];
    if (fromType !== undefined && fromType !== "timestamp" && fromType !== "date") {
      problems.push({ path: ["silver", "deriveDate", column], message: `got "${from}" cast to ${fromType}; expected a timestamp or date column` });
    }
  }
  const typeOf = (column: string): CastType | undefined => (derived.has(column) ? "date" : silver.cast[column]);

  const groupBy = new Set(gold.groupBy);
  const outputs = new Set<string>(gold.groupBy);
  gold.groupBy.forEach((column, i) => {
    if (gold.groupBy.indexOf(column) !== i) problems.push({ path: ["gold", "groupBy", i], message: `got "${column}" twice` });
  });
  gold.aggregates.forEach((aggregate, i) => {
    const at = ["gold", "aggregates", i];
    if (outputs.has(aggregate.as)) problems.push({ path: [...at, "as"], message: `got "${aggregate.as}"; it is already a gold column (group-by columns and aggregate names must be unique)` });
    outputs.add(aggregate.as);
    if (aggregate.column === "*" && aggregate.fn !== "count") problems.push({ path: [...at, "column"], message: `got "*"; only count accepts "*", ${aggregate.fn} needs a column` });
    if ((aggregate.fn === "sum" || aggregate.fn === "avg") && aggregate.column !== "*") {
      const type = typeOf(aggregate.column);
      if (type === undefined || !NUMERIC_TYPES.has(type)) {
        problems.push({ path: [...at, "column"], message: `got "${aggregate.column}"${type ? ` (${type})` : " (not cast)"}; ${aggregate.fn} needs a numeric column: cast it in silver.cast to one of integer, long, double, decimal` });
      }
    }
  });
  for (const [i, condition] of (gold.filter ?? []).entries()) {
    const at = ["gold", "filter", i, "value"];
    const unary = condition.op === "is_null" || condition.op === "is_not_null";
    if (unary && condition.value !== undefined) problems.push({ path: at, message: `${condition.op} takes no value; remove it` });
    if (!unary && condition.value === undefined) problems.push({ path: at, message: `${condition.op} needs a value` });
    if (condition.op === "in" && condition.value !== undefined && !Array.isArray(condition.value)) problems.push({ path: at, message: `got ${JSON.stringify(condition.value)}; "in" needs an array of literals` });
    if (condition.op !== "in" && Array.isArray(condition.value)) problems.push({ path: at, message: `got an array; only "in" takes an array` });
  }

  if (sink.mode === "merge" && (sink.keys === undefined || sink.keys.length === 0)) {
    problems.push({ path: ["sink", "keys"], message: `missing; mode "merge" needs keys, e.g. the group-by columns [${gold.groupBy.join(", ")}]` });
  }
  (sink.keys ?? []).forEach((key, i) => {
    if (!outputs.has(key)) problems.push({ path: ["sink", "keys", i], message: `got "${key}"; expected one of the gold columns ${[...outputs].join(", ")}` });
  });

  if (spec.partitionBy !== undefined && typeOf(spec.partitionBy) !== "date") {
    problems.push({ path: ["partitionBy"], message: `got "${spec.partitionBy}"; expected a date column: cast it to date in silver.cast or derive it in silver.deriveDate` });
  }
  if (spec.partitionBy !== undefined && gold.groupBy.length > 0 && !groupBy.has(spec.partitionBy)) {
    // Gold is rebuilt per touched partition; a partition column outside the grouping cannot partition it.
    problems.push({ path: ["partitionBy"], message: `got "${spec.partitionBy}"; it must also be a gold.groupBy column` });
  }
  return problems;
}

/** Thrown by {@link validatePipelineSpec}; `problems` has one line per problem. */
export class PipelineSpecError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid pipeline spec:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PipelineSpecError";
  }
}

/**
 * Parses and validates a pipeline declaration (defaults filled in). Throws a
 * {@link PipelineSpecError} listing every problem as `<path>.<key>: got …; expected …`.
 * @param path where the declaration sits, e.g. `pipelines[0]`, prefixed to every problem.
 */
export function validatePipelineSpec(input: unknown, path = "pipeline"): BatchPipelineSpec {
  const parsed = batchPipelineSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new PipelineSpecError(formatSpecIssues(parsed.error.issues, path));
  const spec: BatchPipelineSpec = parsed.data;
  const problems = crossFieldProblems(spec);
  if (problems.length > 0) {
    throw new PipelineSpecError(problems.map((p) => `${joinPath(path, p.path)}: ${p.message}`));
  }
  return spec;
}

/** `pipelines[0]` + `["gold", "aggregates", 1, "fn"]` → `pipelines[0].gold.aggregates[1].fn`. */
export function joinPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    root,
  );
}

/** The identifier form of a pipeline name (`card-transactions` → `card_transactions`). */
export function pipelineIdentifier(spec: Pick<BatchPipelineSpec, "name">): string {
  return spec.name.replace(/-/g, "_");
}
