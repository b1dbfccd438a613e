import { compareText } from "../../common/compare-text";
import { assertNoProblems } from "../../common/validation";
import { pipelineIdentifier, type BatchPipelineSpec } from "../batch-pipeline-spec";
import { AIRFLOW_VERSION, dagSettingsProblems, type DagSettings } from "./dag-common";
import { TASK_DECORATOR, type DagTask, type PyDefinition, type PyExpr, type PyImport } from "./dag-task";
import { py, pyStr, pyText, pyValue } from "./python-literals";

/** What a DAG is assembled from: the declaration, its settings, and the parts' tasks in run order. */
export interface DagDocument {
  readonly spec: BatchPipelineSpec;
  /** One line on what the DAG does, e.g. `MinIO landing → Spark + Delta → YugabyteDB`. */
  readonly summary: string;
  readonly settings: DagSettings;
  /** Tags of the parts (e.g. `minio`, `spark`, `yugabytedb`), after `batch-platform`, before the settings' tags. */
  readonly partTags: readonly string[];
  /** Every task, in the order they run (one chain: sensor → claim → engine → load → archive). */
  readonly tasks: readonly DagTask[];
  /** The data the DAG publishes (the serving table), announced when task `producedBy` succeeds. @default none */
  readonly outlet?: { readonly uri: string; readonly name: string; readonly producedBy: string };
  /** The DAG's documentation (Markdown), shown in the UI. */
  readonly doc: string;
}

const TASK_ID = /^[a-z][a-z0-9_]{0,62}$/;
const PY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MODULE = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/;
const BASE_IMPORTS: readonly PyImport[] = [{ module: "airflow.sdk", name: "DAG" }];
const ASSET: PyImport = { module: "airflow.sdk", name: "Asset" };

