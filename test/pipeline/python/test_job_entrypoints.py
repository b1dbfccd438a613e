"""Tests of the jobs' engine-free parts: argument parsing, zone layout, file reading and row helpers.

pyspark and apache_beam are not installed here; the Beam module is imported against minimal
stand-ins of the names it uses at import time, and only helpers that need no runner are called.
"""

import io
import json
import os
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "components", "pipeline", "jobs"))


def _install_beam_stand_ins():
    beam = types.ModuleType("apache_beam")
    beam.DoFn = type("DoFn", (), {})
    beam.CombineFn = type("CombineFn", (), {"__init__": lambda self: None})
    io_module = types.ModuleType("apache_beam.io")
    io_module.fileio = types.ModuleType("apache_beam.io.fileio")
    bigquery = types.ModuleType("apache_beam.io.gcp.bigquery")
    for name in ("SCHEMA_AUTODETECT", "BigQueryDisposition", "ReadFromBigQuery", "WriteToBigQuery"):
        setattr(bigquery, name, object())
    options = types.ModuleType("apache_beam.options.pipeline_options")
    options.PipelineOptions = object
    for name, module in {
        "apache_beam": beam,
        "apache_beam.io": io_module,
        "apache_beam.io.fileio": io_module.fileio,
        "apache_beam.io.gcp": types.ModuleType("apache_beam.io.gcp"),
        "apache_beam.io.gcp.bigquery": bigquery,
        "apache_beam.options": types.ModuleType("apache_beam.options"),
        "apache_beam.options.pipeline_options": options,
    }.items():
        sys.modules.setdefault(name, module)


_install_beam_stand_ins()

import medallion_beam as beam_job  # noqa: E402
import medallion_job as spark_job  # noqa: E402
import medallion_plan as plan  # noqa: E402

SPEC = plan.load_spec(
    json.dumps(
        {
            "name": "orders",
            "format": "csv",
            "silver": {"cast": {"amount": "decimal"}, "deduplicateOn": ["order_id"]},
            "gold": {"groupBy": ["country"], "aggregates": [{"column": "amount", "fn": "sum", "as": "revenue"}]},
            "sink": {"table": "daily_revenue", "mode": "merge", "keys": ["country"]},
        }
    )
)


class FakeReadable:
    def __init__(self, path, data):
        self.metadata = types.SimpleNamespace(path=path)
        self.data = data

    def open(self):
        return io.BytesIO(self.data)

    def read(self):
        return self.data


