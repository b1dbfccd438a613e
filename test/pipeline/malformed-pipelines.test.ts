import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { readPipelineDeclarations } from "../../infra/pipelines";
import { ROOT, runPlanCli } from "../helpers/cli";

/** A pipeline declaration with one thing wrong, and the line that must blame it. */
interface MalformedPipeline {
  readonly what: string;
  readonly base: "orders" | "card-transactions";
  /** Edits as [path in the declaration, value]; `undefined` removes the key. */
  readonly edits: readonly (readonly [readonly (string | number)[], unknown])[];
  /** Whole file text instead of edits (YAML-level problems). */
  readonly text?: string;
  /** The field the problem is blamed on, as the line writes it. */
  readonly field: string;
  /** What follows "got ". */
  readonly got: string;
  /** The "did you mean" suggestion for a misspelt name. */
  readonly suggest?: string;
  /** The declaration has exactly this one problem (nothing blamed on fields that are right). */
  readonly only?: boolean;
}

function bad(
  what: string,
  path: readonly (string | number)[],
  value: unknown,
  got: string,
  extra: Partial<MalformedPipeline> = {},
): MalformedPipeline {
  return {
    what,
    base: "orders",
    edits: [[path, value]],
    field: path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join(""),
    got,
    ...extra,
  };
}

const CASES: readonly MalformedPipeline[] = [
  bad("a name with capitals", ["name"], "Orders", `"Orders"`),
  bad("a name other than the file's", ["name"], "sales", `"sales"`, { only: true }),
  bad("a landing prefix without /", ["landingPrefix"], "orders", `"orders"`),
  bad("a landing prefix climbing out with ..", ["landingPrefix"], "../etc/", `"../etc/"`),
  bad("a landing prefix as a number", ["landingPrefix"], 42, "42"),
  bad("an unknown format", ["format"], "xml", `"xml"`),
  bad("no format", ["format"], undefined, "nothing"),
  bad("no source columns", ["sourceColumns"], undefined, "nothing"),
  bad("an empty source column list", ["sourceColumns"], [], "an array"),
  bad("a source column with a space", ["sourceColumns", 0], "Order ID", `"Order ID"`),
  bad("a source column twice", ["sourceColumns", 1], "OrderID", `"OrderID" twice`),
  bad("a source column named like bronze metadata", ["sourceColumns", 4], "_run_id", `"_run_id"`),
  bad("a schedule in words", ["schedule"], "every day", `"every day"`),
  bad("a schedule at minute 60", ["schedule"], "60 * * * *", `"60 * * * *"`),
  bad("a weekly schedule", ["schedule"], "@weekly", `"@weekly"`),
  bad("renaming a column the files do not carry", ["silver", "rename", "OrderId"], "order_key", `"OrderId"`, {
    suggest: "OrderID",
  }),
  bad("renaming to a bronze metadata name", ["silver", "rename", "Status"], "_ingested_at", `"_ingested_at"`),
  bad("renaming to a name that is not an identifier", ["silver", "rename", "Status"], "Order-Status", `"Order-Status"`),
  bad("renaming onto a column that already exists", ["silver", "rename", "Status"], "amount", `"amount"`),
  bad("casting a misspelt column", ["silver", "cast", "ammount"], "decimal", `"ammount"`, { suggest: "amount" }),
  bad("an unknown cast type", ["silver", "cast", "amount"], "money", `"money"`),
  bad("deriving a date from a missing column", ["silver", "deriveDate", "order_day"], "order_ts", `"order_ts"`),
  bad("deriving a date onto an existing column", ["silver", "deriveDate", "country"], "order_date", `"country"`),
  bad("deriving a date from a decimal", ["silver", "deriveDate", "order_day"], "amount", `"amount" cast to decimal`),
  bad("a misspelt column in dropNullsIn", ["silver", "dropNullsIn", 0], "ordr_id", `"ordr_id"`, {
    suggest: "order_id",
    only: true,
  }),
  bad("a misspelt column in deduplicateOn", ["silver", "deduplicateOn", 0], "orderid", `"orderid"`, {
    suggest: "order_id",
    only: true,
  }),
  bad("a misspelt silver key", ["silver", "dedupeOn"], ["order_id"], "an array", { suggest: "deduplicateOn" }),
  bad("a misspelt group-by column, blamed on the group-by alone", ["gold", "groupBy", 1], "contry", `"contry"`, {
    suggest: "country",
    only: true,
  }),
  bad("no group-by column", ["gold", "groupBy"], [], "an array"),
  bad("a group-by column twice", ["gold", "groupBy", 1], "order_date", `"order_date" twice`),
  bad("a misspelt aggregate column", ["gold", "aggregates", 0, "column"], "amont", `"amont"`, {
    suggest: "amount",
    only: true,
  }),
  bad("an unknown aggregate function", ["gold", "aggregates", 0, "fn"], "median", `"median"`),
  bad("a sum over text", ["gold", "aggregates", 0, "column"], "country", `"country" (not cast)`),
  bad("a sum over *", ["gold", "aggregates", 1, "fn"], "sum", `"*"`, { field: "gold.aggregates[1].column" }),
  bad("an aggregate named like a group-by column", ["gold", "aggregates", 0, "as"], "country", `"country"`),
  bad("no aggregate", ["gold", "aggregates"], [], "an array"),
  bad("an aggregate name that is not an identifier", ["gold", "aggregates", 0, "as"], "Revenue", `"Revenue"`),
  bad("a misspelt filter column", ["gold", "filter", 0, "column"], "stauts", `"stauts"`, {
    suggest: "status",
    only: true,
  }),
  bad("an unknown filter operator", ["gold", "filter", 0, "op"], "like", `"like"`),
  bad("a filter literal with a quote", ["gold", "filter", 0, "value"], "x' OR '1'='1", `"x' OR '1'='1"`),
  bad("a filter literal with Jinja", ["gold", "filter", 0, "value"], "{{ ds }}", `"{{ ds }}"`),
  bad("is_null with a value", ["gold", "filter", 0, "op"], "is_null", `"cancelled"`, { field: "gold.filter[0].value" }),
  bad("in with one literal", ["gold", "filter", 0, "op"], "in", `"cancelled"`, { field: "gold.filter[0].value" }),
  bad("= with a list", ["gold", "filter", 0, "value"], ["a", "b"], "an array"),
  bad("a table name with a space", ["sink", "table"], "daily revenue", `"daily revenue"`),
  bad("an unknown sink mode", ["sink", "mode"], "upsert", `"upsert"`),
  bad("merge without keys", ["sink", "keys"], undefined, "nothing"),
  bad("a misspelt merge key", ["sink", "keys", 0], "order_dte", `"order_dte"`, { suggest: "order_date", only: true }),
  bad("a misspelt sink key", ["sink", "key"], ["order_date"], "an array", { suggest: "keys" }),
  bad("a misspelt partition column", ["partitionBy"], "order_dat", `"order_dat"`, {
    suggest: "order_date",
    only: true,
  }),
  bad("a partition column that is not a date", ["partitionBy"], "country", `"country"`),
  {
    ...bad("a partition column outside the grouping", ["partitionBy"], "order_date", `"order_date"`),
    edits: [
      [["gold", "groupBy"], ["country"]],
      [["sink", "keys"], ["country"]],
    ],
  },
  bad("an unknown top-level key", ["owner"], "me", `"me"`),
  bad("a misspelt top-level key", ["partitonBy"], "order_date", `"order_date"`, { suggest: "partitionBy" }),
  {
    ...bad(
      "a misspelt aggregate column in card-transactions",
      ["gold", "aggregates", 3, "column"],
      "merchnt_id",
      `"merchnt_id"`,
      { suggest: "merchant_id", only: true },
    ),
    base: "card-transactions",
  },
];

