/**
 * The price catalog: public list prices (USD, pay-as-you-go, no discounts, free tiers ignored) for
 * one representative region per cloud, each with the page it comes from and the date it was entered.
 * Prices were entered from the vendors' public price pages as known to the author on the date given,
 * on a machine without network access: re-check them against `source` before using an estimate to
 * sign a budget. Spot prices move daily; the figures here are a typical snapshot.
 */

export interface Price {
  readonly usd: number;
  /** What one `usd` buys: `node-hour`, `GB-month`, `DBU`, … */
  readonly unit: string;
  /** The public price page. */
  readonly source: string;
  /** ISO date the price was entered. */
  readonly date: string;
}

export interface VmPrice {
  readonly vcpus: number;
  readonly memoryGib: number;
  readonly onDemand: Price;
  readonly spot: Price;
}

export const CATALOG_DATE = "2026-11-27";

/** The regions the prices are for; other regions differ by a few percent. */
export const PRICE_REGIONS = { gcp: "europe-west1", azure: "westeurope" } as const;

const SOURCES = {
  gce: "https://cloud.google.com/compute/vm-instance-pricing",
  gceSpot: "https://cloud.google.com/spot-vms/pricing",
  gke: "https://cloud.google.com/kubernetes-engine/pricing",
  gcs: "https://cloud.google.com/storage/pricing",
  bigquery: "https://cloud.google.com/bigquery/pricing",
  dataflow: "https://cloud.google.com/dataflow/pricing",
  gcpDisks: "https://cloud.google.com/compute/disks-image-pricing",
  gcpLb: "https://cloud.google.com/vpc/network-pricing",
  azureVm: "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/",
  aks: "https://azure.microsoft.com/en-us/pricing/details/kubernetes-service/",
  adls: "https://azure.microsoft.com/en-us/pricing/details/storage/data-lake/",
  azureDisks: "https://azure.microsoft.com/en-us/pricing/details/managed-disks/",
  databricks: "https://azure.microsoft.com/en-us/pricing/details/databricks/",
  synapse: "https://azure.microsoft.com/en-us/pricing/details/synapse-analytics/",
  privateLink: "https://azure.microsoft.com/en-us/pricing/details/private-link/",
  azureDns: "https://azure.microsoft.com/en-us/pricing/details/dns/",
  azureLb: "https://azure.microsoft.com/en-us/pricing/details/load-balancer/",
} as const;

function price(usd: number, unit: string, source: keyof typeof SOURCES): Price {
  return { usd, unit, source: SOURCES[source], date: CATALOG_DATE };
}

function gce(vcpus: number, memoryGib: number, onDemand: number, spot: number): VmPrice {
  return { vcpus, memoryGib, onDemand: price(onDemand, "node-hour", "gce"), spot: price(spot, "node-hour", "gceSpot") };
}

function azureVm(vcpus: number, memoryGib: number, onDemand: number, spot: number): VmPrice {
  return { vcpus, memoryGib, onDemand: price(onDemand, "node-hour", "azureVm"), spot: price(spot, "node-hour", "azureVm") };
}

