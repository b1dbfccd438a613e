import * as pulumi from "@pulumi/pulumi";
import { ApiObject } from "cdk8s";
import type { Engine } from "../engine/engine";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { fileMoveNeeds, zoneUri, type DataLake } from "../lake/data-lake";
import type { OrchestratorNeed, PipelineDags } from "../orchestrator/orchestrator";
import type { Warehouse } from "../warehouse/warehouse";
import type { BatchPipelineSpec } from "./batch-pipeline-spec";
import { assembleDag } from "./dag/assemble-dag";
import { dagFileName, fileSuffix, runPrefixes, type DagSettings } from "./dag/dag-common";
import { addDagConfigMap } from "./dag-config-map";
import { pipelineDoc } from "./dag/pipeline-doc";

/** Where the pipeline's DAG is delivered for the orchestrator that will run it. */
export interface DagDelivery {
  /** The orchestrator's namespace; the DAG ConfigMap `dag-<pipeline>` is created there. */
  readonly namespace: string;
  /** Owner, tags, retries and sensor timing of the DAG. @default the DAG defaults */
  readonly settings?: DagSettings;
}

export interface BatchPipelineArgs {
  /** The validated declaration (see `validatePipelineSpec`). */
  readonly spec: BatchPipelineSpec;
  /** Where files land and are claimed and archived. */
  readonly lake: DataLake;
  /** What moves them through bronze, silver and gold. */
  readonly engine: Engine;
  /** What serves gold. */
  readonly warehouse: Warehouse;
  /** Where the DAG goes; the orchestrator is declared after its pipelines and receives them. */
  readonly dags: DagDelivery;
  /** Labels on every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * One pipeline compiled against the role contracts: the warehouse declares its serving side and
 * says how gold arrives, the engine declares its job, the lake senses, claims and archives its files,
 * and the DAG — sensor → claim → engine tasks → load → archive — is assembled from those parts'
 * tasks into a ConfigMap for the orchestrator. It names no variant: any lake, engine and warehouse
 * that implement the contracts compose. Everything it creates is its child; removing the pipeline
 * removes it all (data in the lake and the warehouse stays).
 */
export class BatchPipeline extends pulumi.ComponentResource implements PipelineDags {
  readonly spec: BatchPipelineSpec;
  readonly pipelineName: string;
  readonly dagNamespace: string;
  /** ConfigMap holding the DAG file and the templates beside it. */
  readonly dagConfigMapName: string;
  readonly dagFileName: string;
  /** The DAG's Python source. */
  readonly dag: string;
  /** Everything in the DAG's folder: the DAG and the templates its tasks submit at run time. */
  readonly dagFiles: Readonly<Record<string, string>>;
  /** What the DAG's tasks need from the orchestrator. */
  readonly needs: readonly OrchestratorNeed[];
  /** The serving table readers query. */
  readonly servingTable: string;

  constructor(name: string, args: BatchPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("batch-platform:pipeline:BatchPipeline", name, {}, opts);
    const { spec, lake, engine, warehouse } = args;
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "batch-platform.io/pipeline": spec.name };
    const { claimed, archived } = runPrefixes(spec);

    const sink = warehouse.pipelineSink(name, { spec, engine, labels }, this);
    const run = engine.pipelineRun(name, { spec, landingUri: zoneUri(lake, "landing", claimed), gold: sink.gold }, this);
    const files = lake.dagOperations;
    const tasks = [
      files.waitForFiles("wait_for_landing_files", "landing", spec.landingPrefix, fileSuffix(spec.format)),
      files.moveFiles("claim_landing_files", "landing", spec.landingPrefix, claimed),
      ...run.tasks,
      ...sink.loadTasks,
      files.moveFiles("archive_processed_files", "landing", claimed, archived),
    ];
    this.spec = spec;
    this.pipelineName = spec.name;
    this.servingTable = sink.servingTable;
    this.dagFileName = dagFileName(spec);
    const summary = `${lake.title} landing → ${engine.title} (bronze/silver/gold) → ${warehouse.title} ${sink.servingTable}.`;
    const loaded = [...run.tasks, ...sink.loadTasks].at(-1);
    this.dag = assembleDag({
      spec,
      summary,
      settings: args.dags.settings ?? {},
      partTags: [lake.kind, engine.kind, warehouse.kind],
      tasks,
      ...(loaded ? { outlet: { uri: sink.servingAsset, name: sink.servingTable, producedBy: loaded.taskId } } : {}),
      doc: pipelineDoc(spec, summary, zoneUri(lake, "landing", spec.landingPrefix)),
    });
    this.dagFiles = { [this.dagFileName]: this.dag, ...run.dagFiles };
    this.needs = [...fileMoveNeeds(lake, "landing"), ...run.needs, ...sink.needs];
    this.dagNamespace = args.dags.namespace;
    this.dagConfigMapName = `dag-${spec.name}`;

    const chart = newManifestChart(`${name}-manifests`);
    run.objects.forEach((object, i) => {
      new ApiObject(chart, `engine-${i}`, { ...object, metadata: { ...object.metadata, labels: { ...labels, ...(object.metadata.labels ?? {}) } } });
    });
    addDagConfigMap(chart, { name: this.dagConfigMapName, namespace: this.dagNamespace, pipeline: spec.name, files: this.dagFiles, labels });
    deployManifests(`${name}-manifests`, chart, { parent: this, dependsOn: [...sink.dependsOn] });
    this.registerOutputs({});
  }
}
