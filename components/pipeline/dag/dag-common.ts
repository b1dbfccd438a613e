import { assertNoProblems } from "../../common/validation";
import { pipelineIdentifier, type BatchPipelineSpec, type FileFormat } from "../batch-pipeline-spec";
import type { DagDefaults, DagTarget } from "./dag-target";
import { pyStr, pyValue } from "./python-literals";

/** Airflow version the DAGs are written for (official chart 1.16.0, image apache/airflow:2.10.5). */
export const AIRFLOW_VERSION = "2.10.5";

/** File name of a pipeline's DAG in the DAG folder. */
export function dagFileName(spec: Pick<BatchPipelineSpec, "name">): string {
  return `${pipelineIdentifier(spec)}.py`;
}

/** A data file of the pipeline's format, as the sensor matches it. */
export function fileSuffix(format: FileFormat): string {
  return `.${format}`;
}

/**
 * Landing keys of one run. Files are first moved ("claimed") to a run-scoped prefix, the engine
 * reads only that prefix, and after the load they move on to the archive — so a file that lands
 * while the engine runs waits for the next run instead of being archived unprocessed.
 * Both prefixes start with `_`, which a validated landing prefix cannot, so they never overlap it.
 */
export function runPrefixes(spec: Pick<BatchPipelineSpec, "landingPrefix">): { claimed: string; archived: string } {
  return {
    claimed: `_inflight/${spec.landingPrefix}{{ ts_nodash }}/`,
    archived: `_processed/${spec.landingPrefix}{{ ts_nodash }}/`,
  };
}

const BUCKET = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const CONN_ID = /^[a-z][a-z0-9_]{0,249}$/;
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const DATASET = /^[a-z_][a-z0-9_]{0,1023}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TAG = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
// Text embedded in templated fields: no Jinja delimiters, quotes or whitespace.
const PLAIN = /^[A-Za-z0-9:/._@=?&%+-]+$/;

/** Checks the target's names before they reach Python, SQL, YAML or Jinja; throws listing all problems. */
export function assertValidTarget(target: DagTarget): void {
  const problems: string[] = [];
  const check = (ok: boolean, path: string, value: unknown, expected: string) => {
    if (!ok) problems.push(`${path}: got ${JSON.stringify(value)}; expected ${expected}`);
  };
  check(BUCKET.test(target.landingBucket), "landingBucket", target.landingBucket, "a bucket name");
  if (target.startDate !== undefined) check(DATE.test(target.startDate), "startDate", target.startDate, "YYYY-MM-DD");
  (target.tags ?? []).forEach((tag, i) => check(TAG.test(tag), `tags[${i}]`, tag, "a lowercase tag"));
  const counts: [string, number | undefined, number][] = [
    ["retries", target.retries, 0],
    ["retryDelayMinutes", target.retryDelayMinutes, 1],
    ["sensorPokeIntervalSeconds", target.sensorPokeIntervalSeconds, 30],
    ["sensorTimeoutSeconds", target.sensorTimeoutSeconds, 60],
  ];
  for (const [key, value, min] of counts) {
    if (value !== undefined) check(Number.isInteger(value) && value >= min, key, value, `an integer ≥ ${min}`);
  }
  const kubernetes = target.kind === "oss" ? target.kubernetes : target.engine.kind === "spark" ? target.engine.kubernetes : undefined;
  if (kubernetes?.connId !== undefined) check(CONN_ID.test(kubernetes.connId), "kubernetes.connId", kubernetes.connId, "a connection id");
  if (target.kind === "oss") {
    if (target.s3ConnId !== undefined) check(CONN_ID.test(target.s3ConnId), "s3ConnId", target.s3ConnId, "a connection id");
    check(PLAIN.test(target.ysql.jdbcUrl), "ysql.jdbcUrl", target.ysql.jdbcUrl, "a JDBC URL without spaces, quotes or braces");
    check(DATASET.test(target.ysql.schema), "ysql.schema", target.ysql.schema, "a lowercase identifier");
    for (const [zone, uri] of Object.entries(target.zones)) check(PLAIN.test(uri) && uri.startsWith("s3a://"), `zones.${zone}`, uri, "an s3a:// URI");
  } else {
    if (target.gcpConnId !== undefined) check(CONN_ID.test(target.gcpConnId), "gcpConnId", target.gcpConnId, "a connection id");
    check(PROJECT.test(target.projectId), "projectId", target.projectId, "a GCP project id");
    check(/^[a-z]+(-[a-z]+[0-9])?$/.test(target.region), "region", target.region, "a region like europe-west1");
    check(/^[A-Za-z0-9-]+$/.test(target.bigqueryLocation), "bigqueryLocation", target.bigqueryLocation, "a BigQuery location like EU");
    for (const [role, dataset] of Object.entries(target.datasets)) check(DATASET.test(dataset), `datasets.${role}`, dataset, "a lowercase dataset id");
    if (target.engine.kind === "dataflow") {
      const e = target.engine;
      for (const [key, value] of Object.entries(e)) {
        if (typeof value === "string" && key !== "kind") check(PLAIN.test(value), `engine.${key}`, value, "text without spaces, quotes or braces");
      }
      check(Number.isInteger(e.maxWorkers) && e.maxWorkers >= 1, "engine.maxWorkers", e.maxWorkers, "a positive integer");
    } else {
      for (const [zone, uri] of Object.entries(target.engine.zones)) check(PLAIN.test(uri) && uri.startsWith("gs://"), `engine.zones.${zone}`, uri, "a gs:// URI");
    }
  }
  assertNoProblems(`DAG target (${target.kind})`, problems);
}

