import { CATALOG } from "./catalog";
import { charge, priced, notPriced, type CostResource, type Priced, type Pricer, type PricingContext } from "./charges";
import { BLOB_CONTAINER, GCS_BUCKET, lakeZoneOf, STORAGE_ACCOUNT } from "../model/lake-zones";
import { record, str } from "../model/values";

const GCP_REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const BIGQUERY_DATASET = "gcp:bigquery/dataset:Dataset";

/** GB the usage assumptions give a zone (`other` for storage without a zone). */
function zoneGb(zone: string | undefined, context: PricingContext): { gb?: number; key: string } {
  const key = zone ?? "other";
  return { gb: context.usage.storageGbPerZone?.[key], key };
}

function priceBucket(resource: CostResource, context: PricingContext): Priced {
  const raw = resource.props.location;
  const location = str(raw)?.toLowerCase();
  if (location === undefined && raw !== undefined && raw !== null) return notPriced("bucket location unknown at preview");
  if (location === undefined || !GCP_REGION.test(location)) {
    return notPriced(`bucket location ${location ?? "(default: US multi-region)"} is not a region; only regional prices are in the catalog`);
  }
  const storageClass = (str(resource.props.storageClass) ?? "STANDARD").toUpperCase().replace(/^REGIONAL$/, "STANDARD");
  const unitPrice = CATALOG.gcs[storageClass];
  if (!unitPrice) return notPriced(`no price for storage class ${storageClass}`);
  const { gb, key } = zoneGb(lakeZoneOf(resource.type, resource.props, resource.name), context);
  if (gb === undefined) return notPriced(`no usage assumption storageGbPerZone.${key}`);
  return priced([charge(resource.urn, `GCS ${storageClass} storage (zone ${key})`, gb, unitPrice)]);
}

/** The storage account a container belongs to: by account name, else the stack's only account. */
function accountFor(container: CostResource, context: PricingContext): CostResource | undefined {
  const accounts = context.resources.filter((r) => r.type === STORAGE_ACCOUNT);
  const wanted = str(container.props.accountName);
  return accounts.find((a) => wanted !== undefined && (str(a.props.accountName) === wanted || a.name === wanted)) ?? (accounts.length === 1 ? accounts[0] : undefined);
}

function priceContainer(resource: CostResource, context: PricingContext): Priced {
  const account = accountFor(resource, context);
  if (!account) return notPriced("its storage account is not in the plan (sku and tier unknown)");
  const sku = str(record(account.props.sku).name) ?? "";
  const redundancy = /^Standard_(LRS|ZRS|GRS|GZRS)$/.exec(sku)?.[1];
  const tier = str(account.props.accessTier) ?? "Hot";
  const unitPrice = redundancy ? CATALOG.blob[tier]?.[redundancy] : undefined;
  if (!unitPrice) return notPriced(`no price for ${sku || "(no sku)"} ${tier}`);
  const { gb, key } = zoneGb(lakeZoneOf(resource.type, resource.props, resource.name), context);
  if (gb === undefined) return notPriced(`no usage assumption storageGbPerZone.${key}`);
  return priced([charge(resource.urn, `ADLS/Blob ${tier} ${redundancy} storage (zone ${key})`, gb, unitPrice)]);
}

/** BigQuery usage is a stack-wide assumption: booked once, on the first dataset (by URN). */
function priceDataset(resource: CostResource, context: PricingContext): Priced {
  const first = context.resources.filter((r) => r.type === BIGQUERY_DATASET).map((r) => r.urn).sort()[0];
  if (resource.urn !== first) return priced([]);
  const usage = context.usage.bigquery;
  const parts = [
    { value: usage?.activeGb, item: "BigQuery active storage (all datasets)", price: CATALOG.bigquery.activeStorage, key: "activeGb" },
    { value: usage?.longTermGb, item: "BigQuery long-term storage (all datasets)", price: CATALOG.bigquery.longTermStorage, key: "longTermGb" },
    { value: usage?.tibScannedPerMonth, item: "BigQuery on-demand queries (all datasets)", price: CATALOG.bigquery.onDemandQuery, key: "tibScannedPerMonth" },
  ];
  return priced(
    parts.filter((p) => p.value !== undefined).map((p) => charge(resource.urn, p.item, p.value as number, p.price)),
    parts.filter((p) => p.value === undefined).map((p) => `no usage assumption bigquery.${p.key}`),
  );
}

export const priceStorage: Pricer = (resource, context) => {
  switch (resource.type) {
    case GCS_BUCKET:
      return priceBucket(resource, context);
    case BLOB_CONTAINER:
      return priceContainer(resource, context);
    case BIGQUERY_DATASET:
      return priceDataset(resource, context);
    default:
      return undefined;
  }
};
