import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  PipelineSpecError,
  validatePipelineSpec,
  type BatchPipelineSpec,
} from "../components/pipeline/batch-pipeline-spec";
import { parseBoundedYaml } from "./config/yaml-input";

/**
 * Where the platform's pipelines are declared: one `<name>.yaml` per pipeline. The variable lets
 * the CLI tests point the plan at a folder of broken declarations.
 */
export const PIPELINES_DIR = process.env.BATCH_PLATFORM_PIPELINES_DIR ?? join(__dirname, "..", "pipelines");

/** The stack config key that selects the pipelines a stack runs. */
const PIPELINES_KEY = "batch-platform:pipelines";

const PIPELINE_FILE = /^([a-z][a-z0-9-]*)\.ya?ml$/;

/** The valid declarations, and one `pipeline "<name>": <field>: got …; expected …` line per problem. */
export interface PipelineDeclarations {
  readonly specs: readonly BatchPipelineSpec[];
  readonly problems: readonly string[];
}

/**
 * Reads and validates every pipeline declaration in `dir`, in file-name (code-unit) order, without
 * throwing: a file whose `name` differs from its file name is refused, so a pipeline is found where
 * it is named.
 */
export function readPipelineDeclarations(dir: string = PIPELINES_DIR): PipelineDeclarations {
  const files = readdirSync(dir)
    .filter((file) => PIPELINE_FILE.test(file))
    .sort();
  const problems: string[] = [];
  const specs: BatchPipelineSpec[] = [];
  for (const file of files) {
    const expected = PIPELINE_FILE.exec(file)![1];
    const label = `pipeline ${JSON.stringify(expected)}`;
    const yaml = parseBoundedYaml(readFileSync(join(dir, file), "utf8"));
    if (!yaml.ok) {
      problems.push(...yaml.problems.map((problem) => `${label}: pipelines/${file}: ${problem}`));
      continue;
    }
    try {
      const spec = validatePipelineSpec(yaml.value, expected);
      if (spec.name !== expected)
        problems.push(`${label}: name: got "${spec.name}"; expected "${expected}" (the file name)`);
      else specs.push(spec);
    } catch (error) {
      if (!(error instanceof PipelineSpecError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { specs, problems };
}

/** Like {@link readPipelineDeclarations}, but throws a {@link PipelineSpecError} listing every problem. */
export function loadPipelines(dir: string = PIPELINES_DIR): readonly BatchPipelineSpec[] {
  const { specs, problems } = readPipelineDeclarations(dir);
  if (problems.length > 0) throw new PipelineSpecError(problems);
  return specs;
}

// Read once when the program loads, without throwing: the config check reports the problems
// (exit 2, one line each) before anything is registered, instead of a stack trace at import.
const declarations = readPipelineDeclarations();

/** The platform's valid pipelines (`pipelines/*.yaml`), defaults filled in. */
export const declaredPipelines: readonly BatchPipelineSpec[] = declarations.specs;

/** Problems of the declarations in `pipelines/`; the stack configuration check fails on any. */
export const pipelineDeclarationProblems: readonly string[] = declarations.problems;

/**
 * The plan's note for a stack that lists `batch-platform:pipelines`: which declared pipelines it
 * does not run. Undefined when it runs all of them.
 * @param config the stack's config as the CLI passes it (`batch-platform:pipelines` is a JSON list)
 */
export function pipelinesNotEnabledNote(config: Readonly<Record<string, string>>): string | undefined {
  const raw = config[PIPELINES_KEY];
  if (raw === undefined) return undefined;
  let selected: unknown;
  try {
    selected = JSON.parse(raw);
  } catch {
    return undefined; // the config check reports it
  }
  if (!Array.isArray(selected)) return undefined;
  const skipped = declaredPipelines.map((spec) => spec.name).filter((name) => !selected.includes(name));
  if (skipped.length === 0) return undefined;
  const list = skipped.map((name) => `"${name}"`).join(", ");
  const verb = skipped.length === 1 ? "is" : "are";
  return `note: pipeline ${list} ${verb} declared in pipelines/ but not enabled in this stack (${PIPELINES_KEY})`;
}

/** The declared pipelines a stack runs: those `batch-platform:pipelines` lists, or all of them. */
export function selectedPipelines(config: { readonly pipelines?: readonly string[] }): readonly BatchPipelineSpec[] {
  return declaredPipelines.filter((spec) => config.pipelines === undefined || config.pipelines.includes(spec.name));
}
