import type * as pulumi from "@pulumi/pulumi";
import {
  nodeSelectorFor,
  SparkPackageMirror,
  ZEPPELIN_SPARK_IMAGE,
  ZEPPELIN_SPARK_PACKAGES,
  type MinioLake,
  type SparkPackageCopy,
} from "../../components";
import { DELTA_PACKAGE, HADOOP_AWS_PACKAGE, POSTGRES_JDBC_PACKAGE } from "../../components/engine/spark-job-spec";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";

/** What the oss stacks' Spark uses: Delta, S3A, and the PostgreSQL driver the YSQL load stage writes with. */
export const OSS_SPARK_PACKAGES: readonly string[] = [DELTA_PACKAGE, HADOOP_AWS_PACKAGE, POSTGRES_JDBC_PACKAGE];

/** The mirrors' copies for the jobs and for Zeppelin, and what to wait for; none where the images carry the jars. */
export interface OssSparkPackages {
  readonly copy?: SparkPackageCopy;
  /** Zeppelin's: its Spark (3.5) is not the jobs' (4.1), nor are its Delta and hadoop-aws. */
  readonly notebookCopy?: SparkPackageCopy;
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * Where packages are downloaded at all (`oss.network.packageDownloads`), they are mirrored into the
 * lake's `curated` zone by Jobs in `processing`, the only pods with HTTPS out of the cluster: one
 * mirror for the jobs' Spark, one for Zeppelin's, each in an area of its own. The Spark Operator,
 * Spark's drivers and executors and Zeppelin copy them from there. With the jars in the stack's
 * images, nothing is mirrored.
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
  const { image, notebookImage } = config.oss.spark;
  const curated = config.lake.zones.curated;
  const common = {
    namespace: parts.namespace,
    lake: parts.lake,
    zone: "curated" as const,
    ...(curated.retentionDays !== undefined ? { zoneRetentionDays: curated.retentionDays } : {}),
    ...(parts.endpointCA ? { endpointCA: parts.endpointCA } : {}),
    nodeSelector: nodeSelectorFor("system", config.oss.placement),
    labels: platformLabels(config),
  };
  const jobs = new SparkPackageMirror(
    "spark-packages",
    { ...common, packages: OSS_SPARK_PACKAGES, ...(image !== undefined ? { sparkImage: image } : {}) },
    parts.opts,
  );
  const notebooks = new SparkPackageMirror(
    "notebook-spark-packages",
    {
      ...common,
      packages: ZEPPELIN_SPARK_PACKAGES,
      area: "platform/notebook-spark-packages/",
      sparkImage: notebookImage ?? ZEPPELIN_SPARK_IMAGE,
    },
    parts.opts,
  );
  return { copy: jobs.copy, notebookCopy: notebooks.copy, dependsOn: [jobs.ready, notebooks.ready] };
}
