import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PipelineSpecError, validatePipelineSpec, type BatchPipelineSpec } from "../components/pipeline/batch-pipeline-spec";

/** Where the platform's pipelines are declared: one `<name>.yaml` per pipeline. */
export const PIPELINES_DIR = join(__dirname, "..", "pipelines");

const PIPELINE_FILE = /^([a-z][a-z0-9-]*)\.ya?ml$/;

/**
 * Reads and validates every pipeline declaration in `dir`, in file-name (code-unit) order. A file
 * whose `name` differs from its file name is refused, so a pipeline is found where it is named.
 * Throws a {@link PipelineSpecError} naming the file and the field of every problem.
 */
export function loadPipelines(dir: string = PIPELINES_DIR): readonly BatchPipelineSpec[] {
  const files = readdirSync(dir).filter((file) => PIPELINE_FILE.test(file)).sort();
  const problems: string[] = [];
  const specs: BatchPipelineSpec[] = [];
  for (const file of files) {
    const where = `pipelines/${file}`;
    try {
      const spec = validatePipelineSpec(parse(readFileSync(join(dir, file), "utf8")), where);
      const expected = PIPELINE_FILE.exec(file)![1];
      if (spec.name !== expected) problems.push(`${where}.name: got "${spec.name}"; expected "${expected}" (the file name)`);
      else specs.push(spec);
    } catch (error) {
      if (error instanceof PipelineSpecError) problems.push(...error.problems);
      else problems.push(`${where}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  if (problems.length > 0) throw new PipelineSpecError(problems);
  return specs;
}

/** The platform's pipelines (`pipelines/*.yaml`), validated, defaults filled in. */
export const declaredPipelines: readonly BatchPipelineSpec[] = loadPipelines();

/** The declared pipelines a stack runs: those `batch-platform:pipelines` lists, or all of them. */
export function selectedPipelines(config: { readonly pipelines?: readonly string[] }): readonly BatchPipelineSpec[] {
  return declaredPipelines.filter((spec) => config.pipelines === undefined || config.pipelines.includes(spec.name));
}
