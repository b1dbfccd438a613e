import type { OperatorTask } from "../pipeline/dag/dag-task";

const SPARK_KUBERNETES_OPERATOR = {
  module: "airflow.providers.cncf.kubernetes.operators.spark_kubernetes",
  name: "SparkKubernetesOperator",
} as const;

/** Airflow's connection to the cluster the SparkApplications run on: the task pod's own service account. */
export const KUBERNETES_CONN_ID = "kubernetes_default";

/**
 * A `SparkKubernetesOperator` task: submits the SparkApplication template shipped beside the DAG
 * (the operator templates `application_file`, so the run id is filled in), waits for the driver to
 * finish, streams its log and deletes the application afterwards.
 */
export function sparkApplicationTask(taskId: string, applicationFile: string, namespace: string): OperatorTask {
  return {
    kind: "operator",
    taskId,
    operator: SPARK_KUBERNETES_OPERATOR,
    args: {
      namespace,
      application_file: applicationFile,
      kubernetes_conn_id: KUBERNETES_CONN_ID,
      in_cluster: true,
      get_logs: true,
      delete_on_termination: true,
    },
  };
}
