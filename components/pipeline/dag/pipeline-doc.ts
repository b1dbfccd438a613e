import type { BatchPipelineSpec } from "../batch-pipeline-spec";

/** The DAG's `doc_md`: what it does, where files land and what it writes, for the Airflow UI. */
export function pipelineDoc(spec: BatchPipelineSpec, summary: string, landing: string): string {
  const keys = spec.sink.mode === "merge" ? `merged on ${(spec.sink.keys ?? []).join(", ")}` : "replaced each run";
  return [
    `### ${spec.name}`,
    "",
    summary,
    "",
    `- Files: \`${spec.format}\` under \`${landing}\`, claimed per run, archived after the load.`,
    `- Gold: ${spec.gold.groupBy.join(", ")} → ${spec.gold.aggregates.map((a) => a.as).join(", ")}; serving table ${keys}.`,
    "- Generated from the pipeline declaration (`pipelines/<name>.yaml` in batch-platform); edit that, not this DAG.",
    "",
  ].join("\n");
}
