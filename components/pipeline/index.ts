// The pipeline: its declaration, the component that compiles it, and what a part contributes to a DAG.
export { BatchPipeline, type BatchPipelineArgs, type DagDelivery } from "./batch-pipeline";
export {
  PipelineSpecError,
  validatePipelineSpec,
  type Aggregate,
  type BatchPipelineInput,
  type BatchPipelineSpec,
  type FilterCondition,
  type GoldView,
  type SilverRules,
  type SinkSpec,
} from "./batch-pipeline-spec";
export type { DagSettings } from "./dag/dag-common";
export type { DagTask, OperatorTask, PyDefinition, PyImport, TaskFunctionCall } from "./dag/dag-task";
export { py, PyCode, type PyValue } from "./dag/python-literals";
export { flexTemplateBuildContext } from "./flex-template";
