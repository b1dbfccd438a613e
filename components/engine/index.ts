// The engine role: its contract and the engines that implement it.
export { Dataflow, type DataflowArgs } from "./dataflow";
export type { Engine, EngineRun, KubernetesObject, MedallionJob } from "./engine";
export { SparkEngine, type SparkEngineArgs } from "./spark-engine";
export type { SparkExecutorSpec, SparkPodSize } from "./spark-job-spec";
export { SparkOperator, SPARK_OPERATOR_WEBHOOK_LABELS, SPARK_OPERATOR_WEBHOOK_PORT, type SparkOperatorArgs } from "./spark-operator";
