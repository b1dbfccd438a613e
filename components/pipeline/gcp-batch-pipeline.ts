import * as pulumi from "@pulumi/pulumi";
import { assertNoProblems } from "../common/validation";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { BigQueryPipelineTables } from "../warehouse/bigquery-tables";
import type { BigQueryWarehouse } from "../warehouse/bigquery-warehouse";
import type { BatchPipelineSpec } from "./batch-pipeline-spec";
import type { GcpDagTarget } from "./dag/dag-target";
import { renderDagFiles } from "./dag/render-dag";
import { addDagConfigMap } from "./dag-config-map";

export interface GcpBatchPipelineArgs {
  /** The validated, cloud-neutral declaration. */
  readonly pipeline: BatchPipelineSpec;
  /** Where the DAG points: project, region, landing bucket, datasets and the engine (Dataflow or Spark on GKE). */
  readonly target: GcpDagTarget;
  /** The datasets the pipeline's tables go into; its dataset ids must be the target's. */
  readonly warehouse: BigQueryWarehouse;
  /**
   * Deliver the DAG as a ConfigMap `dag-<pipeline>` in Airflow's namespace, for Airflow's
   * `dagConfigMaps`; needs a Kubernetes provider in the resource options. @default not delivered
   */
  readonly dagDelivery?: {
    readonly namespace: string;
    /** Labels on the ConfigMap. @default {} */
    readonly labels?: Readonly<Record<string, string>>;
    /** What must exist first (the namespace). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
  };
}

/** Pure validation: the DAG must address the warehouse's datasets, project and location. */
export function gcpBatchPipelineProblems(args: GcpBatchPipelineArgs): string[] {
  const problems: string[] = [];
  const { target, warehouse } = args;
  for (const layer of ["bronze", "silver", "gold", "serving"] as const) {
    if (target.datasets[layer] !== warehouse.datasetIds[layer]) {
      problems.push(`target.datasets.${layer}: got ${JSON.stringify(target.datasets[layer])}; expected the warehouse's dataset ${JSON.stringify(warehouse.datasetIds[layer])}`);
    }
  }
  if (target.projectId !== warehouse.project) problems.push(`target.projectId: got ${JSON.stringify(target.projectId)}; expected the warehouse's project ${JSON.stringify(warehouse.project)}`);
  if (target.bigqueryLocation.toLowerCase() !== warehouse.location.toLowerCase()) {
    problems.push(`target.bigqueryLocation: got ${JSON.stringify(target.bigqueryLocation)}; expected the warehouse's location ${JSON.stringify(warehouse.location)}`);
  }
  return problems;
}

/**
 * One pipeline declaration compiled for the GCP variant: its BigQuery tables (bronze when Dataflow
 * writes it, gold, the serving sink) and its DAG — GCS sensor → claim the files → Dataflow Flex
 * Template (or Spark on GKE) → BigQuery MERGE into serving → archive — as a file for Airflow's DAG
 * folder ({@link dagFile}). Identities and their dataset grants are the variant's, shared by all pipelines.
 */
export class GcpBatchPipeline extends pulumi.ComponentResource {
  /** `{ "<pipeline>.py": "<python source>", …SparkApplication templates }`, plain so a preview shows them. */
  readonly dagFile: Readonly<Record<string, string>>;
  /** `project.dataset.table` per layer with a declared table. */
  readonly tableRefs: BigQueryPipelineTables["tableRefs"];
  /** The ConfigMap holding the DAG file, when delivered. */
  readonly dagConfigMapName?: string;

  constructor(name: string, args: GcpBatchPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems(`GcpBatchPipeline ${args.pipeline.name}`, gcpBatchPipelineProblems(args));
    // Rendering validates the target; a bad one throws here, before anything is registered.
    const files = renderDagFiles(args.pipeline, args.target);
    super("batch-platform:pipeline:GcpBatchPipeline", name, {}, opts);
    const tables = new BigQueryPipelineTables(
      `${name}-tables`,
      {
        warehouse: args.warehouse,
        pipeline: args.pipeline,
        // Spark on GKE keeps bronze and silver in Delta on GCS and exports only gold to BigQuery.
        include: args.target.engine.kind === "dataflow" ? ["bronze", "gold", "serving"] : ["gold", "serving"],
      },
      { parent: this },
    );
    this.dagFile = files;
    this.tableRefs = tables.tableRefs;
    const delivery = args.dagDelivery;
    if (delivery !== undefined) {
      this.dagConfigMapName = `dag-${args.pipeline.name}`;
      const chart = newManifestChart(`${name}-dag`, delivery.namespace);
      addDagConfigMap(chart, { name: this.dagConfigMapName, pipeline: args.pipeline.name, files, labels: delivery.labels });
      deployManifests(`${name}-dag`, chart, { parent: this, dependsOn: [...(delivery.dependsOn ?? [])] });
    }
    this.registerOutputs({ dagFile: this.dagFile, tableRefs: this.tableRefs });
  }
}