/** The module docstring and `from __future__` line. */
export function dagHeader(spec: BatchPipelineSpec, summary: string): string {
  return [
    `"""${spec.name}: ${summary}`,
    "",
    `Generated by batch-platform from the pipeline declaration; do not edit. Airflow ${AIRFLOW_VERSION}.`,
    "No credentials here: connections come from AIRFLOW_CONN_* variables set from Secrets.",
    '"""',
    "",
    "from __future__ import annotations",
    "",
  ].join("\n");
}

/** `default_args` plus the opening `with DAG(...) as dag:` line. */
export function dagOpening(spec: BatchPipelineSpec, target: DagDefaults, variantTag: string, description: string): string {
  const [year, month, day] = (target.startDate ?? "2024-01-01").split("-").map(Number);
  const tags = ["batch-platform", variantTag, ...(target.tags ?? [])];
  return [
    "DEFAULT_ARGS = {",
    `    "owner": ${pyStr(target.owner ?? "batch-platform")},`,
    `    "retries": ${target.retries ?? 2},`,
    `    "retry_delay": timedelta(minutes=${target.retryDelayMinutes ?? 5}),`,
    "}",
    "",
    "with DAG(",
    `    dag_id=${pyStr(pipelineIdentifier(spec))},`,
    `    description=${pyStr(description)},`,
    `    schedule=${pyStr(spec.schedule)},`,
    `    start_date=pendulum.datetime(${year}, ${month}, ${day}, tz="UTC"),`,
    "    catchup=False,",
    "    max_active_runs=1,",
    "    default_args=DEFAULT_ARGS,",
    `    tags=${pyValue(tags, 4)},`,
    ") as dag:",
  ].join("\n");
}

/** Keyword arguments every sensor gets: reschedule mode frees the worker slot between pokes. */
export function sensorKwargs(target: DagDefaults): string {
  return [
    '        mode="reschedule",',
    `        poke_interval=${target.sensorPokeIntervalSeconds ?? 300},`,
    `        timeout=${target.sensorTimeoutSeconds ?? 21_600},`,
    "        soft_fail=True,  # no files: the run is skipped, not failed",
  ].join("\n");
}
