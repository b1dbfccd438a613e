"""Unit tests of the jobs' pure planning module (stdlib unittest, no pyspark / apache_beam).

Run: python3 -m unittest discover -s test/pipeline/python  (vitest runs it too).
"""

import datetime as dt
import decimal
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "components", "pipeline", "jobs"))

import medallion_plan as plan  # noqa: E402

CARDS = {
    "name": "card-transactions",
    "landingPrefix": "card-transactions/",
    "format": "json",
    "schedule": "0 * * * *",
    "silver": {
        "rename": {"TxnId": "transaction_id"},
        "cast": {"amount": "decimal", "transaction_ts": "timestamp"},
        "deriveDate": {"transaction_date": "transaction_ts"},
        "dropNullsIn": ["transaction_id", "amount"],
        "deduplicateOn": ["transaction_id"],
    },
    "gold": {
        "groupBy": ["card_id", "transaction_date"],
        "aggregates": [
            {"column": "*", "fn": "count", "as": "transactions"},
            {"column": "amount", "fn": "sum", "as": "total_amount"},
            {"column": "amount", "fn": "max", "as": "max_amount"},
            {"column": "amount", "fn": "avg", "as": "avg_amount"},
            {"column": "merchant_id", "fn": "count_distinct", "as": "distinct_merchants"},
        ],
        "filter": [{"column": "status", "op": "!=", "value": "declined"}],
    },
    "sink": {"table": "card_daily_risk", "mode": "merge", "keys": ["card_id", "transaction_date"]},
    "partitionBy": "transaction_date",
}


def load(spec=CARDS):
    return plan.load_spec(json.dumps(spec))


class LoadSpecTest(unittest.TestCase):
    def test_fills_silver_defaults(self):
        spec = plan.load_spec(json.dumps({**CARDS, "silver": {}}))
        self.assertEqual(spec["silver"]["rename"], {})
        self.assertEqual(spec["silver"]["deduplicateOn"], [])

    def test_rejects_names_that_could_inject_sql(self):
        for bad in ('x"; DROP TABLE y; --', "Amount", "a b"):
            broken = json.loads(json.dumps(CARDS))
            broken["gold"]["groupBy"] = [bad]
            with self.assertRaises(plan.SpecError):
                load(broken)

    def test_rejects_unsafe_filter_text(self):
        broken = json.loads(json.dumps(CARDS))
        broken["gold"]["filter"] = [{"column": "status", "op": "=", "value": "x' OR '1'='1"}]
        with self.assertRaises(plan.SpecError):
            load(broken)

    def test_lake_uris(self):
        self.assertEqual(plan.check_lake_uri("s3a://curated/x", "curated"), "s3a://curated/x/")
        for bad in ("s3a://b/x'", "file:///etc", "s3a://b/../c", "gs://b/a b"):
            with self.assertRaises(plan.SpecError):
                plan.check_lake_uri(bad, "landing")

    def test_run_suffix(self):
        self.assertEqual(plan.run_suffix("scheduled__2024-01-01T00:00:00+00:00"), "scheduled_2024_01_01t00_00_00_00_00")
        self.assertEqual(plan.run_suffix("%%%"), "run")


