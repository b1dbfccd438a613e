"""Generic medallion pipeline for Dataflow (Apache Beam, run as a Flex Template).

The GCP counterpart of medallion_job.py: the same silver rules and gold view (both come from
medallion_plan), written to BigQuery instead of Delta:

- bronze  (<bronze_dataset>.<table>, appended): each landing record as JSON text plus
  `_ingested_at`, `_source_file`, `_run_id`;
- silver  (<silver_dataset>.<table>): renamed, cast, null-filtered rows; with a business key the
  table is rewritten as the union of the existing rows and this batch, newest version per key;
  without one the batch is appended;
- gold    (<gold_dataset>.<table>, rewritten): the business view over the whole silver table.

Airflow then MERGEs gold into the serving table (BigQueryInsertJobOperator).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import io
import json
import logging
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.gcp.bigquery import SCHEMA_AUTODETECT, BigQueryDisposition, ReadFromBigQuery, WriteToBigQuery
from apache_beam.options.pipeline_options import PipelineOptions

import medallion_plan as plan

BRONZE_SCHEMA = "_record:STRING,_source_file:STRING,_ingested_at:TIMESTAMP,_run_id:STRING"


def parse_args(argv: Optional[Sequence[str]]) -> Tuple[argparse.Namespace, List[str]]:
    parser = argparse.ArgumentParser(prog="medallion_beam", description=__doc__.splitlines()[0])
    parser.add_argument("--spec", required=True, help="the pipeline spec as JSON")
    parser.add_argument("--landing", required=True, help="gs:// URI of the files claimed for this run")
    parser.add_argument("--run_id", required=True, help="the orchestrator's run id, stored in bronze")
    parser.add_argument("--bigquery_project", required=True, help="project holding the medallion datasets")
    parser.add_argument("--bronze_dataset", default="bronze")
    parser.add_argument("--silver_dataset", default="silver")
    parser.add_argument("--gold_dataset", default="gold")
    return parser.parse_known_args(argv)


def json_value(value: Any, exact: bool) -> Any:
    """A value BigQuery's JSON load accepts. Decimals stay exact text where the schema says NUMERIC
    (gold) and become numbers where the schema is auto-detected (silver)."""
    if isinstance(value, decimal.Decimal):
        return str(value) if exact else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def bigquery_row(row: Dict[str, Any], exact: bool) -> Dict[str, Any]:
    return {key: json_value(value, exact) for key, value in row.items()}


def read_records(readable: Any, file_format: str) -> Iterator[Dict[str, Any]]:
    """Records of one landing file: CSV with a header row, JSON Lines, or Parquet."""
    if file_format == "parquet":
        import pyarrow.parquet as pq  # shipped with apache-beam[gcp]

        yield from pq.read_table(io.BytesIO(readable.read())).to_pylist()
        return
    with readable.open() as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="" if file_format == "csv" else None)
        if file_format == "csv":
            yield from csv.DictReader(text)
        else:
            for line in text:
                if line.strip():
                    yield json.loads(line)


class IngestFile(beam.DoFn):
    """Landing file → (record with ingestion metadata) pairs: the bronze and the silver input."""

    def __init__(self, file_format: str, run_id: str, ingested_at: str) -> None:
        self.file_format, self.run_id, self.ingested_at = file_format, run_id, ingested_at

    def process(self, readable: Any) -> Iterator[Dict[str, Any]]:
        path = readable.metadata.path
        if path.endswith("/") or path.rsplit("/", 1)[-1].startswith(("_", ".")):
            return  # folder placeholders, markers such as _SUCCESS, hidden files: skipped as Spark does
        for record in read_records(readable, self.file_format):
            yield {**record, "_source_file": path, "_ingested_at": self.ingested_at, "_run_id": self.run_id}


def bronze_row(record: Dict[str, Any]) -> Dict[str, Any]:
    payload = {k: v for k, v in record.items() if k not in plan.INGESTION_COLUMNS}
    return {
        "_record": json.dumps(payload, default=str, sort_keys=True),
        "_source_file": record["_source_file"],
        "_ingested_at": record["_ingested_at"],
        "_run_id": record["_run_id"],
    }


class GoldCombineFn(beam.CombineFn):
    """All of gold's aggregates for one group in a single pass (see medallion_plan)."""

    def __init__(self, spec: Dict[str, Any]) -> None:
        super().__init__()
        self.spec = spec

    def create_accumulator(self) -> List[Any]:
        return plan.new_accumulator(self.spec)

    def add_input(self, accumulator: List[Any], row: Dict[str, Any]) -> List[Any]:
        return plan.add_row(self.spec, accumulator, row)

    def merge_accumulators(self, accumulators: Any) -> List[Any]:
        return plan.merge_accumulators(self.spec, accumulators)

    def extract_output(self, accumulator: List[Any]) -> List[Any]:
        return accumulator


def group_key(spec: Dict[str, Any], row: Dict[str, Any]) -> Tuple[Any, ...]:
    # Keys must encode deterministically: dates and decimals become text, as they are loaded anyway.
    return tuple(json_value(row.get(column), exact=True) for column in spec["gold"]["groupBy"])


def newest_per_key(element: Tuple[Any, Any]) -> Dict[str, Any]:
    """Of the versions of one business key, the batch's (priority 1) over the stored one (0)."""
    _, versions = element
    return max(versions, key=lambda version: (version[0], str(version[1].get("_source_file"))))[1]


