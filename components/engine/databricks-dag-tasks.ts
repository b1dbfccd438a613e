import type { OperatorTask } from "../pipeline/dag/dag-task";

/** The Databricks provider's operator that triggers an existing job (apache-airflow-providers-databricks). */
export const DATABRICKS_RUN_NOW = {
  module: "airflow.providers.databricks.operators.databricks",
  name: "DatabricksRunNowOperator",
} as const;

/**
 * Runs the pipeline's job (declared by the infrastructure code) by name with this run's parameters,
 * deferred, so the triggerer (not a worker slot) waits for the run's end.
 */
export function databricksRunNowTask(
  taskId: string,
  jobName: string,
  parameters: Readonly<Record<string, string>>,
  connId: string,
): OperatorTask {
  return {
    kind: "operator",
    taskId,
    operator: DATABRICKS_RUN_NOW,
    args: { job_name: jobName, job_parameters: { ...parameters }, databricks_conn_id: connId, deferrable: true },
  };
}
