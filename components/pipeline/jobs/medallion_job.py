"""Generic medallion job for Spark on Kubernetes (Spark Operator) with Delta Lake.

Stage `process`: landing files -> bronze (as read + ingestion metadata, appended) -> silver
(renamed, cast, null-filtered, deduplicated: merged on the business key) -> gold (the business
view, rebuilt for the partitions this batch touched). Bronze and silver live in the processing
zone, gold in the curated zone; all three are registered in the Hive Metastore as Delta tables.

Stage `load`: gold -> the serving store. `ysql` writes YugabyteDB over JDBC (a staging table,
then one upsert/overwrite transaction); `bigquery` writes a BigQuery table with the
spark-bigquery connector (GKE variant), which Airflow then merges into the serving table;
`parquet` writes gold as Parquet files under `--export-uri` (one folder per run), which the
warehouse loads (Synapse COPY INTO, Azure variant).

With `--catalog` (Databricks Unity Catalog) the tables are registered as `<catalog>.<layer>.<table>`
external tables; the catalog and its schemas belong to the infrastructure code.

Credentials never appear in arguments: object storage keys reach Hadoop's S3A through the
AWS_* environment variables and YSQL credentials through YSQL_USER / YSQL_PASSWORD, all set
from Kubernetes Secrets by the SparkApplication.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from typing import Any, Dict, List, Mapping, Optional, Sequence

import medallion_plan as plan

LOG = logging.getLogger("medallion")
JDBC_URL = re.compile(r"^jdbc:postgresql://[A-Za-z0-9.\-]+(:[0-9]{1,5})?/[A-Za-z0-9_]+(\?[A-Za-z0-9=&_\-]*)?$")
BIGQUERY_TABLE = re.compile(r"^[a-z][a-z0-9\-]{4,28}[a-z0-9]\.[A-Za-z_][A-Za-z0-9_]{0,1023}\.[a-z_][a-z0-9_]{0,62}$")
ZONE_DATABASES = {"bronze": "processing", "silver": "processing", "gold": "curated"}


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="medallion_job", description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--spec", help="the pipeline spec as JSON")
    source.add_argument("--spec-file", help="a file holding the pipeline spec as JSON")
    parser.add_argument("--stage", choices=("process", "load"), default="process")
    parser.add_argument("--landing", help="URI of the files to ingest (the run's claimed landing prefix)")
    parser.add_argument("--processing", required=True, help="URI of the processing zone (bronze, silver)")
    parser.add_argument("--curated", required=True, help="URI of the curated zone (gold)")
    parser.add_argument("--run-id", required=True, help="the orchestrator's run id, stored in bronze")
    parser.add_argument("--load-target", choices=("ysql", "bigquery", "parquet"), default="ysql")
    parser.add_argument("--export-uri", help="lake URI receiving gold as Parquet (load-target parquet)")
    parser.add_argument("--catalog", help="Unity Catalog catalog to register the tables in (Databricks)")
    parser.add_argument("--jdbc-url", help="YugabyteDB YSQL JDBC URL, without credentials")
    parser.add_argument("--ysql-schema", default="public", help="serving schema in YugabyteDB")
    parser.add_argument("--bigquery-table", help="project.dataset.table receiving gold (load-target bigquery)")
    args = parser.parse_args(argv)
    if args.stage == "process" and not args.landing:
        parser.error("--landing is required for --stage process")
    if args.stage == "load" and args.load_target == "ysql" and not (args.jdbc_url and JDBC_URL.match(args.jdbc_url)):
        parser.error("--jdbc-url jdbc:postgresql://host:port/database is required for --load-target ysql")
    if args.jdbc_url and re.search(r"(user|password)=", args.jdbc_url, re.IGNORECASE):
        parser.error("--jdbc-url must not carry credentials; they come from YSQL_USER / YSQL_PASSWORD")
    if args.stage == "load" and args.load_target == "bigquery" and not (
        args.bigquery_table and BIGQUERY_TABLE.match(args.bigquery_table)
    ):
        parser.error("--bigquery-table project.dataset.table is required for --load-target bigquery")
    if args.stage == "load" and args.load_target == "parquet" and not args.export_uri:
        parser.error("--export-uri is required for --load-target parquet")
    if args.catalog is not None:
        plan.check_identifier(args.catalog, "--catalog")
    return args


def read_spec(args: argparse.Namespace) -> Dict[str, Any]:
    if args.spec_file:
        with open(args.spec_file, encoding="utf-8") as handle:
            return plan.load_spec(handle.read())
    return plan.load_spec(args.spec)


class Zones:
    """Table locations: <processing>bronze/<table>/, <processing>silver/<table>/, <curated>gold/<table>/."""

    def __init__(self, args: argparse.Namespace, table: str) -> None:
        self.roots = {
            "processing": plan.check_lake_uri(args.processing, "--processing"),
            "curated": plan.check_lake_uri(args.curated, "--curated"),
        }
        self.table = table

    def database_location(self, database: str) -> str:
        return f"{self.roots[ZONE_DATABASES[database]]}{database}/"

    def table_location(self, database: str) -> str:
        return f"{self.database_location(database)}{self.table}"


def spark_session(app_name: str):
    from pyspark.sql import SparkSession

    # Delta extensions, S3A/GCS settings and the metastore URI come from the SparkApplication's sparkConf.
    return (
        SparkSession.builder.appName(app_name)
        .config("spark.databricks.delta.schema.autoMerge.enabled", "true")
        .enableHiveSupport()
        .getOrCreate()
    )


def register_table(spark, zones: Zones, database: str, catalog: Optional[str] = None) -> None:
    """Makes the Delta table visible to Trino/Zeppelin (Hive Metastore) or in a Unity Catalog catalog."""
    plan.check_identifier(database, "database")  # validated by load_spec already; checked again for SQL
    plan.check_identifier(zones.table, "table")
    if catalog is not None:
        # The catalog and its schemas exist (infrastructure code); the table is external, at its lake location.
        spark.sql(
            f"CREATE TABLE IF NOT EXISTS {plan.check_identifier(catalog, 'catalog')}.{database}.{zones.table} "
            f"USING DELTA LOCATION '{zones.table_location(database)}'"
        )
        return
    spark.sql(f"CREATE DATABASE IF NOT EXISTS {database} LOCATION '{zones.database_location(database)}'")
    spark.sql(
        f"CREATE TABLE IF NOT EXISTS {database}.{zones.table} USING DELTA LOCATION '{zones.table_location(database)}'"
    )


def has_input_files(spark, uri: str) -> bool:
    """True when the landing URI holds at least one data file (hidden/underscore files ignored)."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(path):
        return False
    files = fs.listFiles(path, True)
    while files.hasNext():
        name = files.next().getPath().getName()
        if not name.startswith(("_", ".")):
            return True
    return False


