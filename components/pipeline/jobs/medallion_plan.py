"""Pure planning logic shared by the Spark and Beam medallion jobs.

Standard library only, so it runs (and is unit-tested) without pyspark or apache_beam. The
pipeline spec is the JSON form of the TypeScript BatchPipelineSpec; it was validated there, and is
checked again here because the jobs must never trust their arguments blindly (the names end up
in SQL statements).
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import json
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
SOURCE_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
# Lake URIs the jobs accept; no quotes or spaces, so they can sit inside a LOCATION '...' clause.
LAKE_URI = re.compile(r"^(s3a|gs|abfss)://[A-Za-z0-9._\-/@]+$")
SAFE_TEXT = re.compile(r"^[A-Za-z0-9 _.:@+\-]*$")

INGESTION_COLUMNS = ("_ingested_at", "_source_file", "_run_id")
FORMATS = ("csv", "json", "parquet")
AGGREGATE_FUNCTIONS = ("sum", "count", "avg", "min", "max", "count_distinct")
FILTER_OPERATORS = ("=", "!=", ">", ">=", "<", "<=", "in", "is_null", "is_not_null")

SPARK_TYPES = {
    "string": "string",
    "integer": "int",
    "long": "bigint",
    "double": "double",
    "decimal": "decimal(18,2)",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp",
}
BIGQUERY_TYPES = {
    "string": "STRING",
    "integer": "INT64",
    "long": "INT64",
    "double": "FLOAT64",
    "decimal": "NUMERIC",
    "boolean": "BOOL",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}
YSQL_TYPES = {
    "string": "text",
    "integer": "integer",
    "long": "bigint",
    "double": "double precision",
    "decimal": "numeric",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp",
}

Spec = Mapping[str, Any]
Row = Dict[str, Any]


class SpecError(ValueError):
    """The spec is not one the TypeScript validator could have produced."""


def check_identifier(value: Any, where: str, pattern: "re.Pattern[str]" = IDENTIFIER) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise SpecError(f"{where}: got {value!r}; expected an identifier matching {pattern.pattern}")
    return value


def load_spec(text: str) -> Dict[str, Any]:
    """Parses the JSON spec, fills silver defaults and re-checks every name that reaches SQL."""
    spec = json.loads(text)
    if not isinstance(spec, dict):
        raise SpecError("spec: expected a JSON object")
    if spec.get("format") not in FORMATS:
        raise SpecError(f"format: got {spec.get('format')!r}; expected one of {', '.join(FORMATS)}")
    check_identifier(table_name(spec), "name")
    silver = dict(spec.get("silver") or {})
    for key in ("rename", "cast", "deriveDate"):
        silver[key] = dict(silver.get(key) or {})
    for key in ("dropNullsIn", "deduplicateOn"):
        silver[key] = list(silver.get(key) or [])
    spec["silver"] = silver
    for source, target in silver["rename"].items():
        check_identifier(source, "silver.rename", SOURCE_COLUMN)
        check_identifier(target, f"silver.rename.{source}")
    for column, type_name in silver["cast"].items():
        check_identifier(column, "silver.cast")
        if type_name not in SPARK_TYPES:
            raise SpecError(f"silver.cast.{column}: got {type_name!r}")
    for column, source in silver["deriveDate"].items():
        check_identifier(column, "silver.deriveDate")
        check_identifier(source, f"silver.deriveDate.{column}")
    for column in silver["dropNullsIn"] + silver["deduplicateOn"]:
        check_identifier(column, "silver")
    gold = spec.get("gold") or {}
    for column in gold.get("groupBy") or []:
        check_identifier(column, "gold.groupBy")
    for aggregate in gold.get("aggregates") or []:
        if aggregate.get("fn") not in AGGREGATE_FUNCTIONS:
            raise SpecError(f"gold.aggregates: got fn {aggregate.get('fn')!r}")
        if aggregate.get("column") != "*":
            check_identifier(aggregate.get("column"), "gold.aggregates.column")
        check_identifier(aggregate.get("as"), "gold.aggregates.as")
    for condition in gold.get("filter") or []:
        check_identifier(condition.get("column"), "gold.filter.column")
        if condition.get("op") not in FILTER_OPERATORS:
            raise SpecError(f"gold.filter: got op {condition.get('op')!r}")
        values = condition.get("value")
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and not SAFE_TEXT.match(value):
                raise SpecError(f"gold.filter.value: got {value!r}")
    sink = spec.get("sink") or {}
    check_identifier(sink.get("table"), "sink.table")
    for key in sink.get("keys") or []:
        check_identifier(key, "sink.keys")
    if spec.get("partitionBy") is not None:
        check_identifier(spec["partitionBy"], "partitionBy")
    return spec


def table_name(spec: Spec) -> str:
    """The pipeline's table identifier in bronze/silver/gold: its name with `-` → `_`."""
    return str(spec.get("name", "")).replace("-", "_")


