import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { didYouMean, expectedWords, fieldPath, formatSpecIssues } from "./spec-issues";

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
  /**
   * The columns every landing file carries (CSV header, JSON keys, Parquet fields), as written.
   * Silver rules may name only these; gold only what silver produces from them.
   */
  readonly sourceColumns: readonly string[];
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
  sourceColumns: z.array(sourceColumn).min(1, { error: "at least one column: what the landing files carry" }).max(500),
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

/** A problem of one field of the declaration: where, and `got …; expected …`. */
export interface SpecProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** `expected one of the <what> (a, b, c); did you mean "x"?` for a name that is not among `names`. */
function notAmong(name: string, what: string, names: Iterable<string>): string {
  const list = [...names];
  const suggestion = didYouMean(name, list);
  return `got "${name}"; expected ${what} (${list.join(", ")})${suggestion ? `; did you mean "${suggestion}"?` : ""}`;
}

/**
 * Rules between fields. Every column a step names must be produced by the step before it — source
 * columns for silver's rules, silver columns (after rename and derived dates) for gold, gold
 * columns for the sink — and each problem is blamed on the field that names the missing column.
 */
export function crossFieldProblems(spec: BatchPipelineSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const reserved = new Set<string>(INGESTION_COLUMNS);
  const { silver, gold, sink } = spec;

  spec.sourceColumns.forEach((column, i) => {
    if (spec.sourceColumns.indexOf(column) !== i)
      add(["sourceColumns", i], `got "${column}" twice; expected each column once`);
    if (reserved.has(column))
      add(
        ["sourceColumns", i],
        `got "${column}"; expected a column of the files (${INGESTION_COLUMNS.join(", ")} are added by bronze)`,
      );
  });

  // Columns after rename: sources not renamed keep their name.
  const afterRename = new Set(spec.sourceColumns.filter((column) => !(column in silver.rename)));
  for (const [source, target] of Object.entries(silver.rename)) {
    const at = ["silver", "rename", source];
    if (!spec.sourceColumns.includes(source))
      add(at, `${notAmong(source, "a source column to rename", spec.sourceColumns)}`);
    if (reserved.has(target))
      add(at, `got "${target}"; expected a name not reserved for bronze metadata (${INGESTION_COLUMNS.join(", ")})`);
    else if (afterRename.has(target)) add(at, `got "${target}"; expected a new name ("${target}" is already a column)`);
    else afterRename.add(target);
  }
  const bronzeColumns = [...afterRename, ...INGESTION_COLUMNS];
  for (const column of Object.keys(silver.cast)) {
    if (!afterRename.has(column) && !reserved.has(column))
      add(["silver", "cast", column], notAmong(column, "a column after rename", afterRename));
  }
  const derived = new Set(Object.keys(silver.deriveDate));
  for (const [column, from] of Object.entries(silver.deriveDate)) {
    const at = ["silver", "deriveDate", column];
    if (reserved.has(column)) add(at, `got "${column}"; expected a name not reserved for bronze metadata`);
    else if (afterRename.has(column))
      add(at, `got "${column}"; expected a new column name ("${column}" is already a column)`);
    if (column in silver.cast)
      add(
        at,
        `got "${column}", also in silver.cast; expected a column only derived (a derived column is always a date)`,
      );
    if (!bronzeColumns.includes(from))
      add(at, notAmong(from, "a timestamp or date column to derive from", afterRename));
    const fromType = silver.cast[from];
    if (fromType !== undefined && fromType !== "timestamp" && fromType !== "date")
      add(at, `got "${from}" cast to ${fromType}; expected a timestamp or date column`);
  }
  // What silver produces, and so what gold may read.
  const silverColumns = [...afterRename, ...derived];
  const isSilver = (column: string) => silverColumns.includes(column) || reserved.has(column);
  const needSilver = (path: (string | number)[], column: string) => {
    if (!isSilver(column)) add(path, notAmong(column, "a silver column", silverColumns));
  };
  silver.dropNullsIn.forEach((column, i) => needSilver(["silver", "dropNullsIn", i], column));
  silver.deduplicateOn.forEach((column, i) => needSilver(["silver", "deduplicateOn", i], column));
  const typeOf = (column: string): CastType | undefined => (derived.has(column) ? "date" : silver.cast[column]);

  const outputs = new Set<string>();
  let groupByComplete = true;
  gold.groupBy.forEach((column, i) => {
    if (!isSilver(column)) {
      groupByComplete = false;
      needSilver(["gold", "groupBy", i], column);
    } else if (outputs.has(column)) add(["gold", "groupBy", i], `got "${column}" twice; expected each column once`);
    outputs.add(column);
  });
  gold.aggregates.forEach((aggregate, i) => {
    const at = ["gold", "aggregates", i];
    if (outputs.has(aggregate.as))
      add(
        [...at, "as"],
        `got "${aggregate.as}"; expected a new gold column name (group-by columns and aggregate names must be unique)`,
      );
    outputs.add(aggregate.as);
    if (aggregate.column === "*") {
      if (aggregate.fn !== "count")
        add([...at, "column"], `got "*"; expected a column (only count accepts "*", ${aggregate.fn} needs a column)`);
      return;
    }
    if (!isSilver(aggregate.column)) return needSilver([...at, "column"], aggregate.column);
    if (aggregate.fn === "sum" || aggregate.fn === "avg") {
      const type = typeOf(aggregate.column);
      if (type === undefined || !NUMERIC_TYPES.has(type)) {
        const got = `got "${aggregate.column}"${type ? ` (${type})` : " (not cast)"}`;
        const fix = "cast it in silver.cast to one of integer, long, double, decimal";
        add([...at, "column"], `${got}; expected a numeric column for ${aggregate.fn}: ${fix}`);
      }
    }
  });
  for (const [i, condition] of (gold.filter ?? []).entries()) {
    needSilver(["gold", "filter", i, "column"], condition.column);
    const at = ["gold", "filter", i, "value"];
    const unary = condition.op === "is_null" || condition.op === "is_not_null";
    if (unary && condition.value !== undefined)
      add(at, `got ${JSON.stringify(condition.value)}; expected no value (${condition.op} takes none)`);
    if (!unary && condition.value === undefined)
      add(at, `got nothing; expected a value to compare with (${condition.op} needs one)`);
    if (condition.op === "in" && condition.value !== undefined && !Array.isArray(condition.value))
      add(at, `got ${JSON.stringify(condition.value)}; expected an array of literals ("in" needs a list)`);
    if (condition.op !== "in" && Array.isArray(condition.value))
      add(at, `got an array; expected one literal (only "in" takes a list)`);
  }

  if (sink.mode === "merge" && (sink.keys === undefined || sink.keys.length === 0)) {
    add(
      ["sink", "keys"],
      `got nothing; expected the upsert keys of mode "merge", e.g. the group-by columns [${gold.groupBy.join(", ")}]`,
    );
  }
  (sink.keys ?? []).forEach((key, i) => {
    // A key that is a silver column was most likely meant as a group-by column: the typo there is the problem.
    if (!outputs.has(key) && (groupByComplete || !isSilver(key)))
      add(["sink", "keys", i], notAmong(key, "a gold column", outputs));
  });

  if (spec.partitionBy !== undefined) {
    const column = spec.partitionBy;
    if (!isSilver(column)) needSilver(["partitionBy"], column);
    else if (typeOf(column) !== "date")
      add(
        ["partitionBy"],
        `got "${column}"; expected a date column: cast it to date in silver.cast or derive it in silver.deriveDate`,
      );
    // Gold is rebuilt per touched partition; a partition column outside the grouping cannot partition it.
    else if (groupByComplete && !gold.groupBy.includes(column))
      add(["partitionBy"], `got "${column}"; expected one of the gold.groupBy columns (${gold.groupBy.join(", ")})`);
  }
  return problems;
}

