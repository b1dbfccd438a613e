import type * as pulumi from "@pulumi/pulumi";
import {
  nodeSelectorFor,
  SparkPackageMirror,
  ZEPPELIN_SPARK_PACKAGES,
  type MinioLake,
  type PlatformCaTrust,
  type SparkPackageSource,
} from "../../components";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";

/** Zeppelin's jars from the lake, and what to wait for; empty where its image carries them. */
export interface ZeppelinPackages {
  readonly packageSource?: SparkPackageSource;
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * Where packages are downloaded at all (`oss.network.packageDownloads`), Zeppelin's are mirrored
 * into the lake by a Job in `processing` (the namespace that keeps HTTPS egress for Spark's jobs),
 * so `explore` needs none. With the jars in the stack's image, nothing is mirrored.
 */
export function zeppelinPackages(
  config: PlatformConfig,
  parts: {
    readonly lake: MinioLake;
    readonly namespace: string;
    readonly platformCa?: PlatformCaTrust;
    readonly opts: pulumi.ComponentResourceOptions;
  },
): ZeppelinPackages {
  if (!config.oss.network.packageDownloads) return { dependsOn: [] };
  const { image } = config.oss.spark;
  const ca = parts.platformCa;
  const curated = config.lake.zones.curated;
  const mirror = new SparkPackageMirror(
    "spark-packages",
    {
      namespace: parts.namespace,
      lake: parts.lake,
      packages: ZEPPELIN_SPARK_PACKAGES,
      zone: "curated",
      ...(curated.retentionDays !== undefined ? { zoneRetentionDays: curated.retentionDays } : {}),
      ...(image !== undefined ? { sparkImage: image } : {}),
      ...(ca?.lake ? { endpointCA: { name: ca.secretName, key: "ca.crt" } } : {}),
      nodeSelector: nodeSelectorFor("system", config.oss.placement),
      labels: platformLabels(config),
    },
    parts.opts,
  );
  return { packageSource: mirror.source, dependsOn: [mirror.ready] };
}
