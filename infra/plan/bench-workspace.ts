// The benchmark's temporary inputs: N generated pipelines and a copy of the stack files that run
// all of them. The repository itself is never touched; the plan reads these through
// BATCH_PLATFORM_PIPELINES_DIR and --stacks-dir.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument, stringify } from "yaml";
import { validatePipelineSpec } from "../../components/pipeline/batch-pipeline-spec";
import { generatedPipelines } from "./bench-pipelines";
import { listStacks, stackFilePath } from "./stack-file";

export interface BenchWorkspace {
  /** Holds `<name>.yaml` per generated pipeline. */
  readonly pipelinesDir: string;
  /** Holds a `Pulumi.<stack>.yaml` per stack, each running every pipeline. */
  readonly stacksDir: string;
}

/**
 * Writes `count` pipelines under `dir` — the repository's own declarations from `sources.pipelinesDir`
 * first (the platform's Kafka topics belong to them), then generated ones, each validated as
 * `pipelines/` declarations are (an invalid one throws) — and copies `stacks` from `sourceStacksDir`
 * without their pipeline list, so each runs all of them.
 */
export function writeBenchWorkspace(
  dir: string,
  count: number,
  sources: { readonly pipelinesDir: string; readonly stacksDir: string },
  stacks?: readonly string[],
): BenchWorkspace {
  const pipelinesDir = join(dir, "pipelines");
  const stacksDir = join(dir, "stacks");
  mkdirSync(pipelinesDir, { recursive: true });
  mkdirSync(stacksDir, { recursive: true });
  const own = readdirSync(sources.pipelinesDir).filter((file) => /^[a-z][a-z0-9-]*\.yaml$/.test(file)).sort().slice(0, count);
  for (const file of own) copyFileSync(join(sources.pipelinesDir, file), join(pipelinesDir, file));
  for (const input of generatedPipelines(count - own.length)) {
    validatePipelineSpec(input, input.name);
    writeFileSync(join(pipelinesDir, `${input.name}.yaml`), stringify(input));
  }
  for (const stack of stacks ?? listStacks(sources.stacksDir)) {
    const document = parseDocument(readFileSync(stackFilePath(sources.stacksDir, stack), "utf8"));
    // A stack that selects pipelines runs the repository's names; here it runs all generated ones.
    document.deleteIn(["config", "batch-platform:pipelines"]);
    writeFileSync(stackFilePath(stacksDir, stack), document.toString());
  }
  return { pipelinesDir, stacksDir };
}
