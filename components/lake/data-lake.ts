import type * as pulumi from "@pulumi/pulumi";
import type { WorkloadIdentity } from "../identity/workload-identity";
import type { OrchestratorNeed } from "../orchestrator/orchestrator";
import type { DagTask } from "../pipeline/dag/dag-task";
import type { LakeAccess, LakeZoneName, LakeZones } from "./lake-zone";

/** One zone as generated files (DAGs, job arguments) address it: plain text. */
export interface LakeZoneRoot {
  /** Bucket (MinIO, GCS) or container (ADLS) name. */
  readonly bucket: string;
  /** Root URI as engines address it: `s3a://landing`, `gs://<bucket>`, `abfss://<container>@<account>.dfs.core.windows.net`. */
  readonly uri: string;
}

/** How a Hadoop-based engine (Spark) reaches the lake. */
export type LakeHadoopAccess =
  /** S3A with keys (MinIO); the keys are Pulumi secrets, only ever put into a Secret. */
  | { readonly kind: "s3a"; readonly endpoint: string; readonly tls: boolean; readonly accessKey: pulumi.Input<string>; readonly secretKey: pulumi.Input<string> }
  /** The GCS connector with workload identity (no keys). */
  | { readonly kind: "gcs"; readonly projectId: string }
  /** ABFS with workload identity (no keys). */
  | { readonly kind: "abfs"; readonly accountName: string };

/** What a DAG needs to sense new files in the lake, claim them and archive them. */
export interface LakeDagOperations {
  /** The Airflow connection id every task below uses. */
  readonly connId: string;
  /** The connection itself, for the orchestrator's identity. */
  readonly connection: OrchestratorNeed & { readonly kind: "connection" };
  /** A sensor that succeeds once an object `<prefix>…<suffix>` exists in the zone (reschedule mode). */
  waitForFiles(taskId: string, zone: LakeZoneName, prefix: string, suffix: string): DagTask;
  /** A task that moves every object under `from` to `to` inside the zone. */
  moveFiles(taskId: string, zone: LakeZoneName, from: string, to: string): DagTask;
  /** Airflow's `remote_base_log_folder` for task logs under `prefix` in the zone. */
  remoteLogFolder(zone: LakeZoneName, prefix: string): string;
}

/**
 * The cloud-neutral lake contract: three zones with their URIs, access per identity and zone, how
 * engines reach it and what DAGs need to move files in it. Pipelines, engines and variants speak
 * only to this, so a new object store is one new implementation.
 */
export interface DataLake {
  /** Which object store implements the lake. */
  readonly kind: "minio" | "gcs" | "adls";
  /** A display name for generated docs, e.g. `MinIO`. */
  readonly title: string;
  readonly zones: LakeZones;
  /** `{landing, processing, curated}` → URI, the shape every stack exports as `lakeZones`. */
  readonly zoneUris: pulumi.Output<{ landing: string; processing: string; curated: string }>;
  /** The zones as plain text, known before deployment. */
  readonly zoneRoots: { readonly [zone in LakeZoneName]: LakeZoneRoot };
  readonly dagOperations: LakeDagOperations;
  /**
   * Lets an identity read or write (read, write, delete) the objects of one zone, or of one key
   * prefix of it (`prefix` ending in `/`), and nothing else. Idempotent: granting the same (or a
   * weaker) access twice creates nothing new. Where the store cannot scope to a prefix (ADLS
   * containers here), a prefix grant covers the zone.
   */
  grant(identity: WorkloadIdentity, zone: LakeZoneName, access: LakeAccess, prefix?: string): void;
  /**
   * Only `owner` may write (put, delete) under the key prefix (ending in `/`), whatever wider write
   * grants others hold on the zone — for content other workloads load and must not be able to
   * replace. Optional: a lake without it cannot reserve a prefix.
   */
  reserveWrites?(zone: LakeZoneName, prefix: string, owner: WorkloadIdentity): void;
  /** How a Hadoop-based engine running as `identity` reaches the lake. */
  hadoopAccess(identity: WorkloadIdentity): LakeHadoopAccess;
}

/** `<root>/<key>` of a zone: the URI of a key or prefix. */
export function zoneUri(lake: Pick<DataLake, "zoneRoots">, zone: LakeZoneName, key: string): string {
  return `${lake.zoneRoots[zone].uri}/${key}`;
}

/** The needs of a pipeline's file moves: the connection, and read/write on the zone for the orchestrator. */
export function fileMoveNeeds(lake: DataLake, zone: LakeZoneName): OrchestratorNeed[] {
  return [
    lake.dagOperations.connection,
    { kind: "access", key: `lake:${zone}:write`, grant: (identity) => lake.grant(identity, zone, "write") },
  ];
}
