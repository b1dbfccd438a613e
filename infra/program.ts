import { loadConfig } from "./config";
import { declarePlatform } from "./variants";
import type { StackOutputs } from "./variants/outputs";

/** The Pulumi program: validate the stack config once, then declare the configured variant. */
export async function program(): Promise<StackOutputs> {
  const config = loadConfig();
  return declarePlatform(config);
}
