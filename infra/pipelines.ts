import type { BatchPipelineInput, BatchPipelineSpec } from "../components/pipeline/batch-pipeline-spec";
import { validatePipelineSpec } from "../components/pipeline/batch-pipeline-spec";

/**
 * The platform's example pipelines, declared once and compiled for every variant.
 * Validated at import so a bad edit fails the plan with the key path, not at run time.
 */
const declared: readonly BatchPipelineInput[] = [
  {
    // Daily revenue per country from the shop's order exports.
    name: "orders",
    landingPrefix: "orders/",
    format: "csv",
    schedule: "@daily",
    silver: {
      rename: { OrderID: "order_id", OrderDate: "order_date", Country: "country", Amount: "amount", Status: "status" },
      cast: { order_date: "date", amount: "decimal" },
      dropNullsIn: ["order_id", "order_date", "amount"],
      deduplicateOn: ["order_id"],
    },
    gold: {
      groupBy: ["order_date", "country"],
      aggregates: [
        { column: "amount", fn: "sum", as: "revenue" },
        { column: "*", fn: "count", as: "orders" },
      ],
      filter: [{ column: "status", op: "!=", value: "cancelled" }],
    },
    sink: { table: "daily_revenue", mode: "merge", keys: ["order_date", "country"] },
    partitionBy: "order_date",
  },
  {
    // Anti-fraud features per card and day (the seed talk's example).
    name: "card-transactions",
    landingPrefix: "card-transactions/",
    format: "json",
    schedule: "0 * * * *",
    silver: {
      cast: { amount: "decimal", transaction_ts: "timestamp" },
      deriveDate: { transaction_date: "transaction_ts" },
      dropNullsIn: ["transaction_id", "card_id", "amount", "transaction_ts"],
      deduplicateOn: ["transaction_id"],
    },
    gold: {
      groupBy: ["card_id", "transaction_date"],
      aggregates: [
        { column: "*", fn: "count", as: "transactions" },
        { column: "amount", fn: "sum", as: "total_amount" },
        { column: "amount", fn: "max", as: "max_amount" },
        { column: "merchant_id", fn: "count_distinct", as: "distinct_merchants" },
      ],
    },
    sink: { table: "card_daily_risk", mode: "merge", keys: ["card_id", "transaction_date"] },
    partitionBy: "transaction_date",
  },
];

/** The sample pipelines, validated, defaults filled in. */
export const samplePipelines: readonly BatchPipelineSpec[] = declared.map((input, i) =>
  validatePipelineSpec(input, `samplePipelines[${i}]`),
);
