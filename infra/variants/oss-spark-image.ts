import type { PlatformConfig } from "../config";

/** A Spark image of the oss stacks, and whether it carries the jars. */
export interface SparkImageArgs {
  readonly image?: string;
  readonly packagesInImage?: true;
}

/**
 * With `oss.network.packageDownloads` off the stack names images that have the jars (the config
 * refuses it otherwise), so no pod resolves packages from Maven Central and none needs internet egress.
 */
function imageArgs(image: string | undefined, config: PlatformConfig): SparkImageArgs {
  return {
    ...(image !== undefined ? { image } : {}),
    ...(config.oss.network.packageDownloads ? {} : { packagesInImage: true as const }),
  };
}

/** The jobs' Spark image (`oss.spark.image`). */
export function sparkImageArgs(config: PlatformConfig): SparkImageArgs {
  return imageArgs(config.oss.spark.image, config);
}

/** Zeppelin's Spark image (`oss.spark.notebookImage`): its Spark is not the jobs'. */
export function notebookSparkImageArgs(config: PlatformConfig): SparkImageArgs {
  return imageArgs(config.oss.spark.notebookImage, config);
}
