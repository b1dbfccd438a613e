import type * as pulumi from "@pulumi/pulumi";
import { nodeSelectorFor, SparkPackageMirror, type MinioLake, type SparkPackageCopy } from "../../components";
import { DELTA_PACKAGE, HADOOP_AWS_PACKAGE, POSTGRES_JDBC_PACKAGE } from "../../components/engine/spark-job-spec";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";

/** What the oss stacks' Spark uses: Delta, S3A, and the PostgreSQL driver the YSQL load stage writes with. */
export const OSS_SPARK_PACKAGES: readonly string[] = [DELTA_PACKAGE, HADOOP_AWS_PACKAGE, POSTGRES_JDBC_PACKAGE];

/** The mirror's copy for Spark's jobs and Zeppelin, and what to wait for; none where the image carries the jars. */
export interface OssSparkPackages {
  readonly copy?: SparkPackageCopy;
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * Where packages are downloaded at all (`oss.network.packageDownloads`), they are mirrored into the
 * lake's `curated` zone by a Job in `processing`, the only pods with HTTPS out of the cluster; the
 * Spark Operator, Spark's drivers and executors and Zeppelin copy them from there. With the jars in
 * the stack's image, nothing is mirrored.
 */
export function ossSparkPackages(
  config: PlatformConfig,
  parts: {
    readonly lake: MinioLake;
    readonly namespace: string;
    readonly endpointCA?: { readonly name: string; readonly key: string };
    readonly opts: pulumi.ComponentResourceOptions;
  },
): OssSparkPackages {
  if (!config.oss.network.packageDownloads) return { dependsOn: [] };
  const { image } = config.oss.spark;
  const curated = config.lake.zones.curated;
  const mirror = new SparkPackageMirror(
    "spark-packages",
    {
      namespace: parts.namespace,
      lake: parts.lake,
      packages: OSS_SPARK_PACKAGES,
      zone: "curated",
      ...(curated.retentionDays !== undefined ? { zoneRetentionDays: curated.retentionDays } : {}),
      ...(image !== undefined ? { sparkImage: image } : {}),
      ...(parts.endpointCA ? { endpointCA: parts.endpointCA } : {}),
      nodeSelector: nodeSelectorFor("system", config.oss.placement),
      labels: platformLabels(config),
    },
    parts.opts,
  );
  return { copy: mirror.copy, dependsOn: [mirror.ready] };
}
