import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { KubeConfigMap } from "cdk8s-plus-34/lib/imports/k8s";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import type { SparkApplicationObject } from "../engine/spark-application";
import { CREDENTIAL_KEYS } from "../warehouse/yugabyte-server";
import { YugabyteDatabase } from "../warehouse/yugabyte-database";
import { pipelineIdentifier, type BatchPipelineSpec } from "./batch-pipeline-spec";
import { dagFileName } from "./dag/dag-common";
import type { OssDagTarget } from "./dag/dag-target";
import { renderDagFiles } from "./dag/render-dag";
import { addDagConfigMap } from "./dag-config-map";
import { sparkJobConfigMapData } from "./job-files";
import type { OssLakeTarget, OssOrchestratorTarget, OssPipelineEngine, OssWarehouseTarget } from "./oss-pipeline-platform";

export interface BatchPipelineArgs {
  /** The validated declaration (see `validatePipelineSpec`). */
  readonly spec: BatchPipelineSpec;
  readonly orchestrator: OssOrchestratorTarget;
  readonly engine: OssPipelineEngine;
  readonly lake: OssLakeTarget;
  readonly warehouse: OssWarehouseTarget;
  /** Labels on every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Names of what a pipeline generates, derived from its name only (so they are known up front). */
export function batchPipelineNames(spec: Pick<BatchPipelineSpec, "name">): { dagConfigMap: string; jobFilesConfigMap: string; sinkCredentials: string; loaderRole: string; schema: string } {
  const id = pipelineIdentifier(spec);
  return {
    dagConfigMap: `dag-${spec.name}`,
    jobFilesConfigMap: `${spec.name}-job-files`,
    sinkCredentials: `${spec.name}-ysql`,
    loaderRole: `${id}_loader`,
    schema: id,
  };
}

/**
 * One pipeline on the all-OSS variant, compiled from its declaration: the Airflow DAG (sensor on
 * MinIO → Spark bronze/silver/gold → Spark load into YugabyteDB → archive) in a ConfigMap Airflow
 * mounts, the SparkApplications it submits (inside the DAG), the job files in the Spark namespace,
 * and on the serving side its own schema and loader role in the shared database with read access for
 * the reader group. Everything is owned by this component: removing the pipeline removes it all
 * (the schema's data stays in YugabyteDB).
 */
export class BatchPipeline extends pulumi.ComponentResource {
  /** ConfigMap in the orchestrator's namespace holding the DAG file; Airflow mounts it. */
  readonly dagConfigMapName: string;
  readonly dagFileName: string;
  /** The DAG's Python source. */
  readonly dag: string;
  /** The SparkApplications the DAG submits, as shipped beside it (the run id left as `{{ run_id }}`). */
  readonly sparkApplications: readonly SparkApplicationObject[];
  /** `database.schema.table` the load stage writes. */
  readonly servingTable: string;
  readonly spec: BatchPipelineSpec;

  constructor(name: string, args: BatchPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec, engine, lake, warehouse, orchestrator } = args;
    const names = batchPipelineNames(spec);
    super("batch-platform:pipeline:BatchPipeline", name, {}, opts);
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "batch-platform.io/pipeline": spec.name };

    const sink = new YugabyteDatabase(
      `${name}-sink`,
      {
        server: warehouse.server,
        role: names.loaderRole,
        access: { api: "ysql", database: warehouse.database, ownsDatabase: false, schema: names.schema, readers: [warehouse.readerRole] },
        consumerNamespace: engine.namespace,
        secretName: names.sinkCredentials,
        labels,
      },
      { parent: this },
    );

    const spark = engine.medallionSettings(names.jobFilesConfigMap);
    const zones = { processing: lake.processing, curated: lake.curated };
    const ysql = {
      jdbcUrl: sink.jdbcUrl!,
      schema: names.schema,
      credentialsSecret: { name: names.sinkCredentials, usernameKey: CREDENTIAL_KEYS.username, passwordKey: CREDENTIAL_KEYS.password },
    };
    const target: OssDagTarget = {
      ...(orchestrator.dagDefaults ?? {}),
      kind: "oss",
      landingBucket: lake.landingBucket,
      zones,
      s3ConnId: orchestrator.s3ConnId,
      kubernetes: { connId: orchestrator.kubernetesConnId ?? "kubernetes_default", inCluster: true },
      spark,
      ysql,
    };
    const files = renderDagFiles(spec, target);
    this.spec = spec;
    this.dagFileName = dagFileName(spec);
    this.dag = files[this.dagFileName];
    this.dagConfigMapName = names.dagConfigMap;
    this.servingTable = `${warehouse.database}.${names.schema}.${spec.sink.table}`;
    this.sparkApplications = Object.entries(files)
      .filter(([file]) => file.endsWith(".yaml"))
      .map(([, yaml]) => parse(yaml) as SparkApplicationObject);

    const chart = newManifestChart(`${name}-manifests`);
    new KubeConfigMap(chart, "job-files", {
      metadata: { name: names.jobFilesConfigMap, namespace: engine.namespace, labels },
      data: sparkJobConfigMapData([spec]),
    });
    addDagConfigMap(chart, { name: names.dagConfigMap, namespace: orchestrator.namespace, pipeline: spec.name, files, labels });
    deployManifests(`${name}-manifests`, chart, { parent: this, dependsOn: [sink] });
    this.registerOutputs({});
  }
}
