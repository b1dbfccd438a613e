import type { BatchPipelineSpec } from "../batch-pipeline-spec";
import { dagFileName } from "./dag-common";
import type { DagTarget } from "./dag-target";
import { gkeSparkStages, renderGcpDag } from "./gcp-dag";
import { applicationTemplateFiles, ossSparkStages, renderOssDag } from "./oss-dag";

/** The DAG file (Python source) of a pipeline on a variant. */
export function renderDag(pipeline: BatchPipelineSpec, target: DagTarget): string {
  return target.kind === "oss" ? renderOssDag(pipeline, target) : renderGcpDag(pipeline, target);
}

/** File name → content of everything the DAG folder needs: the DAG and its SparkApplication templates. */
export type DagFiles = Readonly<Record<string, string>>;

/**
 * The DAG and the SparkApplication templates it submits (one YAML file per Spark stage, read by
 * `SparkKubernetesOperator(application_file=…)` from the DAG's folder). Delivered together.
 */
export function renderDagFiles(pipeline: BatchPipelineSpec, target: DagTarget): DagFiles {
  const templates =
    target.kind === "oss"
      ? applicationTemplateFiles(pipeline, target.spark, target.zones, ossSparkStages(pipeline, target))
      : target.engine.kind === "spark"
        ? applicationTemplateFiles(pipeline, target.engine.spark, target.engine.zones, gkeSparkStages(pipeline, target))
        : {};
  return { [dagFileName(pipeline)]: renderDag(pipeline, target), ...templates };
}