def check_lake_uri(uri: str, where: str) -> str:
    """A lake URI safe to embed in SQL; always returned with a trailing slash."""
    if not LAKE_URI.match(uri) or ".." in uri:
        raise SpecError(f"{where}: got {uri!r}; expected s3a://, gs:// or abfss:// with no quotes or spaces")
    return uri if uri.endswith("/") else uri + "/"


def run_suffix(run_id: str) -> str:
    """An identifier-safe, bounded form of an Airflow run id (for staging table names)."""
    cleaned = re.sub(r"[^a-z0-9]+", "_", run_id.lower()).strip("_")
    return (cleaned or "run")[-40:]


def silver_steps(spec: Spec) -> List[Tuple[str, Any, Any]]:
    """The ordered silver transformation: rename → cast → derive dates → drop nulls → deduplicate."""
    silver = spec["silver"]
    steps: List[Tuple[str, Any, Any]] = []
    steps += [("rename", source, target) for source, target in silver["rename"].items()]
    steps += [("cast", column, type_name) for column, type_name in silver["cast"].items()]
    steps += [("derive_date", column, source) for column, source in silver["deriveDate"].items()]
    if silver["dropNullsIn"]:
        steps.append(("drop_nulls", list(silver["dropNullsIn"]), None))
    if silver["deduplicateOn"]:
        steps.append(("deduplicate", list(silver["deduplicateOn"]), None))
    return steps


def column_type(spec: Spec, column: str) -> Optional[str]:
    """The declared silver type of a column (cast or derived), None when it stays as read."""
    silver = spec["silver"]
    if column in silver["deriveDate"]:
        return "date"
    return silver["cast"].get(column)


def gold_columns(spec: Spec) -> List[Tuple[str, str]]:
    """Gold's columns with their types: the group-by columns, then one per aggregate."""
    columns = [(column, column_type(spec, column) or "string") for column in spec["gold"]["groupBy"]]
    for aggregate in spec["gold"]["aggregates"]:
        fn, source = aggregate["fn"], aggregate["column"]
        source_type = None if source == "*" else column_type(spec, source)
        if fn in ("count", "count_distinct"):
            result = "long"
        elif fn == "sum":
            result = {"integer": "long", "long": "long", "decimal": "decimal"}.get(source_type or "", "double")
        elif fn == "avg":
            result = "decimal" if source_type == "decimal" else "double"
        else:
            result = source_type or "string"
        columns.append((aggregate["as"], result))
    return columns


def bigquery_schema(columns: Sequence[Tuple[str, str]]) -> str:
    """`name:TYPE,…` — the compact schema string Beam's WriteToBigQuery accepts."""
    return ",".join(f"{name}:{BIGQUERY_TYPES[type_name]}" for name, type_name in columns)