def read_landing(spark, spec: Mapping[str, Any], uri: str, run_id: str):
    from pyspark.sql import functions as F

    reader = spark.read.option("recursiveFileLookup", "true")
    if spec["format"] == "csv":
        frame = reader.option("header", "true").option("inferSchema", "false").csv(uri)
    elif spec["format"] == "json":
        frame = reader.json(uri)  # JSON Lines: one object per line
    else:
        frame = reader.parquet(uri)
    return (
        frame.withColumn("_ingested_at", F.current_timestamp())
        .withColumn("_source_file", F.col("_metadata.file_path"))
        .withColumn("_run_id", F.lit(run_id))
    )


def to_silver(frame, spec: Mapping[str, Any]):
    from pyspark.sql import functions as F

    for kind, first, second in plan.silver_steps(spec):
        if kind == "rename":
            if first not in frame.columns:
                raise ValueError(f"silver.rename: column {first!r} is not in the landing files ({frame.columns})")
            frame = frame.withColumnRenamed(first, second)
        elif kind == "cast":
            frame = frame.withColumn(first, F.col(first).cast(plan.SPARK_TYPES[second]))
        elif kind == "derive_date":
            frame = frame.withColumn(first, F.to_date(F.col(second)))
        elif kind == "drop_nulls":
            frame = frame.dropna(subset=first)
        elif kind == "deduplicate":
            frame = frame.dropDuplicates(first)
    return frame


def write_silver(spark, batch, spec: Mapping[str, Any], location: str) -> None:
    from delta.tables import DeltaTable

    keys: List[str] = spec["silver"]["deduplicateOn"]
    partition = spec.get("partitionBy")
    if keys and DeltaTable.isDeltaTable(spark, location):
        # Upsert on the business key: a re-delivered record replaces its earlier version.
        condition = " AND ".join(f"t.`{key}` <=> s.`{key}`" for key in keys)
        (
            DeltaTable.forPath(spark, location)
            .alias("t")
            .merge(batch.alias("s"), condition)
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .execute()
        )
        return
    writer = batch.write.format("delta").mode("append").option("mergeSchema", "true")
    if partition:
        writer = writer.partitionBy(partition)
    writer.save(location)


def filter_column(condition: Mapping[str, Any]):
    from pyspark.sql import functions as F

    column, op, value = F.col(condition["column"]), condition["op"], condition.get("value")
    if op == "is_null":
        return column.isNull()
    if op == "is_not_null":
        return column.isNotNull()
    if op == "in":
        return column.isin(list(value))
    literal = F.lit(value)
    return {
        "=": column == literal,
        "!=": column != literal,
        ">": column > literal,
        ">=": column >= literal,
        "<": column < literal,
        "<=": column <= literal,
    }[op]


def aggregate_column(aggregate: Mapping[str, Any]):
    from pyspark.sql import functions as F

    fn, name = aggregate["fn"], aggregate["column"]
    if fn == "count":
        expression = F.count(F.lit(1)) if name == "*" else F.count(F.col(name))
    elif fn == "count_distinct":
        expression = F.countDistinct(F.col(name))
    else:
        expression = {"sum": F.sum, "avg": F.avg, "min": F.min, "max": F.max}[fn](F.col(name))
    return expression.alias(aggregate["as"])


