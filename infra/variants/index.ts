import type { PlatformConfig } from "../config";
import type { StackOutputs } from "./outputs";

/**
 * Declares the platform of the configured variant. Each variant is required on demand so a stack
 * loads only its own cloud SDK modules (the whole azure-native package alone costs ~0.8 s).
 */
export function declarePlatform(config: PlatformConfig): StackOutputs {
  switch (config.variant) {
    case "oss":
      return (require("./oss") as typeof import("./oss")).ossPlatform(config);
    case "gcp":
      return (require("./gcp") as typeof import("./gcp")).gcpPlatform(config);
    case "azure":
      return (require("./azure") as typeof import("./azure")).azurePlatform(config);
  }
}
