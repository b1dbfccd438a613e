import { describe, expect, it } from "vitest";
import {
  isValidSchedule,
  PipelineSpecError,
  pipelineIdentifier,
  validatePipelineSpec,
  type BatchPipelineInput,
} from "../../components/pipeline/batch-pipeline-spec";
import { declaredPipelines } from "../../infra/pipelines";
import { pipelineNamed } from "../helpers/pipelines";

const orders: BatchPipelineInput = {
  name: "orders",
  landingPrefix: "orders/",
  format: "csv",
  sourceColumns: ["order_id", "order_date", "country", "amount", "status"],
  schedule: "@daily",
  silver: { cast: { amount: "decimal", order_date: "date" } },
  gold: {
    groupBy: ["order_date", "country"],
    aggregates: [
      { column: "amount", fn: "sum", as: "revenue" },
      { column: "*", fn: "count", as: "orders" },
    ],
  },
  sink: { table: "daily_revenue", mode: "overwrite" },
};

/** The problem lines of a spec, or [] when it is valid. */
function problemsOf(input: unknown): readonly string[] {
  try {
    validatePipelineSpec(input, "orders");
    return [];
  } catch (error) {
    if (error instanceof PipelineSpecError) return error.problems;
    throw error;
  }
}

describe("validatePipelineSpec", () => {
  it("accepts a minimal spec and fills the silver defaults", () => {
    const spec = validatePipelineSpec(orders);
    expect(spec.silver).toEqual({
      rename: {},
      cast: { amount: "decimal", order_date: "date" },
      deriveDate: {},
      dropNullsIn: [],
      deduplicateOn: [],
    });
  });

  it("names the key path, the value and the allowed values", () => {
    const input = {
      ...orders,
      gold: { ...orders.gold, aggregates: [orders.gold.aggregates[0], { column: "amount", fn: "median", as: "m" }] },
    };
    expect(problemsOf(input)).toEqual([
      'pipeline "orders": gold.aggregates[1].fn: got "median"; ' +
        "expected one of sum, count, avg, min, max, count_distinct",
    ]);
  });

  it("lists every structural problem at once, one per line", () => {
    const problems = problemsOf({
      ...orders,
      name: "Orders",
      format: "xml",
      schedule: "every day",
      sink: { table: "t", mode: "upsert" },
      owner: "me",
    });
    expect(problems).toEqual([
      'pipeline "orders": name: got "Orders"; ' +
        "expected 2–30 characters of a-z, 0-9 and -, starting with a letter, not ending with -",
      'pipeline "orders": format: got "xml"; expected one of csv, json, parquet',
      'pipeline "orders": schedule: got "every day"; expected a five-field cron expression, @hourly or @daily',
      'pipeline "orders": sink.mode: got "upsert"; expected one of overwrite, merge',
      expect.stringMatching(
        /^pipeline "orders": owner: got "me"; expected no such key, one of name, landingPrefix, format, sourceColumns/,
      ),
    ]);
    expect(() => validatePipelineSpec({ ...orders, format: "xml" }, "orders")).toThrow(
      /invalid pipeline declaration:\n {2}- pipeline "orders": format/,
    );
  });

  it("reports a missing required key", () => {
    const { sink: _sink, ...withoutSink } = orders;
    expect(problemsOf(withoutSink)).toEqual(['pipeline "orders": sink: got nothing; expected an object']);
  });

  it.each([
    ["a table name", { ...orders, sink: { table: 'x"; DROP TABLE y; --', mode: "overwrite" } }, "sink.table"],
    ["a group-by column", { ...orders, gold: { ...orders.gold, groupBy: ["country) OR (1=1"] } }, "gold.groupBy[0]"],
    ["a source column", { ...orders, silver: { rename: { "a'b": "x" } } }, "silver.rename.a'b"],
    ["an upper-case column", { ...orders, silver: { cast: { Amount: "double" } } }, "silver.cast.Amount"],
    [
      "a filter literal with a quote",
      { ...orders, gold: { ...orders.gold, filter: [{ column: "status", op: "=", value: "x' OR '1'='1" }] } },
      "gold.filter[0].value",
    ],
    [
      "a filter literal with Jinja",
      { ...orders, gold: { ...orders.gold, filter: [{ column: "status", op: "=", value: "{{ var }}" }] } },
      "gold.filter[0].value",
    ],
    ["a landing prefix with ..", { ...orders, landingPrefix: "../etc/" }, "landingPrefix"],
    ["a pipeline name with _", { ...orders, name: "my_orders" }, "name"],
  ])("rejects code in %s", (_, input, path) => {
    const problems = problemsOf(input);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].startsWith(`pipeline "orders": ${path}:`)).toBe(true);
  });

  it("checks references between fields", () => {
    const problems = problemsOf({
      ...orders,
      silver: { cast: { amount: "string", status: "string" }, rename: { status: "_run_id" } },
      gold: {
        groupBy: ["order_date", "order_date"],
        aggregates: [
          { column: "amount", fn: "sum", as: "order_date" },
          { column: "*", fn: "max", as: "m" },
          { column: "order_id", fn: "avg", as: "a" },
        ],
        filter: [
          { column: "country", op: "is_null", value: "x" },
          { column: "country", op: "in", value: "x" },
        ],
      },
      sink: { table: "t", mode: "merge" },
      partitionBy: "country",
    });
    expect(problems.map((p) => p.replace('pipeline "orders": ', ""))).toEqual([
      'silver.rename.status: got "_run_id"; ' +
        "expected a name not reserved for bronze metadata (_ingested_at, _source_file, _run_id)",
      'silver.cast.status: got "status"; expected a column after rename (order_id, order_date, country, amount)',
      'gold.groupBy[1]: got "order_date" twice; expected each column once',
      'gold.aggregates[0].as: got "order_date"; ' +
        "expected a new gold column name (group-by columns and aggregate names must be unique)",
      'gold.aggregates[0].column: got "amount" (string); ' +
        "expected a numeric column for sum: cast it in silver.cast to one of integer, long, double, decimal",
      'gold.aggregates[1].column: got "*"; expected a column (only count accepts "*", max needs a column)',
      'gold.aggregates[2].column: got "order_id" (not cast); ' +
        "expected a numeric column for avg: cast it in silver.cast to one of integer, long, double, decimal",
      'gold.filter[0].value: got "x"; expected no value (is_null takes none)',
      'gold.filter[1].value: got "x"; expected an array of literals ("in" needs a list)',
      "sink.keys: got nothing; " +
        'expected the upsert keys of mode "merge", e.g. the group-by columns [order_date, order_date]',
      'partitionBy: got "country"; ' +
        "expected a date column: cast it to date in silver.cast or derive it in silver.deriveDate",
    ]);
  });

  it("requires merge keys to be gold columns", () => {
    expect(problemsOf({ ...orders, sink: { table: "t", mode: "merge", keys: ["total"] } })).toEqual([
      'pipeline "orders": sink.keys[0]: got "total"; expected a gold column (order_date, country, revenue, orders)',
    ]);
  });

  it.each([
    ["@daily", true],
    ["@hourly", true],
    ["0 * * * *", true],
    ["*/15 2-4 1,15 * 1-5", true],
    ["0 0 * * 7", false],
    ["60 * * * *", false],
    ["*/0 * * * *", false],
    ["@weekly", false],
    ["0 0 * *", false],
    ["0 0 * * * ; rm", false],
  ])("schedule %j valid: %s", (schedule, valid) => {
    expect(isValidSchedule(schedule)).toBe(valid);
  });
});

