/**
 * Regions each cloud offers, for validating `batch-platform:region` before anything is created.
 * Kept short on purpose: the regions a data platform of this kind is realistically placed in.
 */
export const GCP_REGIONS = [
  "asia-east1", "asia-northeast1", "asia-south1", "asia-southeast1", "australia-southeast1",
  "europe-central2", "europe-north1", "europe-southwest1", "europe-west1", "europe-west2", "europe-west3",
  "europe-west4", "europe-west6", "europe-west8", "europe-west9", "me-west1", "northamerica-northeast1",
  "southamerica-east1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2",
  "us-west4",
] as const;

export const AZURE_REGIONS = [
  "australiaeast", "brazilsouth", "canadacentral", "centralindia", "centralus", "eastasia", "eastus", "eastus2",
  "francecentral", "germanywestcentral", "italynorth", "japaneast", "koreacentral", "northeurope", "norwayeast",
  "polandcentral", "southcentralus", "southeastasia", "swedencentral", "switzerlandnorth", "uksouth", "westeurope",
  "westus2", "westus3",
] as const;

/** OSS clusters run anywhere; the region is the cluster's `topology.kubernetes.io/region` label. */
export const OSS_REGION_PATTERN = /^[a-z][a-z0-9-]{1,40}$/;
