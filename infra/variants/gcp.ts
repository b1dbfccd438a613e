import { GcsLake } from "../../components/lake/gcs-lake";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";
import type { StackOutputs } from "./outputs";

/** GCP hybrid: GCS lake, … (GKE, Dataflow, BigQuery and Airflow come with later issues). */
export function gcpPlatform(config: PlatformConfig): StackOutputs {
  const lake = new GcsLake("lake", {
    location: config.region,
    namePrefix: config.namePrefix,
    environment: config.environment,
    zones: config.lake.zones,
    labels: platformLabels(config),
    protect: config.protectData,
  });
  return { lakeZones: lake.zoneUris };
}
