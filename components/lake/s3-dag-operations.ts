import type * as pulumi from "@pulumi/pulumi";
import { s3Connection } from "../orchestrator/airflow-connections";
import type { WorkloadIdentity } from "../identity/workload-identity";
import type { PyDefinition } from "../pipeline/dag/dag-task";
import type { LakeDagOperations, LakeZoneRoot } from "./data-lake";
import type { LakeZoneName } from "./lake-zone";

const S3_HOOK = { module: "airflow.providers.amazon.aws.hooks.s3", name: "S3Hook" } as const;
const S3_KEY_SENSOR = { module: "airflow.providers.amazon.aws.sensors.s3", name: "S3KeySensor" } as const;

/** `move_objects`: S3 has no move, so every key is copied, then the keys are deleted. */
export const S3_MOVE_OBJECTS: PyDefinition = {
  name: "move_objects",
  imports: [S3_HOOK],
  source: [
    "@task",
    "def move_objects(conn_id: str, bucket: str, source_prefix: str, destination_prefix: str) -> int:",
    '    """Move every object under source_prefix to destination_prefix in the bucket."""',
    "    hook = S3Hook(aws_conn_id=conn_id)",
    "    keys = hook.list_keys(bucket_name=bucket, prefix=source_prefix) or []",
    "    for key in keys:",
    "        hook.copy_object(",
    "            source_bucket_key=key,",
    "            dest_bucket_key=destination_prefix + key[len(source_prefix):],",
    "            source_bucket_name=bucket,",
    "            dest_bucket_name=bucket,",
    "        )",
    "    if keys:",
    "        hook.delete_objects(bucket=bucket, keys=keys)",
    "    return len(keys)",
  ].join("\n"),
};

export interface S3DagOperationsArgs {
  readonly roots: { readonly [zone in LakeZoneName]: LakeZoneRoot };
  /** Connection id of the lake's S3 API. */
  readonly connId: string;
  /** The S3 endpoint the connection points at (`endpoint_url`). */
  readonly endpoint: string;
  /** The keys of an identity's own user (the secret key a Pulumi secret), for its connection. */
  readonly keys: (identity: WorkloadIdentity) => {
    readonly accessKey: pulumi.Input<string>;
    readonly secretKey: pulumi.Input<string>;
  };
}

/**
 * DAG tasks on an S3-compatible lake (MinIO) through the Amazon provider: `S3KeySensor` with a
 * wildcard, and a `@task` that copies then deletes for claim and archive.
 */
export function s3DagOperations(args: S3DagOperationsArgs): LakeDagOperations {
  const { roots, connId } = args;
  return {
    connId,
    connection: {
      kind: "connection",
      connId,
      connection: (identity) => {
        const keys = args.keys(identity);
        return { value: s3Connection(args.endpoint, keys.accessKey, keys.secretKey) };
      },
    },
    waitForFiles: (taskId, zone, prefix, suffix) => ({
      kind: "operator",
      taskId,
      operator: S3_KEY_SENSOR,
      args: { bucket_name: roots[zone].bucket, bucket_key: `${prefix}*${suffix}`, wildcard_match: true, aws_conn_id: connId },
      sensor: true,
    }),
    moveFiles: (taskId, zone, from, to) => ({ kind: "call", taskId, fn: S3_MOVE_OBJECTS, args: [connId, roots[zone].bucket, from, to] }),
    // Airflow's S3 task handler takes s3:// (the Hadoop s3a:// scheme is Spark's).
    remoteLogFolder: (zone, prefix) => `s3://${roots[zone].bucket}/${prefix}`,
  };
}

