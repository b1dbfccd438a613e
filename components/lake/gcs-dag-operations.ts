import { googleCloudConnection, GOOGLE_CONN_ID } from "../orchestrator/airflow-connections";
import type { LakeDagOperations, LakeZoneRoot } from "./data-lake";
import type { LakeZoneName } from "./lake-zone";

const PREFIX_SENSOR = { module: "airflow.providers.google.cloud.sensors.gcs", name: "GCSObjectsWithPrefixExistenceSensor" } as const;
const GCS_TO_GCS = { module: "airflow.providers.google.cloud.transfers.gcs_to_gcs", name: "GCSToGCSOperator" } as const;

/**
 * DAG tasks on Cloud Storage through the Google provider, with workload identity (the connection
 * carries no key): a prefix sensor (GCS matches by prefix; the engine reads only the pipeline's
 * format) and `GCSToGCSOperator` moves for claim and archive.
 */
export function gcsDagOperations(roots: { readonly [zone in LakeZoneName]: LakeZoneRoot }, project: string): LakeDagOperations {
  const connId = GOOGLE_CONN_ID;
  return {
    connId,
    connection: { kind: "connection", connId, connection: () => ({ value: googleCloudConnection(project) }) },
    waitForFiles: (taskId, zone, prefix) => ({
      kind: "operator",
      taskId,
      operator: PREFIX_SENSOR,
      args: { bucket: roots[zone].bucket, prefix, google_cloud_conn_id: connId },
      sensor: true,
    }),
    moveFiles: (taskId, zone, from, to) => ({
      kind: "operator",
      taskId,
      operator: GCS_TO_GCS,
      args: {
        source_bucket: roots[zone].bucket,
        source_objects: [from],
        destination_bucket: roots[zone].bucket,
        destination_object: to,
        move_object: true,
        gcp_conn_id: connId,
      },
    }),
    remoteLogFolder: (zone, prefix) => `gs://${roots[zone].bucket}/${prefix}`,
  };
}
