import { manifestYaml } from "../k8s/manifest-yaml";
import { renderSparkApplication } from "./spark-application";
import { validateSparkApplication } from "./spark-application-schema";
import { pipelineIdentifier, type BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import { medallionSparkJob, type MedallionSparkSettings, type MedallionStage, type MedallionZones } from "../pipeline/medallion-spark-job";

/** The Jinja expression for the Airflow run id; rendered by SparkKubernetesOperator's template fields. */
export const RUN_ID_TEMPLATE = "{{ run_id }}";

/** The file name of a stage's SparkApplication template, shipped beside the DAG file. */
export function applicationTemplateFile(pipeline: Pick<BatchPipelineSpec, "name">, stage: string): string {
  return `${pipelineIdentifier(pipeline)}_${stage}.yaml`;
}

/**
 * The SparkApplication of one medallion stage as YAML for `SparkKubernetesOperator(application_file=…)`.
 * Validated against the strict schema first, so a DAG never ships a manifest the API server would prune.
 */
export function medallionApplicationYaml(
  pipeline: BatchPipelineSpec,
  settings: MedallionSparkSettings,
  zones: MedallionZones,
  stage: MedallionStage,
): string {
  const app = renderSparkApplication(medallionSparkJob(pipeline, settings, zones, stage, RUN_ID_TEMPLATE));
  const problems = validateSparkApplication(app);
  if (problems.length > 0) throw new Error(`SparkApplication ${app.metadata.name}:\n  ${problems.join("\n  ")}`);
  return manifestYaml(app);
}