/** Thrown by {@link validatePipelineSpec}; `problems` has one line per problem. A RunError: no stack trace. */
export class PipelineSpecError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid pipeline declaration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PipelineSpecError";
  }
}

/** The keys an object of the schema allows at a path, for "did you mean" on an unknown key. */
function allowedKeysAt(path: readonly PropertyKey[]): readonly string[] {
  let schema: z.core.$ZodType | undefined = batchPipelineSchema;
  for (const key of [...path, undefined]) {
    let current: z.core.$ZodType | undefined = schema;
    while (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
      current = current.unwrap() as z.core.$ZodType;
    if (current instanceof z.ZodArray) current = current.element as z.core.$ZodType;
    if (!(current instanceof z.ZodObject)) return [];
    if (key === undefined) return Object.keys(current.shape);
    if (typeof key === "number") continue;
    schema = (current.shape as Record<string, z.core.$ZodType>)[String(key)];
  }
  return [];
}

/**
 * Parses and validates a pipeline declaration (defaults filled in). Throws a
 * {@link PipelineSpecError} listing every problem as `pipeline "<name>": <field>: got …; expected …`.
 * @param name the pipeline's name as its file names it; @default the declaration's own `name`
 */
export function validatePipelineSpec(input: unknown, name?: string): BatchPipelineSpec {
  const declared = typeof input === "object" && input !== null ? (input as { name?: unknown }).name : undefined;
  const label = `pipeline ${JSON.stringify(name ?? (typeof declared === "string" ? declared : "(unnamed)"))}`;
  const parsed = batchPipelineSchema.safeParse(input, { error: expectedWords });
  if (!parsed.success)
    throw new PipelineSpecError(
      formatSpecIssues(parsed.error.issues, input, allowedKeysAt).map((line) => `${label}: ${line}`),
    );
  const spec: BatchPipelineSpec = parsed.data;
  const problems = crossFieldProblems(spec);
  if (problems.length > 0)
    throw new PipelineSpecError(problems.map((p) => `${label}: ${fieldPath(p.path)}: ${p.message}`));
  return spec;
}

/** The identifier form of a pipeline name (`card-transactions` → `card_transactions`). */
export function pipelineIdentifier(spec: Pick<BatchPipelineSpec, "name">): string {
  return spec.name.replace(/-/g, "_");
}