export const CATALOG = {
  /** GKE (Compute Engine, europe-west1) and AKS (Linux VMs, West Europe) node machine types. */
  vm: {
    "e2-standard-2": gce(2, 8, 0.0737, 0.0221),
    "e2-standard-4": gce(4, 16, 0.1474, 0.0442),
    "e2-standard-8": gce(8, 32, 0.2948, 0.0884),
    "n2-standard-4": gce(4, 16, 0.2137, 0.0641),
    "n2-standard-8": gce(8, 32, 0.4273, 0.1282),
    "n2-standard-16": gce(16, 64, 0.8547, 0.2564),
    "n2-highmem-8": gce(8, 64, 0.5765, 0.173),
    Standard_D2s_v5: azureVm(2, 8, 0.115, 0.023),
    Standard_D4s_v5: azureVm(4, 16, 0.23, 0.046),
    Standard_D8s_v5: azureVm(8, 32, 0.46, 0.092),
    Standard_D16s_v5: azureVm(16, 64, 0.92, 0.184),
    Standard_E8s_v5: azureVm(8, 64, 0.608, 0.1216),
  } as Readonly<Record<string, VmPrice>>,
  /** Control-plane fees per cluster-hour. GKE's monthly free-tier credit is ignored. */
  clusterManagement: {
    gke: price(0.1, "cluster-hour", "gke"),
    aksFree: price(0, "cluster-hour", "aks"),
    aksStandard: price(0.1, "cluster-hour", "aks"),
    aksPremium: price(0.6, "cluster-hour", "aks"),
  },
  /** Cloud Storage, regional location, per GB-month of data at rest. */
  gcs: {
    STANDARD: price(0.02, "GB-month", "gcs"),
    NEARLINE: price(0.01, "GB-month", "gcs"),
    COLDLINE: price(0.004, "GB-month", "gcs"),
    ARCHIVE: price(0.0012, "GB-month", "gcs"),
  } as Readonly<Record<string, Price>>,
  /** ADLS Gen2 / Blob block storage (first 50 TB), per GB-month, by access tier and redundancy (read-access variants not listed). */
  blob: {
    Hot: { LRS: price(0.0196, "GB-month", "adls"), ZRS: price(0.0245, "GB-month", "adls"), GRS: price(0.0392, "GB-month", "adls"), GZRS: price(0.0441, "GB-month", "adls") },
    Cool: { LRS: price(0.0109, "GB-month", "adls"), ZRS: price(0.0137, "GB-month", "adls"), GRS: price(0.0218, "GB-month", "adls"), GZRS: price(0.0245, "GB-month", "adls") },
    Cold: { LRS: price(0.0045, "GB-month", "adls"), ZRS: price(0.0056, "GB-month", "adls"), GRS: price(0.0081, "GB-month", "adls"), GZRS: price(0.0101, "GB-month", "adls") },
  } as Readonly<Record<string, Readonly<Record<string, Price>>>>,
  bigquery: {
    activeStorage: price(0.02, "GB-month", "bigquery"),
    longTermStorage: price(0.01, "GB-month", "bigquery"),
    onDemandQuery: price(6.25, "TiB scanned", "bigquery"),
  },
  /** Azure Databricks per DBU, by workspace tier. */
  databricks: {
    jobsCompute: { standard: price(0.15, "DBU", "databricks"), premium: price(0.3, "DBU", "databricks") },
    allPurpose: { standard: price(0.4, "DBU", "databricks"), premium: price(0.55, "DBU", "databricks") },
  } as { readonly jobsCompute: Readonly<Record<string, Price>>; readonly allPurpose: Readonly<Record<string, Price>> },
  synapse: {
    /** Dedicated SQL pool compute for DW100c; larger SKUs scale linearly with the DWU count. */
    dw100cHour: price(1.51, "DW100c-hour", "synapse"),
    serverlessTb: price(5, "TB processed", "synapse"),
    /** Dedicated SQL pool data storage (snapshots included), billed whether the pool runs or is paused. */
    sqlPoolStorageTb: price(23.04, "TB-month", "synapse"),
  },
  /** Private endpoints (per hour; data processed not included) and private DNS zones (per zone-month). */
  privateNetworking: {
    endpointHour: price(0.01, "endpoint-hour", "privateLink"),
    dnsZoneMonth: price(0.5, "zone-month", "azureDns"),
  },
  dataflow: {
    batchVcpuHour: price(0.0605, "vCPU-hour", "dataflow"),
    batchMemoryGbHour: price(0.003845, "GB-hour", "dataflow"),
  },
  /** Block storage per GB-month (Azure managed disks: the P10/E10 tier price divided by its 128 GiB). */
  disks: {
    "pd-standard": price(0.044, "GB-month", "gcpDisks"),
    "pd-balanced": price(0.11, "GB-month", "gcpDisks"),
    "pd-ssd": price(0.187, "GB-month", "gcpDisks"),
    "azure-premium-ssd": price(0.158, "GB-month", "azureDisks"),
    "azure-standard-ssd": price(0.075, "GB-month", "azureDisks"),
    /** Any Kubernetes (OSS): a balanced network disk, priced like pd-balanced. */
    generic: price(0.11, "GB-month", "gcpDisks"),
  } as Readonly<Record<string, Price>>,
  /** One load balancer (forwarding rule / Standard LB with up to 5 rules) per hour, data processing excluded. */
  loadBalancer: {
    gcp: price(0.025, "LB-hour", "gcpLb"),
    azure: price(0.025, "LB-hour", "azureLb"),
    generic: price(0.025, "LB-hour", "gcpLb"),
  } as Readonly<Record<string, Price>>,
  /**
   * Workload CPU/memory on a shared cluster (requests priced as a share of nodes): Compute Engine
   * N2 per-vCPU and per-GB component prices, europe-west1.
   */
  requests: {
    vcpuHour: price(0.034773, "vCPU-hour", "gce"),
    memoryGbHour: price(0.004661, "GB-hour", "gce"),
  },
} as const;

/** Every price in the catalog, with its path (for tests and docs). */
export function allPrices(): { readonly path: string; readonly price: Price }[] {
  const out: { path: string; price: Price }[] = [];
  const visit = (node: unknown, path: string): void => {
    if (typeof node !== "object" || node === null) return;
    const candidate = node as Partial<Price>;
    if (typeof candidate.usd === "number" && typeof candidate.source === "string") {
      out.push({ path, price: node as Price });
      return;
    }
    for (const [key, value] of Object.entries(node)) visit(value, path ? `${path}.${key}` : key);
  };
  visit(CATALOG, "");
  return out;
}
