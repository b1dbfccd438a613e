import type { PlatformConfig } from "../config";
import { azurePlatform } from "./azure";
import { gcpPlatform } from "./gcp";
import { ossPlatform } from "./oss";
import type { StackOutputs } from "./outputs";

/** Declares the platform of the configured variant. */
export async function declarePlatform(config: PlatformConfig): Promise<StackOutputs> {
  switch (config.variant) {
    case "oss":
      return ossPlatform(config);
    case "gcp":
      return gcpPlatform(config);
    case "azure":
      return azurePlatform(config);
  }
}
