import { pipelineIdentifier, type BatchPipelineSpec } from "../batch-pipeline-spec";
import { specJson } from "../job-files";
import { bigQueryLoadSql } from "./bigquery-load-sql";
import { assertValidTarget, dagHeader, dagOpening, runPrefixes, sensorKwargs } from "./dag-common";
import type { DataflowEngine, GcpDagTarget, GkeSparkEngine } from "./dag-target";
import { applicationConstant, sparkTaskSource, type SparkStageTemplate } from "./oss-dag";
import { pyStr, pyText, pyValue, type PyValue } from "./python-literals";
import { applicationTemplateFile, RUN_ID_TEMPLATE } from "./spark-application-yaml";

/** The `body` of DataflowStartFlexTemplateOperator: a flexTemplates.launch request. */
export function flexTemplateLaunchBody(pipeline: BatchPipelineSpec, target: GcpDagTarget, engine: DataflowEngine): PyValue {
  const { claimed } = runPrefixes(pipeline);
  return {
    launchParameter: {
      // Dataflow job names are lowercase; the operator appends a unique suffix.
      jobName: `${pipeline.name}-{{ ts_nodash | lower }}`,
      containerSpecGcsPath: engine.templateGcsPath,
      parameters: {
        spec: specJson(pipeline),
        landing: `gs://${target.landingBucket}/${claimed}`,
        run_id: RUN_ID_TEMPLATE,
        bigquery_project: target.projectId,
        bronze_dataset: target.datasets.bronze,
        silver_dataset: target.datasets.silver,
        gold_dataset: target.datasets.gold,
      },
      environment: {
        tempLocation: engine.tempLocation,
        stagingLocation: engine.stagingLocation,
        network: engine.network,
        subnetwork: engine.subnetwork,
        machineType: engine.machineType,
        maxWorkers: engine.maxWorkers,
        serviceAccountEmail: engine.serviceAccountEmail,
        sdkContainerImage: engine.sdkContainerImage,
        ipConfiguration: "WORKER_IP_PRIVATE",
      },
    },
  };
}

function dataflowTasks(pipeline: BatchPipelineSpec, target: GcpDagTarget, engine: DataflowEngine): { constants: string[]; tasks: string[]; chain: string[] } {
  return {
    constants: [`FLEX_TEMPLATE_BODY = ${pyValue(flexTemplateLaunchBody(pipeline, target, engine))}`],
    tasks: [
      "    bronze_silver_gold = DataflowStartFlexTemplateOperator(",
      '        task_id="bronze_silver_gold",',
      "        project_id=PROJECT_ID,",
      `        location=${pyStr(target.region)},`,
      "        body=FLEX_TEMPLATE_BODY,",
      "        gcp_conn_id=GCP_CONN_ID,",
      "        deferrable=True,  # the triggerer waits for the job's terminal state",
      "    )",
    ],
    chain: ["bronze_silver_gold"],
  };
}

/** The Spark stages on GKE: bronze/silver/gold, then the export of gold to BigQuery. */
export function gkeSparkStages(pipeline: BatchPipelineSpec, target: GcpDagTarget): SparkStageTemplate[] {
  const { claimed } = runPrefixes(pipeline);
  const goldTable = `${target.projectId}.${target.datasets.gold}.${pipelineIdentifier(pipeline)}`;
  return [
    { constant: "PROCESS_APPLICATION", file: applicationTemplateFile(pipeline, "process"), stage: { stage: "process", landingUri: `gs://${target.landingBucket}/${claimed}` } },
    { constant: "EXPORT_APPLICATION", file: applicationTemplateFile(pipeline, "export"), stage: { stage: "load", target: { kind: "bigquery", table: goldTable } } },
  ];
}

function sparkTasks(pipeline: BatchPipelineSpec, target: GcpDagTarget, engine: GkeSparkEngine): { constants: string[]; tasks: string[]; chain: string[] } {
  return {
    constants: [
      `SPARK_NAMESPACE = ${pyStr(engine.spark.namespace)}`,
      "",
      ...gkeSparkStages(pipeline, target).map(applicationConstant),
    ],
    tasks: [sparkTaskSource("bronze_silver_gold", "PROCESS_APPLICATION", engine.kubernetes), sparkTaskSource("export_gold", "EXPORT_APPLICATION", engine.kubernetes)],
    chain: ["bronze_silver_gold", "export_gold"],
  };
}