class SparkArgumentsTest(unittest.TestCase):
    def test_process_needs_landing(self):
        with self.assertRaises(SystemExit):
            spark_job.parse_args(["--spec", "{}", "--processing", "s3a://p/", "--curated", "s3a://c/", "--run-id", "r"])

    def test_bigquery_load_needs_a_qualified_table(self):
        base = ["--spec", "{}", "--stage", "load", "--processing", "gs://p/", "--curated", "gs://c/", "--run-id", "r", "--load-target", "bigquery"]
        with self.assertRaises(SystemExit):
            spark_job.parse_args(base + ["--bigquery-table", "gold.orders"])
        args = spark_job.parse_args(base + ["--bigquery-table", "my-project.gold.orders"])
        self.assertEqual(args.bigquery_table, "my-project.gold.orders")

    def test_parquet_export_needs_a_uri_and_a_catalog_is_an_identifier(self):
        base = ["--spec", "{}", "--stage", "load", "--processing", "abfss://processing@a.dfs.core.windows.net/",
                "--curated", "abfss://curated@a.dfs.core.windows.net/", "--run-id", "r", "--load-target", "parquet"]
        with self.assertRaises(SystemExit):
            spark_job.parse_args(base)
        export = "abfss://curated@a.dfs.core.windows.net/exports/orders/r1"
        args = spark_job.parse_args(base + ["--export-uri", export, "--catalog", "batch_platform_dev"])
        self.assertEqual((args.export_uri, args.catalog), (export, "batch_platform_dev"))
        with self.assertRaises(Exception):
            spark_job.parse_args(base + ["--export-uri", export, "--catalog", "bad-catalog; DROP"])

    def test_rejects_a_jdbc_url_with_credentials(self):
        with self.assertRaises(SystemExit):
            spark_job.parse_args(
                ["--spec", "{}", "--stage", "load", "--processing", "s3a://p/", "--curated", "s3a://c/", "--run-id", "r",
                 "--jdbc-url", "jdbc:postgresql://h:5433/db?user=a&password=b"]
            )

    def test_zone_layout(self):
        args = spark_job.parse_args(
            ["--spec", "{}", "--processing", "s3a://processing", "--curated", "s3a://curated/", "--run-id", "r", "--landing", "s3a://landing/x/"]
        )
        zones = spark_job.Zones(args, "orders")
        self.assertEqual(zones.table_location("bronze"), "s3a://processing/bronze/orders")
        self.assertEqual(zones.table_location("silver"), "s3a://processing/silver/orders")
        self.assertEqual(zones.table_location("gold"), "s3a://curated/gold/orders")
        self.assertEqual(zones.database_location("gold"), "s3a://curated/gold/")

    def test_spec_file(self):
        path = os.path.join(HERE, "_spec.tmp.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({**SPEC, "silver": {}}, handle)
        try:
            args = spark_job.parse_args(["--spec-file", path, "--processing", "s3a://p/", "--curated", "s3a://c/", "--run-id", "r", "--landing", "s3a://l/"])
            self.assertEqual(spark_job.read_spec(args)["name"], "orders")
        finally:
            os.remove(path)


class BeamHelpersTest(unittest.TestCase):
    def test_reads_csv_and_json_lines(self):
        csv_rows = list(beam_job.read_records(FakeReadable("gs://l/a.csv", b"order_id,amount\n1,2.50\n2,3\n"), "csv"))
        self.assertEqual(csv_rows, [{"order_id": "1", "amount": "2.50"}, {"order_id": "2", "amount": "3"}])
        json_rows = list(beam_job.read_records(FakeReadable("gs://l/a.json", b'{"a": 1}\n\n{"a": 2}\n'), "json"))
        self.assertEqual(json_rows, [{"a": 1}, {"a": 2}])

    def test_ingest_adds_metadata_and_skips_markers(self):
        ingest = beam_job.IngestFile("csv", "run-1", "2024-01-01T00:00:00+00:00")
        rows = list(ingest.process(FakeReadable("gs://l/x/a.csv", b"order_id\n7\n")))
        self.assertEqual(rows, [{"order_id": "7", "_source_file": "gs://l/x/a.csv", "_ingested_at": "2024-01-01T00:00:00+00:00", "_run_id": "run-1"}])
        self.assertEqual(list(ingest.process(FakeReadable("gs://l/x/_SUCCESS", b""))), [])
        self.assertEqual(list(ingest.process(FakeReadable("gs://l/x/", b""))), [])

    def test_bronze_row_keeps_the_record_as_json(self):
        row = beam_job.bronze_row({"b": 2, "a": 1, "_source_file": "f", "_ingested_at": "t", "_run_id": "r"})
        self.assertEqual(row, {"_record": '{"a": 1, "b": 2}', "_source_file": "f", "_ingested_at": "t", "_run_id": "r"})

    def test_newest_version_wins(self):
        stored, batch = (0, {"order_id": "1", "amount": 1}), (1, {"order_id": "1", "amount": 2})
        self.assertEqual(beam_job.newest_per_key(("k", [batch, stored]))["amount"], 2)
        self.assertEqual(beam_job.newest_per_key(("k", [stored, batch]))["amount"], 2)

    def test_gold_rows_are_loadable(self):
        import decimal

        combine = beam_job.GoldCombineFn(SPEC)
        accumulator = combine.create_accumulator()
        for amount in ("1.10", "2.20"):
            accumulator = combine.add_input(accumulator, {"country": "DE", "amount": decimal.Decimal(amount)})
        merged = combine.merge_accumulators([accumulator, combine.create_accumulator()])
        row = beam_job.bigquery_row(plan.extract_output(SPEC, beam_job.group_key(SPEC, {"country": "DE"}), merged), exact=True)
        self.assertEqual(row, {"country": "DE", "revenue": "3.30"})
        self.assertEqual(beam_job.json_value(decimal.Decimal("3.30"), exact=False), 3.3)


if __name__ == "__main__":
    unittest.main()
