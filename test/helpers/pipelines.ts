import type { BatchPipelineSpec } from "../../components/pipeline/batch-pipeline-spec";
import { declaredPipelines } from "../../infra/pipelines";

/** The declared pipeline of that name (pipelines/<name>.yaml); throws when there is none. */
export function pipelineNamed(name: string): BatchPipelineSpec {
  const spec = declaredPipelines.find((p) => p.name === name);
  if (spec === undefined) throw new Error(`no pipeline ${name} in pipelines/`);
  return spec;
}
