import type { BatchPipelineSpec } from "../batch-pipeline-spec";
import type { DagTarget } from "./dag-target";
import { renderGcpDag } from "./gcp-dag";
import { renderOssDag } from "./oss-dag";

/** The DAG file (Python source) of a pipeline on a variant. */
export function renderDag(pipeline: BatchPipelineSpec, target: DagTarget): string {
  return target.kind === "oss" ? renderOssDag(pipeline, target) : renderGcpDag(pipeline, target);
}
