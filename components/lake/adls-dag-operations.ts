import * as pulumi from "@pulumi/pulumi";
import type { PyDefinition } from "../pipeline/dag/dag-task";
import type { LakeDagOperations, LakeZoneRoot } from "./data-lake";
import type { LakeZoneName } from "./lake-zone";

/** Airflow's ADLS Gen2 connection id (microsoft-azure provider, `adls` type, workload identity). */
export const ADLS_CONN_ID = "adls_lake";

const PREFIX_SENSOR = { module: "airflow.providers.microsoft.azure.sensors.wasb", name: "WasbPrefixSensor" } as const;
const ADLS_HOOK = { module: "airflow.providers.microsoft.azure.hooks.data_lake", name: "AzureDataLakeStorageV2Hook" } as const;

/**
 * `rename_directory`: with a hierarchical namespace a directory moves in one atomic rename, so
 * claim and archive never see half a batch.
 */
export const ADLS_RENAME_DIRECTORY: PyDefinition = {
  name: "rename_directory",
  imports: [ADLS_HOOK],
  source: [
    "@task",
    "def rename_directory(conn_id: str, container: str, source: str, destination: str) -> str:",
    '    """Rename the directory source to destination in the container (ADLS Gen2, HNS)."""',
    "    file_system = AzureDataLakeStorageV2Hook(adls_conn_id=conn_id).get_file_system(container)",
    "    directory = file_system.get_directory_client(source.rstrip(\"/\"))",
    "    if not directory.exists():",
    "        return \"\"",
    "    directory.rename_directory(f\"{container}/{destination.rstrip('/')}\")",
    "    return destination",
  ].join("\n"),
};

/**
 * DAG tasks on ADLS Gen2 through the Microsoft Azure provider, authenticated by the pod's workload
 * identity (the connection names the account only): a blob prefix sensor and directory renames.
 */
export function adlsDagOperations(roots: { readonly [zone in LakeZoneName]: LakeZoneRoot }, accountName: pulumi.Input<string>): LakeDagOperations {
  const connId = ADLS_CONN_ID;
  return {
    connId,
    connection: {
      kind: "connection",
      connId,
      // No key or secret: DefaultAzureCredential picks up the federated token of the pod. The ADLS
      // hook reads the account from `host`; WasbHook (the sensor, remote logs) from `login`.
      connection: () => ({
        value: pulumi.output(accountName).apply((host) => JSON.stringify({ conn_type: "adls", host, login: host, extra: {} })),
      }),
    },
    waitForFiles: (taskId, zone, prefix) => ({
      kind: "operator",
      taskId,
      operator: PREFIX_SENSOR,
      args: { container_name: roots[zone].bucket, prefix, wasb_conn_id: connId },
      sensor: true,
    }),
    moveFiles: (taskId, zone, from, to) => ({ kind: "call", taskId, fn: ADLS_RENAME_DIRECTORY, args: [connId, roots[zone].bucket, from, to] }),
    remoteLogFolder: (zone, prefix) => `wasb://${roots[zone].bucket}/${prefix}`,
  };
}
