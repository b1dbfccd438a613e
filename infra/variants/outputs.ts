import type * as pulumi from "@pulumi/pulumi";
import type { BatchPipeline } from "../../components";
import { manifestObjects } from "../../components/k8s/manifest-yaml";

/** What every variant's stack exports; later roles add their endpoints. */
export interface StackOutputs {
  /** `{landing, processing, curated}` → the URI engines address each zone by. */
  readonly lakeZones: pulumi.Output<{ landing: string; processing: string; curated: string }>;
  readonly [key: string]: pulumi.Input<unknown>;
}

/** One pipeline as the stack exports it. */
export interface PipelineOutput {
  readonly schedule: string;
  /** `<namespace>/<configmap>/<file>` of the DAG. */
  readonly dag: string;
  /** `<namespace>/<name>` of the manifests the DAG submits at run time (e.g. SparkApplications). */
  readonly runtimeTemplates: readonly string[];
  readonly servingTable: string;
}

/** The `pipelines` stack output: name → schedule, DAG, runtime templates, serving table. */
export function pipelineOutputs(pipelines: readonly BatchPipeline[]): Record<string, PipelineOutput> {
  return Object.fromEntries(
    pipelines.map((p) => {
      const templates = Object.entries(p.dagFiles)
        .filter(([file]) => file.endsWith(".yaml"))
        .map(([, text]) => manifestObjects(text)[0] as { metadata: { namespace: string; name: string } })
        .map((object) => `${object.metadata.namespace}/${object.metadata.name}`);
      const output: PipelineOutput = {
        schedule: p.spec.schedule,
        dag: `${p.dagNamespace}/${p.dagConfigMapName}/${p.dagFileName}`,
        runtimeTemplates: templates,
        servingTable: p.servingTable,
      };
      return [p.spec.name, output];
    }),
  );
}