/**
 * The gcp DAG: GCS sensor → claim the files (GCSToGCSOperator, move) → Dataflow Flex Template
 * (or Spark on GKE plus a gold export) → BigQuery MERGE into the serving table → archive (move).
 */
export function renderGcpDag(pipeline: BatchPipelineSpec, target: GcpDagTarget): string {
  assertValidTarget(target);
  const { claimed, archived } = runPrefixes(pipeline);
  const engine = target.engine.kind === "dataflow" ? dataflowTasks(pipeline, target, target.engine) : sparkTasks(pipeline, target, target.engine);
  const engineImport =
    target.engine.kind === "dataflow"
      ? "from airflow.providers.google.cloud.operators.dataflow import DataflowStartFlexTemplateOperator"
      : "from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator";
  const loadSql = bigQueryLoadSql(pipeline, { projectId: target.projectId, goldDataset: target.datasets.gold, servingDataset: target.datasets.serving });
  return [
    dagHeader(
      pipeline,
      `GCS landing → ${target.engine.kind === "dataflow" ? "Dataflow" : "Spark on GKE"} (bronze/silver/gold) → BigQuery ${target.datasets.serving}.${pipeline.sink.table}.`,
    ),
    "from datetime import timedelta",
    "",
    "import pendulum",
    "from airflow import DAG",
    engineImport,
    "from airflow.providers.google.cloud.operators.bigquery import BigQueryInsertJobOperator",
    "from airflow.providers.google.cloud.sensors.gcs import GCSObjectsWithPrefixExistenceSensor",
    "from airflow.providers.google.cloud.transfers.gcs_to_gcs import GCSToGCSOperator",
    "",
    `PROJECT_ID = ${pyStr(target.projectId)}`,
    `LANDING_BUCKET = ${pyStr(target.landingBucket)}`,
    `LANDING_PREFIX = ${pyStr(pipeline.landingPrefix)}`,
    `CLAIMED_PREFIX = ${pyStr(claimed)}`,
    `ARCHIVE_PREFIX = ${pyStr(archived)}`,
    "# Workload identity: the connection carries no key.",
    `GCP_CONN_ID = ${pyStr(target.gcpConnId ?? "google_cloud_default")}`,
    ...engine.constants,
    "",
    `LOAD_SQL = ${pyText(loadSql)}`,
    "",
    "",
    dagOpening(pipeline, target, "gcp", `${pipeline.name} → ${pipeline.sink.table} (${pipelineIdentifier(pipeline)})`),
    "    wait_for_files = GCSObjectsWithPrefixExistenceSensor(",
    '        task_id="wait_for_landing_files",',
    "        bucket=LANDING_BUCKET,",
    "        prefix=LANDING_PREFIX,",
    "        google_cloud_conn_id=GCP_CONN_ID,",
    sensorKwargs(target),
    "    )",
    "    claim = GCSToGCSOperator(",
    '        task_id="claim_landing_files",',
    "        source_bucket=LANDING_BUCKET,",
    "        source_objects=[LANDING_PREFIX],",
    "        destination_bucket=LANDING_BUCKET,",
    "        destination_object=CLAIMED_PREFIX,",
    "        move_object=True,",
    "        gcp_conn_id=GCP_CONN_ID,",
    "    )",
    ...engine.tasks,
    "    load_serving = BigQueryInsertJobOperator(",
    '        task_id="load_serving",',
    "        project_id=PROJECT_ID,",
    `        location=${pyStr(target.bigqueryLocation)},`,
    '        configuration={"query": {"query": LOAD_SQL, "useLegacySql": False}},',
    "        gcp_conn_id=GCP_CONN_ID,",
    "    )",
    "    archive = GCSToGCSOperator(",
    '        task_id="archive_processed_files",',
    "        source_bucket=LANDING_BUCKET,",
    "        source_objects=[CLAIMED_PREFIX],",
    "        destination_bucket=LANDING_BUCKET,",
    "        destination_object=ARCHIVE_PREFIX,",
    "        move_object=True,",
    "        gcp_conn_id=GCP_CONN_ID,",
    "    )",
    "",
    `    wait_for_files >> claim >> ${engine.chain.join(" >> ")} >> load_serving >> archive`,
    "",
  ].join("\n");
}
