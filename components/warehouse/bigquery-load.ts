import { GOOGLE_CONN_ID } from "../orchestrator/airflow-connections";
import type { BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import type { OperatorTask } from "../pipeline/dag/dag-task";
import { py, pyText } from "../pipeline/dag/python-literals";
import { bigQueryLoadSql, type BigQueryLoadTables } from "./bigquery-load-sql";

const INSERT_JOB_OPERATOR = { module: "airflow.providers.google.cloud.operators.bigquery", name: "BigQueryInsertJobOperator" } as const;

/** The load task: one GoogleSQL script that MERGEs gold into the serving table (or replaces it). */
export function bigQueryLoadTask(spec: BatchPipelineSpec, tables: BigQueryLoadTables, location: string): OperatorTask {
  const constant = "LOAD_SQL";
  return {
    kind: "operator",
    taskId: "load_serving",
    operator: INSERT_JOB_OPERATOR,
    definitions: [{ name: constant, source: `${constant} = ${pyText(bigQueryLoadSql(spec, tables))}` }],
    args: {
      project_id: tables.projectId,
      location,
      configuration: { query: { query: py(constant), useLegacySql: false } },
      gcp_conn_id: GOOGLE_CONN_ID,
    },
  };
}