class SilverTest(unittest.TestCase):
    def test_steps_are_ordered(self):
        kinds = [step[0] for step in plan.silver_steps(load())]
        self.assertEqual(kinds, ["rename", "cast", "cast", "derive_date", "drop_nulls", "deduplicate"])

    def test_row_rules(self):
        row = plan.apply_silver_row(load(), {"TxnId": "t1", "amount": "12.345", "transaction_ts": "2024-05-01T10:11:12Z", "card_id": "c"})
        self.assertEqual(row["transaction_id"], "t1")
        self.assertEqual(row["amount"], decimal.Decimal("12.35"))
        self.assertEqual(row["transaction_date"], dt.date(2024, 5, 1))
        self.assertNotIn("TxnId", row)

    def test_unparsable_cast_is_null_and_dropped(self):
        self.assertIsNone(plan.cast_value("abc", "decimal"))
        self.assertIsNone(plan.apply_silver_row(load(), {"TxnId": "t1", "amount": "abc"}))

    def test_casts(self):
        self.assertEqual(plan.cast_value("42", "long"), 42)
        self.assertEqual(plan.cast_value("yes", "boolean"), True)
        self.assertIsNone(plan.cast_value("maybe", "boolean"))
        self.assertEqual(plan.cast_value("2024-02-29", "date"), dt.date(2024, 2, 29))
        self.assertIsNone(plan.cast_value("", "integer"))

    def test_filter(self):
        conditions = [{"column": "status", "op": "!=", "value": "declined"}, {"column": "amount", "op": ">=", "value": 10}]
        self.assertTrue(plan.filter_matches(conditions, {"status": "ok", "amount": decimal.Decimal("10.00")}))
        self.assertFalse(plan.filter_matches(conditions, {"status": "declined", "amount": decimal.Decimal("99")}))
        self.assertFalse(plan.filter_matches(conditions, {"status": None, "amount": decimal.Decimal("99")}))
        self.assertTrue(plan.filter_matches([{"column": "c", "op": "in", "value": ["a", "b"]}], {"c": "b"}))
        self.assertTrue(plan.filter_matches([{"column": "c", "op": "is_null"}], {}))


class GoldTest(unittest.TestCase):
    def test_columns_and_types(self):
        self.assertEqual(
            plan.gold_columns(load()),
            [
                ("card_id", "string"),
                ("transaction_date", "date"),
                ("transactions", "long"),
                ("total_amount", "decimal"),
                ("max_amount", "decimal"),
                ("avg_amount", "decimal"),
                ("distinct_merchants", "long"),
            ],
        )
        self.assertTrue(plan.bigquery_schema(plan.gold_columns(load())).startswith("card_id:STRING,transaction_date:DATE,transactions:INT64"))

    def test_aggregation_combines_like_sql(self):
        spec = load()
        rows = [
            {"amount": decimal.Decimal("10"), "merchant_id": "m1"},
            {"amount": decimal.Decimal("30"), "merchant_id": "m2"},
            {"amount": None, "merchant_id": "m1"},
        ]
        left = plan.add_row(spec, plan.new_accumulator(spec), rows[0])
        right = plan.new_accumulator(spec)
        for row in rows[1:]:
            plan.add_row(spec, right, row)
        merged = plan.merge_accumulators(spec, [left, right])
        out = plan.extract_output(spec, ("c1", dt.date(2024, 5, 1)), merged)
        self.assertEqual(out["card_id"], "c1")
        self.assertEqual(out["transactions"], 3)  # count(*) counts rows with nulls too
        self.assertEqual(out["total_amount"], decimal.Decimal("40"))
        self.assertEqual(out["max_amount"], decimal.Decimal("30"))
        self.assertEqual(out["avg_amount"], decimal.Decimal("20"))
        self.assertEqual(out["distinct_merchants"], 2)


class YsqlTest(unittest.TestCase):
    def test_merge_upserts_on_keys_in_quoted_identifiers(self):
        statements = plan.ysql_load_statements(load(), "serving", "card_daily_risk__stage_x")
        self.assertEqual(len(statements), 3)
        self.assertIn('PRIMARY KEY ("card_id", "transaction_date")', statements[0])
        self.assertIn('"total_amount" numeric', statements[0])
        self.assertIn('ON CONFLICT ("card_id", "transaction_date") DO UPDATE SET "transactions" = EXCLUDED."transactions"', statements[1])
        self.assertTrue(statements[2].startswith('DROP TABLE IF EXISTS "serving"."card_daily_risk__stage_x"'))

    def test_overwrite_replaces_rows(self):
        spec = json.loads(json.dumps(CARDS))
        spec["sink"] = {"table": "t", "mode": "overwrite"}
        statements = plan.ysql_load_statements(load(spec), "serving", "t__stage")
        self.assertEqual(statements[1], 'DELETE FROM "serving"."t"')
        self.assertNotIn("PRIMARY KEY", statements[0])

    def test_rejects_bad_schema(self):
        with self.assertRaises(plan.SpecError):
            plan.ysql_load_statements(load(), 'x"; --', "s")


if __name__ == "__main__":
    unittest.main()
