import { specJson } from "../pipeline/job-files";
import type { BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import type { OperatorTask } from "../pipeline/dag/dag-task";
import type { PyValue } from "../pipeline/dag/python-literals";
import { RUN_ID_TEMPLATE } from "./spark-application-yaml";

const FLEX_TEMPLATE_OPERATOR = { module: "airflow.providers.google.cloud.operators.dataflow", name: "DataflowStartFlexTemplateOperator" } as const;

/** How one Dataflow engine launches jobs: plain values, written into DAGs. */
export interface DataflowLaunch {
  readonly project: string;
  readonly region: string;
  /** gs:// path of the template spec file (see `flexTemplateSpecFile`). */
  readonly templateGcsPath: string;
  readonly tempLocation: string;
  readonly stagingLocation: string;
  readonly network: string;
  /** Full subnetwork URL or `regions/<region>/subnetworks/<name>`. */
  readonly subnetwork: string;
  readonly machineType: string;
  readonly maxWorkers: number;
  readonly serviceAccountEmail: string;
  /** The template image, also run by the workers. */
  readonly sdkContainerImage: string;
}

/** Where one run's job reads and writes. */
export interface DataflowJobTarget {
  /** gs:// prefix of the files claimed for the run. */
  readonly landingUri: string;
  readonly bigqueryProject: string;
  readonly datasets: { readonly bronze: string; readonly silver: string; readonly gold: string };
}

/** The `body` of DataflowStartFlexTemplateOperator: a flexTemplates.launch request. */
export function flexTemplateLaunchBody(spec: BatchPipelineSpec, launch: DataflowLaunch, target: DataflowJobTarget): PyValue {
  return {
    launchParameter: {
      // Dataflow job names are lowercase; the operator appends a unique suffix.
      jobName: `${spec.name}-{{ ts_nodash | lower }}`,
      containerSpecGcsPath: launch.templateGcsPath,
      parameters: {
        spec: specJson(spec),
        landing: target.landingUri,
        run_id: RUN_ID_TEMPLATE,
        bigquery_project: target.bigqueryProject,
        bronze_dataset: target.datasets.bronze,
        silver_dataset: target.datasets.silver,
        gold_dataset: target.datasets.gold,
      },
      environment: {
        tempLocation: launch.tempLocation,
        stagingLocation: launch.stagingLocation,
        network: launch.network,
        subnetwork: launch.subnetwork,
        machineType: launch.machineType,
        maxWorkers: launch.maxWorkers,
        serviceAccountEmail: launch.serviceAccountEmail,
        sdkContainerImage: launch.sdkContainerImage,
        ipConfiguration: "WORKER_IP_PRIVATE",
      },
    },
  };
}

/** The launch task: deferred, so the triggerer (not a worker slot) waits for the job's end. */
export function flexTemplateTask(spec: BatchPipelineSpec, launch: DataflowLaunch, target: DataflowJobTarget, connId: string): OperatorTask {
  return {
    kind: "operator",
    taskId: "bronze_silver_gold",
    operator: FLEX_TEMPLATE_OPERATOR,
    args: {
      project_id: launch.project,
      location: launch.region,
      body: flexTemplateLaunchBody(spec, launch, target),
      gcp_conn_id: connId,
      deferrable: true,
    },
  };
}
