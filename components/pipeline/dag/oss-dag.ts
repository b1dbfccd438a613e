import { pipelineIdentifier, type BatchPipelineSpec } from "../batch-pipeline-spec";
import { assertValidTarget, dagHeader, dagOpening, fileSuffix, runPrefixes, sensorKwargs } from "./dag-common";
import type { KubernetesAccess, OssDagTarget } from "./dag-target";
import { pyStr } from "./python-literals";
import { applicationTemplateFile, medallionApplicationYaml } from "./spark-application-yaml";
import type { MedallionSparkSettings, MedallionStage, MedallionZones } from "../medallion-spark-job";

/** Python that defines a `move_objects` task: S3 has no move, so copy every key, then delete them. */
export function s3MoveTaskSource(): string {
  return [
    "@task",
    "def move_objects(source_prefix: str, destination_prefix: str) -> int:",
    '    """Move every object under source_prefix to destination_prefix in the landing bucket."""',
    "    hook = S3Hook(aws_conn_id=S3_CONN_ID)",
    "    keys = hook.list_keys(bucket_name=LANDING_BUCKET, prefix=source_prefix) or []",
    "    for key in keys:",
    "        hook.copy_object(",
    "            source_bucket_key=key,",
    "            dest_bucket_key=destination_prefix + key[len(source_prefix):],",
    "            source_bucket_name=LANDING_BUCKET,",
    "            dest_bucket_name=LANDING_BUCKET,",
    "        )",
    "    if keys:",
    "        hook.delete_objects(bucket=LANDING_BUCKET, keys=keys)",
    "    return len(keys)",
  ].join("\n");
}

/** A `SparkKubernetesOperator` task; it waits for the application's driver to finish. */
export function sparkTaskSource(taskId: string, applicationConstant: string, kubernetes: KubernetesAccess | undefined): string {
  return [
    `    ${taskId} = SparkKubernetesOperator(`,
    `        task_id=${pyStr(taskId)},`,
    "        namespace=SPARK_NAMESPACE,",
    `        application_file=${applicationConstant},`,
    `        kubernetes_conn_id=${pyStr(kubernetes?.connId ?? "kubernetes_default")},`,
    `        in_cluster=${(kubernetes?.inCluster ?? true) ? "True" : "False"},`,
    "        get_logs=True,",
    "        delete_on_termination=True,",
    "    )",
  ].join("\n");
}

/** One SparkApplication the DAG submits: its Python constant, its template file and its stage. */
export interface SparkStageTemplate {
  readonly constant: string;
  readonly file: string;
  readonly stage: MedallionStage;
}

/** `NAME = "<file>.yaml"`: the SparkApplication template shipped beside the DAG file. */
export function applicationConstant(template: SparkStageTemplate): string {
  // SparkKubernetesOperator templates `application_file`: a `.yaml` value is read from the DAG's
  // folder and rendered by Jinja (the run id), so the manifest stays a reviewable file.
  return `${template.constant} = ${pyStr(template.file)}`;
}

/** The template files of the stages: file name → SparkApplication YAML (validated strictly). */
export function applicationTemplateFiles(
  pipeline: BatchPipelineSpec,
  settings: MedallionSparkSettings,
  zones: MedallionZones,
  templates: readonly SparkStageTemplate[],
): Record<string, string> {
  return Object.fromEntries(templates.map((t) => [t.file, medallionApplicationYaml(pipeline, settings, zones, t.stage)]));
}

/** The two Spark stages of the oss DAG: bronze/silver/gold, then the load into YugabyteDB. */
export function ossSparkStages(pipeline: BatchPipelineSpec, target: OssDagTarget): SparkStageTemplate[] {
  const { claimed } = runPrefixes(pipeline);
  return [
    { constant: "PROCESS_APPLICATION", file: applicationTemplateFile(pipeline, "process"), stage: { stage: "process", landingUri: `s3a://${target.landingBucket}/${claimed}` } },
    { constant: "LOAD_APPLICATION", file: applicationTemplateFile(pipeline, "load"), stage: { stage: "load", target: { kind: "ysql", ...target.ysql } } },
  ];
}

/**
 * The oss DAG: S3KeySensor on MinIO → claim the files → Spark (bronze/silver/gold in Delta) →
 * Spark load stage (gold → YugabyteDB over JDBC) → archive the claimed files.
 *
 * The load is a second Spark stage rather than SQL from Airflow: gold lives in Delta, which only an
 * engine reads, and the apache/airflow image has neither a Trino provider nor a Delta reader; the
 * same SparkApplication renderer, image and Secret-based credentials serve both stages.
 */
export function renderOssDag(pipeline: BatchPipelineSpec, target: OssDagTarget): string {
  assertValidTarget(target);
  const { claimed, archived } = runPrefixes(pipeline);
  const [process, load] = ossSparkStages(pipeline, target).map(applicationConstant);
  return [
    dagHeader(pipeline, `MinIO landing → Spark + Delta (bronze/silver/gold) → YugabyteDB ${target.ysql.schema}.${pipeline.sink.table}.`),
    "from datetime import timedelta",
    "",
    "import pendulum",
    "from airflow import DAG",
    "from airflow.decorators import task",
    "from airflow.providers.amazon.aws.hooks.s3 import S3Hook",
    "from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor",
    "from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator",
    "",
    `LANDING_BUCKET = ${pyStr(target.landingBucket)}`,
    `LANDING_PREFIX = ${pyStr(pipeline.landingPrefix)}`,
    `CLAIMED_PREFIX = ${pyStr(claimed)}`,
    `ARCHIVE_PREFIX = ${pyStr(archived)}`,
    "# MinIO connection: AIRFLOW_CONN_MINIO_S3 (endpoint_url in its extra), injected from a Secret.",
    `S3_CONN_ID = ${pyStr(target.s3ConnId ?? "minio_s3")}`,
    `SPARK_NAMESPACE = ${pyStr(target.spark.namespace)}`,
    "",
    process,
    "",
    load,
    "",
    "",
    s3MoveTaskSource(),
    "",
    "",
    dagOpening(pipeline, target, "oss", `${pipeline.name} → ${pipeline.sink.table} (${pipelineIdentifier(pipeline)})`),
    "    wait_for_files = S3KeySensor(",
    '        task_id="wait_for_landing_files",',
    "        bucket_name=LANDING_BUCKET,",
    `        bucket_key=LANDING_PREFIX + ${pyStr(`*${fileSuffix(pipeline.format)}`)},`,
    "        wildcard_match=True,",
    "        aws_conn_id=S3_CONN_ID,",
    sensorKwargs(target),
    "    )",
    '    claim = move_objects.override(task_id="claim_landing_files")(LANDING_PREFIX, CLAIMED_PREFIX)',
    sparkTaskSource("bronze_silver_gold", "PROCESS_APPLICATION", target.kubernetes),
    sparkTaskSource("load_serving", "LOAD_APPLICATION", target.kubernetes),
    '    archive = move_objects.override(task_id="archive_processed_files")(CLAIMED_PREFIX, ARCHIVE_PREFIX)',
    "",
    "    wait_for_files >> claim >> bronze_silver_gold >> load_serving >> archive",
    "",
  ].join("\n");
}
