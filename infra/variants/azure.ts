import { AdlsLake } from "../../components/lake/adls-lake";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";
import type { StackOutputs } from "./outputs";

/** Azure hybrid: ADLS Gen2 lake, … (AKS, Databricks, Synapse and Airflow come with later issues). */
export function azurePlatform(config: PlatformConfig): StackOutputs {
  const lake = new AdlsLake("lake", {
    location: config.region,
    namePrefix: config.namePrefix,
    environment: config.environment,
    zones: config.lake.zones,
    redundancy: config.lake.redundancy,
    tags: platformLabels(config),
    protect: config.protectData,
  });
  return { lakeZones: lake.zoneUris };
}
