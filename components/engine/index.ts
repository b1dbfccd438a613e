// The engine role: its contract and the engines that implement it.
export { DatabricksEngine, DATABRICKS_CONN_ID, type DatabricksAuthType, type DatabricksEngineArgs } from "./databricks-engine";
export { Dataflow, type DataflowArgs } from "./dataflow";
export type { Engine, EngineRun, KubernetesObject, MedallionJob } from "./engine";
export { SparkEngine, type SparkEngineArgs } from "./spark-engine";
export {
  SPARK_PACKAGE_MIRROR_POD_LABELS,
  SparkPackageMirror,
  type SparkPackageCopy,
  type SparkPackageMirrorArgs,
  type SparkPackageSource,
} from "./spark-package-mirror";
export type { SparkExecutorSpec, SparkPodSize } from "./spark-job-spec";
export { SparkOperator, SPARK_OPERATOR_WEBHOOK_LABELS, SPARK_OPERATOR_WEBHOOK_PORT, type SparkOperatorArgs } from "./spark-operator";