def build_gold(spark, batch, spec: Mapping[str, Any], silver_location: str):
    """Gold from the whole silver table, or only from the partitions this batch touched."""
    from pyspark.sql import functions as F

    silver = spark.read.format("delta").load(silver_location)
    partition = spec.get("partitionBy")
    if partition:
        touched = [row[0] for row in batch.select(partition).distinct().collect()]
        if not touched:
            return None
        silver = silver.where(F.col(partition).isin(touched))
    for condition in spec["gold"].get("filter") or []:
        silver = silver.where(filter_column(condition))
    gold = spec["gold"]
    return silver.groupBy(*gold["groupBy"]).agg(*[aggregate_column(a) for a in gold["aggregates"]])


def write_gold(frame, spec: Mapping[str, Any], location: str) -> None:
    partition = spec.get("partitionBy")
    writer = frame.write.format("delta").mode("overwrite")
    if partition:
        # Replace only the partitions present in `frame`; the others keep their rows.
        writer = writer.partitionBy(partition).option("partitionOverwriteMode", "dynamic")
    else:
        writer = writer.option("overwriteSchema", "true")
    writer.save(location)


def process(spark, spec: Mapping[str, Any], args: argparse.Namespace) -> None:
    zones = Zones(args, plan.table_name(spec))
    landing = plan.check_lake_uri(args.landing, "--landing")
    if not has_input_files(spark, landing):
        LOG.warning("no files under %s: nothing to ingest", landing)
        return
    bronze = read_landing(spark, spec, landing, args.run_id).cache()
    bronze.write.format("delta").mode("append").option("mergeSchema", "true").save(zones.table_location("bronze"))
    register_table(spark, zones, "bronze", args.catalog)

    silver_batch = to_silver(bronze, spec).cache()
    write_silver(spark, silver_batch, spec, zones.table_location("silver"))
    register_table(spark, zones, "silver", args.catalog)

    gold = build_gold(spark, silver_batch, spec, zones.table_location("silver"))
    if gold is not None:
        write_gold(gold, spec, zones.table_location("gold"))
        register_table(spark, zones, "gold", args.catalog)
    LOG.info("processed %s rows into bronze/silver/gold %s", bronze.count(), zones.table)


def execute_ysql(spark, url: str, statements: Sequence[str], user: str, password: str) -> None:
    """Runs the load statements: DDL first (YSQL DDL commits on its own), then DML in one transaction."""
    jvm = spark.sparkContext._jvm
    properties = jvm.java.util.Properties()
    properties.setProperty("user", user)
    properties.setProperty("password", password)
    # Through the driver class, not DriverManager: --packages jars live in a child class loader.
    connection = jvm.org.postgresql.Driver().connect(url, properties)
    try:
        statement = connection.createStatement()
        statement.execute(statements[0])
        connection.setAutoCommit(False)
        for sql in statements[1:-1]:
            statement.execute(sql)
        connection.commit()
        connection.setAutoCommit(True)
        statement.execute(statements[-1])
    except Exception:
        connection.rollback()
        raise
    finally:
        connection.close()


def load(spark, spec: Mapping[str, Any], args: argparse.Namespace) -> None:
    zones = Zones(args, plan.table_name(spec))
    gold = spark.read.format("delta").load(zones.table_location("gold"))
    if args.load_target == "parquet":
        gold.write.format("parquet").mode("overwrite").save(plan.check_lake_uri(args.export_uri, "--export-uri"))
        return
    if args.load_target == "bigquery":
        gold.write.format("bigquery").option("writeMethod", "direct").mode("overwrite").save(args.bigquery_table)
        return
    user, password = os.environ.get("YSQL_USER"), os.environ.get("YSQL_PASSWORD")
    if not user or not password:
        raise RuntimeError("YSQL_USER and YSQL_PASSWORD must be set (from the YugabyteDB credentials Secret)")
    schema = plan.check_identifier(args.ysql_schema, "--ysql-schema")
    staging = f"{spec['sink']['table']}__stage_{plan.run_suffix(args.run_id)}"[:63]
    (
        gold.write.format("jdbc")
        .option("url", args.jdbc_url)
        .option("driver", "org.postgresql.Driver")
        .option("dbtable", f'"{schema}"."{staging}"')
        .option("user", user)
        .option("password", password)
        .mode("overwrite")
        .save()
    )
    execute_ysql(spark, args.jdbc_url, plan.ysql_load_statements(spec, schema, staging), user, password)


def main(argv: Optional[Sequence[str]] = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    spec = read_spec(args)
    spark = spark_session(f"medallion-{spec['name']}-{args.stage}")
    try:
        if args.stage == "process":
            process(spark, spec, args)
        else:
            load(spark, spec, args)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
