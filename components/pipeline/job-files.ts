import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pipelineIdentifier, type BatchPipelineSpec } from "./batch-pipeline-spec";

/** Where the job ConfigMap is mounted in Spark pods, and where the Flex Template image keeps them. */
export const JOBS_MOUNT_PATH = "/opt/batch-platform/jobs";
export const FLEX_TEMPLATE_WORKDIR = "/template";

/** The Python assets shipped with this package. */
export const JOB_ASSETS = {
  sparkJob: "medallion_job.py",
  beamJob: "medallion_beam.py",
  plan: "medallion_plan.py",
} as const;

/** Absolute path of a shipped Python asset. */
export function jobAssetPath(file: string): string {
  return join(__dirname, "jobs", file);
}

/** Assets already read: every pipeline's ConfigMap ships the same text, held once in memory. */
const assets = new Map<string, string>();

/** The contents of a shipped Python asset (read once per process). */
export function readJobAsset(file: string): string {
  let text = assets.get(file);
  if (text === undefined) {
    text = readFileSync(jobAssetPath(file), "utf8");
    assets.set(file, text);
  }
  return text;
}

/** ConfigMap key of a pipeline's spec file, e.g. `card_transactions.spec.json`. */
export function specFileName(spec: Pick<BatchPipelineSpec, "name">): string {
  return `${pipelineIdentifier(spec)}.spec.json`;
}

/** Path of the spec file inside Spark pods. */
export function specFilePath(spec: Pick<BatchPipelineSpec, "name">): string {
  return `${JOBS_MOUNT_PATH}/${specFileName(spec)}`;
}

/** The pipeline spec as the jobs read it (stable key order, defaults included). */
export function specJson(spec: BatchPipelineSpec): string {
  return JSON.stringify(spec);
}

/**
 * `data` of the ConfigMap mounted at {@link JOBS_MOUNT_PATH}: the Spark job, its planning module
 * and one `<pipeline>.spec.json` per pipeline.
 */
export function sparkJobConfigMapData(pipelines: readonly BatchPipelineSpec[]): Record<string, string> {
  const data: Record<string, string> = {
    [JOB_ASSETS.sparkJob]: readJobAsset(JOB_ASSETS.sparkJob),
    [JOB_ASSETS.plan]: readJobAsset(JOB_ASSETS.plan),
  };
  for (const spec of pipelines) data[specFileName(spec)] = `${specJson(spec)}\n`;
  return data;
}