describe("declaredPipelines", () => {
  it("declares orders and card-transactions, each valid and usable as a Python identifier", () => {
    expect(declaredPipelines.map((p) => p.name)).toEqual(["card-transactions", "orders"]);
    for (const pipeline of declaredPipelines) {
      expect(validatePipelineSpec(pipeline)).toEqual(pipeline);
      expect(pipelineIdentifier(pipeline)).toMatch(/^[a-z_][a-z0-9_]*$/);
    }
  });

  it("orders: daily revenue by date and country from CSV", () => {
    const orders = pipelineNamed("orders");
    expect(orders.format).toBe("csv");
    expect(orders.gold.groupBy).toEqual(["order_date", "country"]);
    expect(orders.gold.aggregates).toContainEqual({ column: "amount", fn: "sum", as: "revenue" });
  });

  it("card-transactions: anti-fraud features per card and day from JSON", () => {
    const cards = pipelineNamed("card-transactions");
    expect(cards.format).toBe("json");
    expect(cards.gold.groupBy).toEqual(["card_id", "transaction_date"]);
    expect(cards.gold.aggregates.map((a) => a.fn)).toEqual(["count", "sum", "max", "count_distinct"]);
    expect(cards.gold.aggregates.find((a) => a.fn === "count_distinct")?.column).toBe("merchant_id");
  });
});