/** Problems with the tasks: ids, imports, and definitions that two parts define differently. */
function taskProblems(tasks: readonly DagTask[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  tasks.forEach((task, i) => {
    if (!TASK_ID.test(task.taskId)) problems.push(`tasks[${i}].taskId: got ${JSON.stringify(task.taskId)}; expected a lowercase identifier`);
    if (seen.has(task.taskId)) problems.push(`tasks[${i}].taskId: got ${JSON.stringify(task.taskId)} twice; every task needs its own id`);
    seen.add(task.taskId);
    for (const name of Object.keys(task.kind === "operator" ? task.args : {})) {
      if (!PY_NAME.test(name)) problems.push(`tasks[${i}].args: got ${JSON.stringify(name)}; expected a Python keyword`);
    }
  });
  for (const item of importsOf(tasks)) {
    if (!MODULE.test(item.module) || !PY_NAME.test(item.name)) problems.push(`imports: got ${JSON.stringify(item)}; expected a module path and a name`);
  }
  const definitions = new Map<string, string>();
  for (const definition of definitionsOf(tasks)) {
    const earlier = definitions.get(definition.name);
    if (earlier !== undefined && earlier !== definition.source) problems.push(`definitions: ${definition.name} is defined twice, differently`);
    definitions.set(definition.name, definition.source);
  }
  return problems;
}

function definitionsOf(tasks: readonly DagTask[]): PyDefinition[] {
  return tasks.flatMap((task) => (task.kind === "operator" ? [...(task.definitions ?? [])] : [task.fn]));
}

function importsOf(tasks: readonly DagTask[]): PyImport[] {
  return tasks.flatMap((task) =>
    task.kind === "operator" ? [task.operator, ...(task.definitions ?? []).flatMap((d) => d.imports ?? [])] : [TASK_DECORATOR, ...(task.fn.imports ?? [])],
  );
}

/** `from m import A, B` lines, one per module, modules and names in code-unit order. */
function importLines(imports: readonly PyImport[]): string[] {
  const byModule = new Map<string, Set<string>>();
  for (const item of imports) byModule.set(item.module, (byModule.get(item.module) ?? new Set()).add(item.name));
  return [...byModule.keys()].sort(compareText).map((module) => `from ${module} import ${[...byModule.get(module)!].sort(compareText).join(", ")}`);
}

function expr(value: PyExpr, indent: number): string {
  return pyValue(value, indent);
}

function sensorArgs(settings: DagSettings): Record<string, PyExpr> {
  return {
    mode: "reschedule",
    poke_interval: settings.sensorPokeIntervalSeconds ?? 300,
    timeout: settings.sensorTimeoutSeconds ?? 21_600,
    soft_fail: true,
  };
}

function taskSource(task: DagTask, settings: DagSettings, outlets: readonly PyExpr[]): string {
  const comment = task.comment !== undefined ? [`    # ${task.comment}`] : [];
  if (task.kind === "call") {
    const args = task.args.map((a) => expr(a, 4)).join(", ");
    const overrides = [`task_id=${pyStr(task.taskId)}`, ...(outlets.length > 0 ? [`outlets=${pyValue(outlets, 4)}`] : [])].join(", ");
    return [...comment, `    ${task.taskId} = ${task.fn.name}.override(${overrides})(${args})`].join("\n");
  }
  const args = { ...task.args, ...(task.sensor ? sensorArgs(settings) : {}), ...(outlets.length > 0 ? { outlets } : {}) };
  return [
    ...comment,
    `    ${task.taskId} = ${task.operator.name}(`,
    `        task_id=${pyStr(task.taskId)},`,
    ...Object.entries(args).map(([key, value]) => `        ${key}=${expr(value, 8)},`),
    "    )",
  ].join("\n");
}

/**
 * The Python source of a pipeline's DAG, assembled from the tasks its lake, engine and warehouse
 * contribute: header, imports, the parts' definitions, default args, the DAG and one chain of tasks.
 * Every value goes through the Python literal writers, so no name can break out of its string.
 */
export function assembleDag(document: DagDocument): string {
  const { spec, settings, tasks } = document;
  assertNoProblems(`DAG ${spec.name}`, [...dagSettingsProblems(settings), ...taskProblems(tasks)]);
  if (tasks.length === 0) throw new Error(`DAG ${spec.name}: no tasks`);
  const { outlet } = document;
  if (outlet && !tasks.some((t) => t.taskId === outlet.producedBy)) throw new Error(`DAG ${spec.name}: outlet task ${outlet.producedBy} is not in the DAG`);
  const outletsOf = (task: DagTask): PyExpr[] => (outlet && task.taskId === outlet.producedBy ? [py("SERVING_ASSET")] : []);
  const definitions = [...new Map(definitionsOf(tasks).map((d) => [d.name, d.source])).values()];
  const [year, month, day] = (settings.startDate ?? "2024-01-01").split("-").map(Number);
  const tags = [...new Set(["batch-platform", ...document.partTags, ...(settings.tags ?? [])])];
  return [
    `"""${spec.name}: ${document.summary}`,
    "",
    `Generated by batch-platform from the pipeline declaration; do not edit. Airflow ${AIRFLOW_VERSION}.`,
    "No credentials here: connections come from AIRFLOW_CONN_* variables set from Secrets.",
    '"""',
    "",
    "from __future__ import annotations",
    "",
    "from datetime import timedelta",
    "",
    "import pendulum",
    ...importLines([...BASE_IMPORTS, ...(outlet ? [ASSET] : []), ...importsOf(tasks)]),
    "",
    ...(outlet
      ? ["", "# Downstream DAGs can schedule on the serving table: it is announced when it is loaded.", `SERVING_ASSET = Asset(name=${pyStr(outlet.name)}, uri=${pyStr(outlet.uri)})`, ""]
      : []),
    ...definitions.flatMap((source) => ["", source, ""]),
    "",
    "DEFAULT_ARGS = {",
    `    "owner": ${pyStr(settings.owner ?? "batch-platform")},`,
    `    "retries": ${settings.retries ?? 2},`,
    `    "retry_delay": timedelta(minutes=${settings.retryDelayMinutes ?? 5}),`,
    `    "execution_timeout": timedelta(minutes=${settings.taskTimeoutMinutes ?? 180}),`,
    "}",
    "",
    "with DAG(",
    `    dag_id=${pyStr(pipelineIdentifier(spec))},`,
    `    description=${pyStr(`${spec.name} → ${spec.sink.table} (${pipelineIdentifier(spec)})`)},`,
    `    schedule=${pyStr(spec.schedule)},`,
    `    start_date=pendulum.datetime(${year}, ${month}, ${day}, tz="UTC"),`,
    "    catchup=False,",
    "    max_active_runs=1,",
    `    dagrun_timeout=timedelta(minutes=${settings.dagRunTimeoutMinutes ?? 360}),`,
    `    doc_md=${pyText(document.doc, 4)},`,
    "    default_args=DEFAULT_ARGS,",
    `    tags=${pyValue(tags, 4)},`,
    ") as dag:",
    ...tasks.map((task) => taskSource(task, settings, outletsOf(task))),
    "",
    `    ${tasks.map((task) => task.taskId).join(" >> ")}`,
    "",
  ].join("\n");
}
