// The orchestrator role: its contract and Airflow, which implements it.
export {
  Airflow,
  AIRFLOW_CA_FILE,
  AIRFLOW_METADATA_CA_FILE,
  type AirflowArgs,
  type AirflowRemoteLogs,
  type ContainerSize,
  type MetadataDatabase,
} from "./airflow";
export type { ConnectionValue, Orchestrator, OrchestratorNeed, PipelineDags, RbacRule } from "./orchestrator";
