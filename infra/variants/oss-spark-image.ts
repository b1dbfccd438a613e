import type { PlatformConfig } from "../config";

/**
 * The Spark image of the oss stacks' jobs and of Zeppelin, and whether it carries the jars: with
 * `oss.network.packageDownloads` off the stack names an image that has them (the config refuses it
 * otherwise), so no pod resolves packages from Maven Central and none needs internet egress.
 */
export function sparkImageArgs(config: PlatformConfig): { readonly image?: string; readonly packagesInImage?: true } {
  const { image } = config.oss.spark;
  return {
    ...(image !== undefined ? { image } : {}),
    ...(config.oss.network.packageDownloads ? {} : { packagesInImage: true as const }),
  };
}