def table_exists(project: str, dataset: str, table: str) -> bool:
    from google.api_core.exceptions import NotFound
    from google.cloud import bigquery

    try:
        bigquery.Client(project=project).get_table(f"{project}.{dataset}.{table}")
        return True
    except NotFound:
        return False


def write(table: str, schema: str, disposition: str, extra: Optional[Dict[str, Any]] = None) -> WriteToBigQuery:
    return WriteToBigQuery(
        table=table,
        schema=schema,
        create_disposition=BigQueryDisposition.CREATE_IF_NEEDED,
        write_disposition=disposition,
        method=WriteToBigQuery.Method.FILE_LOADS,
        additional_bq_parameters=extra or {},
    )


def build(pipeline: beam.Pipeline, spec: Dict[str, Any], args: argparse.Namespace, silver_exists: bool) -> None:
    name = plan.table_name(spec)
    landing = plan.check_lake_uri(args.landing, "--landing")
    bronze_table = f"{args.bigquery_project}:{args.bronze_dataset}.{name}"
    silver_table = f"{args.bigquery_project}:{args.silver_dataset}.{name}"
    gold_table = f"{args.bigquery_project}:{args.gold_dataset}.{name}"
    ingested_at = dt.datetime.now(dt.timezone.utc).isoformat()
    partition = spec.get("partitionBy")
    partitioning = {"timePartitioning": {"type": "DAY", "field": partition}} if partition else {}

    records = (
        pipeline
        | "MatchLanding" >> fileio.MatchFiles(landing + "**")
        | "ReadMatches" >> fileio.ReadMatches()
        | "Ingest" >> beam.ParDo(IngestFile(spec["format"], args.run_id, ingested_at))
    )
    _ = records | "BronzeRows" >> beam.Map(bronze_row) | "WriteBronze" >> write(
        bronze_table, BRONZE_SCHEMA, BigQueryDisposition.WRITE_APPEND
    )

    batch = (
        records
        | "Silver" >> beam.Map(lambda record: plan.apply_silver_row(spec, record))
        | "DropRejected" >> beam.Filter(lambda row: row is not None)
    )
    if silver_exists:
        stored = (
            pipeline
            | "ReadSilver" >> ReadFromBigQuery(table=silver_table, method=ReadFromBigQuery.Method.DIRECT_READ)
            # Re-applying the rules is idempotent and restores Python types (dates, decimals).
            | "RetypeSilver" >> beam.Map(lambda row: plan.apply_silver_row(spec, row))
            | "DropStoredRejected" >> beam.Filter(lambda row: row is not None)
        )
    else:
        stored = pipeline | "NoSilverYet" >> beam.Create([])

    if spec["silver"]["deduplicateOn"]:
        silver = (
            (
                stored | "TagStored" >> beam.Map(lambda row: (0, row)),
                batch | "TagBatch" >> beam.Map(lambda row: (1, row)),
            )
            | "UnionSilver" >> beam.Flatten()
            | "KeyByBusinessKey" >> beam.Map(lambda tagged: (json.dumps(group_key_of(spec, tagged[1])), tagged))
            | "GroupVersions" >> beam.GroupByKey()
            | "NewestVersion" >> beam.Map(newest_per_key)
        )
        silver_rows, silver_disposition = silver, BigQueryDisposition.WRITE_TRUNCATE
    else:
        silver = (stored, batch) | "UnionSilver" >> beam.Flatten()
        silver_rows, silver_disposition = batch, BigQueryDisposition.WRITE_APPEND
    _ = (
        silver_rows
        | "SilverRows" >> beam.Map(lambda row: bigquery_row(row, exact=False))
        | "WriteSilver" >> write(silver_table, SCHEMA_AUTODETECT, silver_disposition, partitioning)
    )

    conditions = spec["gold"].get("filter") or []
    _ = (
        silver
        | "GoldFilter" >> beam.Filter(lambda row: plan.filter_matches(conditions, row))
        | "KeyByGroup" >> beam.Map(lambda row: (group_key(spec, row), row))
        | "Aggregate" >> beam.CombinePerKey(GoldCombineFn(spec))
        | "GoldRows" >> beam.MapTuple(lambda key, acc: bigquery_row(plan.extract_output(spec, key, acc), exact=True))
        | "WriteGold" >> write(
            gold_table,
            plan.bigquery_schema(plan.gold_columns(spec)),
            BigQueryDisposition.WRITE_TRUNCATE,
            partitioning,
        )
    )


def group_key_of(spec: Dict[str, Any], row: Dict[str, Any]) -> List[Any]:
    """The business key (silver.deduplicateOn) as JSON-encodable values."""
    return [json_value(value, exact=True) for value in plan.dedupe_key(spec, row)]


def run(argv: Optional[Sequence[str]] = None) -> None:
    args, pipeline_args = parse_args(argv)
    spec = plan.load_spec(args.spec)
    for dataset in (args.bronze_dataset, args.silver_dataset, args.gold_dataset):
        plan.check_identifier(dataset, "dataset")
    silver_exists = table_exists(args.bigquery_project, args.silver_dataset, plan.table_name(spec))
    # The workers run this image too (sdkContainerImage), so medallion_plan is importable there.
    options = PipelineOptions(pipeline_args, save_main_session=False)
    pipeline = beam.Pipeline(options=options)
    build(pipeline, spec, args, silver_exists)
    # Submit and return: a Flex Template launcher must not block on wait_until_finish; Airflow
    # (DataflowStartFlexTemplateOperator) waits for the job's terminal state instead.
    pipeline.run()


if __name__ == "__main__":
    logging.getLogger().setLevel(logging.INFO)
    run()
