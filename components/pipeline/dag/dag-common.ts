import { assertNoProblems } from "../../common/validation";
import { pipelineIdentifier, type BatchPipelineSpec, type FileFormat } from "../batch-pipeline-spec";

/** Airflow version the DAGs are written for (official chart 1.22.0, image apache/airflow:3.3.2). */
export const AIRFLOW_VERSION = "3.3.2";

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

/** Scheduling, retry and ownership settings of a generated DAG. */
export interface DagSettings {
  /** The DAG's owner (the stack's `labels.owner`). @default "batch-platform" */
  readonly owner?: string;
  /** Task retries. @default 2 */
  readonly retries?: number;
  /** @default 5 */
  readonly retryDelayMinutes?: number;
  /** First logical date, `YYYY-MM-DD` (catchup is off). @default "2024-01-01" */
  readonly startDate?: string;
  /** @default 300 */
  readonly sensorPokeIntervalSeconds?: number;
  /** After this long without files the run is skipped (soft fail). @default 21600 */
  readonly sensorTimeoutSeconds?: number;
  /** Extra DAG tags, e.g. the environment. @default [] */
  readonly tags?: readonly string[];
  /** A run that takes longer fails, so a hung job cannot hold the schedule (`max_active_runs=1`). @default 360 */
  readonly dagRunTimeoutMinutes?: number;
  /** Each task's `execution_timeout`. @default 180 */
  readonly taskTimeoutMinutes?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TAG = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
const OWNER = /^[A-Za-z0-9][A-Za-z0-9 _.@-]{0,99}$/;

/** Problems with DAG settings, each naming the key, the value and what is allowed. */
export function dagSettingsProblems(settings: DagSettings): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, path: string, value: unknown, expected: string) => {
    if (!ok) problems.push(`${path}: got ${JSON.stringify(value)}; expected ${expected}`);
  };
  if (settings.owner !== undefined) check(OWNER.test(settings.owner), "owner", settings.owner, "a name of letters, digits, space and _ . @ -");
  if (settings.startDate !== undefined) check(DATE.test(settings.startDate), "startDate", settings.startDate, "YYYY-MM-DD");
  (settings.tags ?? []).forEach((tag, i) => check(TAG.test(tag), `tags[${i}]`, tag, "a lowercase tag"));
  const counts: [string, number | undefined, number][] = [
    ["retries", settings.retries, 0],
    ["retryDelayMinutes", settings.retryDelayMinutes, 1],
    ["sensorPokeIntervalSeconds", settings.sensorPokeIntervalSeconds, 30],
    ["sensorTimeoutSeconds", settings.sensorTimeoutSeconds, 60],
    ["dagRunTimeoutMinutes", settings.dagRunTimeoutMinutes, 5],
    ["taskTimeoutMinutes", settings.taskTimeoutMinutes, 1],
  ];
  for (const [key, value, min] of counts) {
    if (value !== undefined) check(Number.isInteger(value) && value >= min, key, value, `an integer ≥ ${min}`);
  }
  return problems;
}

/** Throws listing every problem of the settings. */
export function assertValidDagSettings(settings: DagSettings): void {
  assertNoProblems("DAG settings", dagSettingsProblems(settings));
}