# ---------------------------------------------------------------- row-level silver (Beam path)

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def cast_value(value: Any, type_name: str) -> Any:
    """Casts one value like Spark's non-ANSI CAST: anything unparsable becomes None."""
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else value
    if text == "":
        return None
    try:
        if type_name == "string":
            return str(value)
        if type_name in ("integer", "long"):
            return int(_decimal.Decimal(str(text)).to_integral_value(rounding=_decimal.ROUND_DOWN))
        if type_name == "double":
            return float(text)
        if type_name == "decimal":
            return _decimal.Decimal(str(text)).quantize(_decimal.Decimal("0.01"), rounding=_decimal.ROUND_HALF_UP)
        if type_name == "boolean":
            if isinstance(text, bool):
                return text
            lowered = str(text).lower()
            return True if lowered in _TRUE else False if lowered in _FALSE else None
        if type_name == "date":
            if isinstance(text, _dt.datetime):
                return text.date()
            if isinstance(text, _dt.date):
                return text
            return _parse_timestamp(text).date()
        if type_name == "timestamp":
            return _parse_timestamp(text)
    except (ValueError, TypeError, ArithmeticError):
        return None
    raise SpecError(f"unknown type {type_name!r}")


def _parse_timestamp(value: Any) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    text = str(value).replace("Z", "+00:00")
    return _dt.datetime.fromisoformat(text)


def apply_silver_row(spec: Spec, row: Mapping[str, Any]) -> Optional[Row]:
    """Rename, cast, derive and null-check one row; None when the row is dropped."""
    silver = spec["silver"]
    out: Row = {silver["rename"].get(key, key): value for key, value in row.items()}
    for column, type_name in silver["cast"].items():
        out[column] = cast_value(out.get(column), type_name)
    for column, source in silver["deriveDate"].items():
        out[column] = cast_value(out.get(source), "date")
    if any(out.get(column) is None for column in silver["dropNullsIn"]):
        return None
    return out


def dedupe_key(spec: Spec, row: Mapping[str, Any]) -> Tuple[Any, ...]:
    """The business key of a silver row (empty when the pipeline does not deduplicate)."""
    return tuple(row.get(column) for column in spec["silver"]["deduplicateOn"])


def _compare(left: Any, op: str, right: Any) -> bool:
    if op == "is_null":
        return left is None
    if op == "is_not_null":
        return left is not None
    if left is None:
        return False  # SQL semantics: a comparison with NULL is never true.
    if op == "in":
        return any(_coerced_equal(left, item) for item in right)
    if op == "=":
        return _coerced_equal(left, right)
    if op == "!=":
        return not _coerced_equal(left, right)
    left_value, right_value = _coerce_pair(left, right)
    return {
        ">": left_value > right_value,
        ">=": left_value >= right_value,
        "<": left_value < right_value,
        "<=": left_value <= right_value,
    }[op]


def _coerce_pair(left: Any, right: Any) -> Tuple[Any, Any]:
    # Literals come from JSON; align them with the column's Python type as SQL would.
    if isinstance(left, bool) or isinstance(right, bool):
        return left, right
    if isinstance(left, (int, float, _decimal.Decimal)) and isinstance(right, (int, float)):
        return _decimal.Decimal(str(left)), _decimal.Decimal(str(right))
    if isinstance(left, _dt.datetime) and isinstance(right, str):
        return left, _parse_timestamp(right)
    if isinstance(left, _dt.date) and isinstance(right, str):
        return left, _dt.date.fromisoformat(right)
    return left, right


def _coerced_equal(left: Any, right: Any) -> bool:
    left_value, right_value = _coerce_pair(left, right)
    return bool(left_value == right_value)


def filter_matches(conditions: Iterable[Mapping[str, Any]], row: Mapping[str, Any]) -> bool:
    """True when the row satisfies every gold filter condition (they are ANDed)."""
    return all(_compare(row.get(c["column"]), c["op"], c.get("value")) for c in conditions)


# ---------------------------------------------------------------- gold aggregation (Beam path)


def new_accumulator(spec: Spec) -> List[Any]:
    """One slot per aggregate: [sum, count] pairs for avg, sets for count_distinct, scalars otherwise."""
    slots: List[Any] = []
    for aggregate in spec["gold"]["aggregates"]:
        fn = aggregate["fn"]
        slots.append([None, 0] if fn == "avg" else set() if fn == "count_distinct" else 0 if fn == "count" else None)
    return slots


