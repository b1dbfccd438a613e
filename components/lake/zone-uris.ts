import * as pulumi from "@pulumi/pulumi";
import type { DataLake } from "./data-lake";
import type { LakeZones } from "./lake-zone";

/** The `{landing, processing, curated}` → URI record every lake exposes as `zoneUris`. */
export function zoneUrisOf(zones: LakeZones): DataLake["zoneUris"] {
  return pulumi.output({ landing: zones.landing.uri, processing: zones.processing.uri, curated: zones.curated.uri });
}