/** Whole files the reader refuses. */
const UNREADABLE: readonly (readonly [what: string, text: string, says: RegExp])[] = [
  [
    "a YAML alias bomb",
    [
      'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
      ...["b", "c", "d", "e"].map((key, i) => `${key}: &${key} [${Array(9).fill(`*${"abcd"[i]}`).join(", ")}]`),
    ].join("\n"),
    /alias/i,
  ],
  ["malformed YAML", "name: orders\nformat: [csv\n", /line \d+/],
  ["a list instead of a declaration", "- name: orders\n", /\(the declaration\): got an array; expected an object/],
];

function declarationText(malformed: MalformedPipeline): string {
  const document = parseDocument(readFileSync(join(ROOT, "pipelines", `${malformed.base}.yaml`), "utf8"));
  for (const [path, value] of malformed.edits) {
    if (value === undefined) document.deleteIn(path);
    else document.setIn(path, value);
  }
  return document.toString();
}

/** The problem lines of one declaration file in a folder of its own. */
function problemsOf(name: string, text: string): readonly string[] {
  const dir = mkdtempSync(join(tmpdir(), "pipelines-"));
  writeFileSync(join(dir, `${name}.yaml`), text);
  return readPipelineDeclarations(dir).problems;
}

describe(`${CASES.length} malformed pipeline declarations`, () => {
  it("are at least 40", () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES.map((c) => [c.what, c] as const))(
    "%s: blamed on its field with the value and what is allowed",
    (_, malformed) => {
      const problems = problemsOf(malformed.base, declarationText(malformed));
      const prefix = `pipeline "${malformed.base}": ${malformed.field}: `;
      const lines = problems.filter((line) => line.startsWith(prefix));
      expect(lines, problems.join("\n")).not.toEqual([]);
      expect(
        lines.some((line) => line.startsWith(`${prefix}got ${malformed.got}; expected `)),
        problems.join("\n"),
      ).toBe(true);
      if (malformed.suggest !== undefined) expect(lines.join("\n")).toContain(`did you mean "${malformed.suggest}"?`);
      if (malformed.only) expect(problems).toEqual(lines);
      for (const line of problems) expect(line).toMatch(/^pipeline "[a-z-]+": \S+: got .+; expected \S/);
    },
  );

  it.each(UNREADABLE)("%s: one line naming the pipeline and file", (_, text, says) => {
    const problems = problemsOf("orders", text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^pipeline "orders": /);
    expect(problems.join("\n")).toMatch(says);
    expect(problems.join("\n").length).toBeLessThan(2000);
  });

  it("the declared pipelines themselves have no problem", () => {
    expect(readPipelineDeclarations().problems).toEqual([]);
  });
});

describe("a bad declaration through the real CLI", () => {
  it("exits 2 with the pipeline's lines, no stack trace, no plan written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pipelines-"));
    const typo = CASES.find((c) => c.what.startsWith("a misspelt group-by column"))!;
    writeFileSync(join(dir, "orders.yaml"), declarationText(typo));
    writeFileSync(join(dir, "card-transactions.yaml"), UNREADABLE[0][1]);
    const out = join(dir, "out");
    const run = await runPlanCli(["--stack", "oss-dev", "--out", out], { BATCH_PLATFORM_PIPELINES_DIR: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("invalid pipeline declarations in pipelines/:");
    expect(run.stderr).toContain(`pipeline "orders": gold.groupBy[1]: got "contry"; expected a silver column`);
    expect(run.stderr).toMatch(/pipeline "card-transactions": .*alias/i);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, "oss-dev.json"))).toBe(false);
  });
});