def add_row(spec: Spec, accumulator: List[Any], row: Mapping[str, Any]) -> List[Any]:
    for i, aggregate in enumerate(spec["gold"]["aggregates"]):
        fn, column = aggregate["fn"], aggregate["column"]
        value = None if column == "*" else row.get(column)
        if fn == "count":
            accumulator[i] += 1 if column == "*" or value is not None else 0
        elif value is None:
            continue
        elif fn == "count_distinct":
            accumulator[i].add(value)
        elif fn == "sum":
            accumulator[i] = value if accumulator[i] is None else accumulator[i] + value
        elif fn == "avg":
            total, count = accumulator[i]
            accumulator[i] = [value if total is None else total + value, count + 1]
        elif fn == "min":
            accumulator[i] = value if accumulator[i] is None or value < accumulator[i] else accumulator[i]
        elif fn == "max":
            accumulator[i] = value if accumulator[i] is None or value > accumulator[i] else accumulator[i]
    return accumulator


def merge_accumulators(spec: Spec, accumulators: Iterable[List[Any]]) -> List[Any]:
    merged = new_accumulator(spec)
    for accumulator in accumulators:
        for i, aggregate in enumerate(spec["gold"]["aggregates"]):
            fn, value = aggregate["fn"], accumulator[i]
            if fn == "count":
                merged[i] += value
            elif fn == "count_distinct":
                merged[i] |= value
            elif fn == "avg":
                if value[0] is not None:
                    total, count = merged[i]
                    merged[i] = [value[0] if total is None else total + value[0], count + value[1]]
            elif value is None:
                continue
            elif merged[i] is None:
                merged[i] = value
            elif fn == "sum":
                merged[i] = merged[i] + value
            elif fn == "min":
                merged[i] = min(merged[i], value)
            elif fn == "max":
                merged[i] = max(merged[i], value)
    return merged


def extract_output(spec: Spec, key: Sequence[Any], accumulator: List[Any]) -> Row:
    """The gold row for one group: group-by values, then each aggregate's result."""
    row: Row = dict(zip(spec["gold"]["groupBy"], key))
    for i, aggregate in enumerate(spec["gold"]["aggregates"]):
        fn, value = aggregate["fn"], accumulator[i]
        if fn == "count_distinct":
            row[aggregate["as"]] = len(value)
        elif fn == "avg":
            total, count = value
            row[aggregate["as"]] = None if count == 0 else total / count
        else:
            row[aggregate["as"]] = value
    return row


# ---------------------------------------------------------------- YugabyteDB YSQL load


def _quote(identifier: str) -> str:
    return '"' + check_identifier(identifier, "identifier") + '"'


def ysql_load_statements(spec: Spec, schema: str, staging_table: str) -> List[str]:
    """SQL run after gold was written to `schema.staging_table`: first the serving table's DDL
    (created when missing), then the overwrite or upsert from staging (one transaction), last the
    staging table's drop."""
    sink = spec["sink"]
    target = f"{_quote(schema)}.{_quote(sink['table'])}"
    staging = f"{_quote(schema)}.{_quote(staging_table)}"
    columns = gold_columns(spec)
    names = ", ".join(_quote(name) for name, _ in columns)
    definitions = ", ".join(f"{_quote(name)} {YSQL_TYPES[type_name]}" for name, type_name in columns)
    keys = list(sink.get("keys") or [])
    key_clause = f", PRIMARY KEY ({', '.join(_quote(k) for k in keys)})" if keys else ""
    statements = [f"CREATE TABLE IF NOT EXISTS {target} ({definitions}{key_clause})"]
    if sink["mode"] == "overwrite":
        statements.append(f"DELETE FROM {target}")
        statements.append(f"INSERT INTO {target} ({names}) SELECT {names} FROM {staging}")
    else:
        updates = ", ".join(f"{_quote(n)} = EXCLUDED.{_quote(n)}" for n, _ in columns if n not in keys)
        action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        statements.append(
            f"INSERT INTO {target} ({names}) SELECT {names} FROM {staging} "
            f"ON CONFLICT ({', '.join(_quote(k) for k in keys)}) {action}"
        )
    statements.append(f"DROP TABLE IF EXISTS {staging}")
    return statements
