import type { Chart } from "cdk8s";
import { KubeCronJob, Quantity, type Container } from "cdk8s-plus-34/lib/imports/k8s";
import { restrictedJobPodSpec } from "../k8s/restricted-container";
import type { DataLake } from "../lake/data-lake";
import { MC, MC_LAKE_ALIAS, mcCaVolume, mcLakeContainer } from "../lake/mc-client";
import type { LakeZoneName } from "../lake/lake-zone";
import type { ImageReference } from "../lake/minio-images";
import { caVolumeMounts, caVolumes, RESTRICTED_CONTAINER, secretEnv, ysqlTlsEnv } from "./yugabyte-job-parts";
import { SCRIPT_ENV } from "./yugabyte-scripts";
import { adminRoleOf, CREDENTIAL_KEYS, YUGABYTE_UID, type YugabyteServer } from "./yugabyte-server";

/** Scheduled YSQL dumps of the whole cluster (roles and every database) to the lake. */
export interface YugabyteBackup {
  /** An S3 lake (MinIO): the dumps go to `<zone>/<prefix>/<UTC timestamp>/ysql.sql.gz`. */
  readonly lake: DataLake;
  /** @default "processing" */
  readonly zone?: LakeZoneName;
  /** Key prefix of the dumps (no trailing slash). @default "yugabyte/<name>" */
  readonly prefix?: string;
  /** When the dump runs (five-field cron, UTC). @default "30 2 * * *" */
  readonly schedule?: string;
  /** The `mc` image that uploads the dump. @default DEFAULT_MC_IMAGE */
  readonly uploaderImage?: ImageReference;
  /** The CA (a Secret key in the database's namespace) that signed an https lake's certificate. @default the image's roots */
  readonly endpointCA?: { readonly name: string; readonly key: string };
}

/** What the backup CronJob needs: plain values and the names of the Secrets it reads. */
export interface YugabyteBackupJobProps {
  readonly name: string;
  readonly server: YugabyteServer;
  /** `http(s)://host:port` of the lake's S3 API. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly schedule: string;
  /** Secret in the database's namespace with the backup's own lake keys (`AWS_ACCESS_KEY_ID`, …). */
  readonly lakeCredentialsSecret: string;
  readonly uploaderImage: ImageReference;
  readonly labels: Readonly<Record<string, string>>;
  /** The CA `mc` trusts for the lake's certificate. @default the image's roots */
  readonly endpointCA?: { readonly name: string; readonly key: string };
}

const DUMP = "/backup/ysql.sql.gz";
/** In the database image (YugabyteDB's docs: `postgres/bin` of its home directory). */
const YSQL_DUMPALL = "/home/yugabyte/postgres/bin/ysql_dumpall";
const STAMP = "/backup/stamp";

/** Problems of the backup arguments, by property path. */
export function yugabyteBackupProblems(backup: YugabyteBackup, path = "backup"): string[] {
  const problems: string[] = [];
  if (backup.lake.kind !== "minio") {
    problems.push(
      `${path}.lake: got a ${backup.lake.kind} lake; the dump is uploaded with S3 keys, use an S3 lake (MinIO)`,
    );
  }
  if (backup.prefix !== undefined && !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(backup.prefix)) {
    problems.push(
      `${path}.prefix: got ${JSON.stringify(backup.prefix)}; expected a key prefix such as "yugabyte/warehouse"`,
    );
  }
  if (backup.schedule !== undefined && backup.schedule.trim().split(/\s+/).length !== 5) {
    problems.push(
      `${path}.schedule: got ${JSON.stringify(backup.schedule)}; expected five cron fields (e.g. "30 2 * * *")`,
    );
  }
  return problems;
}

const RESOURCES = {
  requests: { cpu: Quantity.fromString("100m"), memory: Quantity.fromString("256Mi") },
  limits: { cpu: Quantity.fromString("1"), memory: Quantity.fromString("1Gi") },
};

/**
 * Adds the backup CronJob: `ysql_dumpall` (as the platform admin, whose Secret only the database's
 * own Jobs read) writes a gzip'd SQL script to an emptyDir, then `mc` uploads it with the backup's own
 * lake user, which may write under its prefix only. Credentials reach the containers only as
 * `secretKeyRef` variables; `MC_HOST_lake` is composed from them by Kubernetes (`$(VAR)`).
 */
export function addYugabyteBackupCronJob(chart: Chart, props: YugabyteBackupJobProps): KubeCronJob {
  const { server } = props;
  const labels = {
    ...props.labels,
    "app.kubernetes.io/name": props.name,
    "app.kubernetes.io/component": "warehouse-backup",
  };
  const mounts = [{ name: "backup", mountPath: "/backup" }];
  const dump: Container = {
    name: "dump",
    image: server.image,
    imagePullPolicy: "IfNotPresent",
    command: ["bash", "-c"],
    args: [
      [
        "set -euo pipefail",
        `date -u +%Y%m%dT%H%M%SZ > ${STAMP}`,
        `${YSQL_DUMPALL} -h "$${SCRIPT_ENV.host}" -p "$${SCRIPT_ENV.ysqlPort}" -U "$${SCRIPT_ENV.adminUser}" \\`,
        `  | gzip > ${DUMP}`,
      ].join("\n"),
    ],
    env: [
      { name: SCRIPT_ENV.host, value: server.host },
      { name: SCRIPT_ENV.ysqlPort, value: String(server.ysqlPort) },
      { name: SCRIPT_ENV.adminUser, value: adminRoleOf(server) },
      secretEnv("PGPASSWORD", server.adminSecretName, CREDENTIAL_KEYS.password),
      ...ysqlTlsEnv(server),
    ],
    resources: RESOURCES,
    securityContext: RESTRICTED_CONTAINER,
    volumeMounts: [...mounts, { name: "tmp", mountPath: "/tmp" }, ...caVolumeMounts(server)],
  };
  const target = `${MC_LAKE_ALIAS}/${props.bucket}/${props.prefix}`;
  // `$$(` keeps Kubernetes from reading the shell's command substitution as a variable reference.
  const upload = mcLakeContainer({
    name: "upload",
    image: props.uploaderImage,
    script: [`${MC} cp ${DUMP} "${target}/$$(cat ${STAMP})/ysql.sql.gz"`],
    lakeCredentialsSecret: props.lakeCredentialsSecret,
    endpoint: props.endpoint,
    trustsLakeCa: props.endpointCA !== undefined,
    resources: RESOURCES,
    volumeMounts: mounts,
  });
  return new KubeCronJob(chart, props.name, {
    metadata: { name: props.name, namespace: server.namespace, labels },
    spec: {
      schedule: props.schedule,
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: 6 * 3600,
          template: {
            metadata: { labels },
            spec: {
              ...restrictedJobPodSpec(YUGABYTE_UID, server.nodeSelector),
              // The dump finishes before the upload starts.
              initContainers: [dump],
              containers: [upload],
              volumes: [
                { name: "backup", emptyDir: { sizeLimit: Quantity.fromString("20Gi") } },
                { name: "tmp", emptyDir: { sizeLimit: Quantity.fromString("64Mi") } },
                ...caVolumes(server),
                ...(props.endpointCA ? [mcCaVolume(props.endpointCA)] : []),
              ],
            },
          },
        },
      },
    },
  });
}
