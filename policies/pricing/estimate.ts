import type { CostEstimate, CostLine, PlanValue } from "../../infra/plan/document";
import { CATALOG_DATE, PRICE_REGIONS } from "./catalog";
import { HOURS_PER_MONTH, NOTHING, type Charge, type CostResource, type Priced, type Pricer, type PricingContext } from "./charges";
import { isFreeType } from "./free-types";
import { priceClusters, priceOssNodePools } from "./price-clusters";
import { priceDataflow, priceEngines } from "./price-engines";
import { priceKubernetes } from "./price-kubernetes";
import { priceStorage } from "./price-storage";
import type { UsageAssumptions } from "./usage";

export interface EstimateInput {
  /** `oss` | `azure` | `gcp`: picks disk and load-balancer prices for Kubernetes objects. */
  readonly variant: string;
  /** Where stack-level lines (OSS node pools, Dataflow without a job resource) are booked. */
  readonly stackUrn: string;
  /** Every resource, Kubernetes objects of ConfigGroups already expanded. */
  readonly resources: readonly CostResource[];
  readonly usage: UsageAssumptions;
}

const PRICERS: readonly Pricer[] = [priceClusters, priceStorage, priceEngines, priceKubernetes];

const NOTES: readonly string[] = [
  `List prices, pay-as-you-go, USD, for ${PRICE_REGIONS.gcp} (GCP) and ${PRICE_REGIONS.azure} (Azure); entered ${CATALOG_DATE} and not re-verified online; free tiers, committed-use and reserved discounts, taxes ignored.`,
  `${HOURS_PER_MONTH} hours per month.`,
  "Node pools run their autoscaling minimum (or fixed count) unless usage.averageNodesByPool gives an average.",
  "Lake storage is priced at the bucket's class / the account's access tier; lifecycle tiering, operations and egress are not included.",
  "Kubernetes: PersistentVolumeClaims, StatefulSet volume claims, LoadBalancer Services and sizes set in Helm values are priced; chart defaults are not visible offline.",
  "SparkApplications: driver and executor requests x usage.sparkJobHoursPerMonth at on-demand per-vCPU/GB prices (no spot discount).",
  "Not included: Dataflow Shuffle and worker disks, Databricks-managed storage, network egress.",
];

/** Cents of a dollar amount, robust to float noise (0.1 * 3 → 30, not 30.000000000000004 → 30). */
function cents(usd: number): number {
  return Math.round(Number((usd * 100).toFixed(6)));
}

function round6(value: number): number {
  return Number(value.toFixed(6));
}

function jsonValue(value: unknown): PlanValue {
  return JSON.parse(JSON.stringify(value ?? null)) as PlanValue;
}

/**
 * The monthly estimate of a set of resources: every line rounded to cents, the total the exact sum
 * of the lines, lines sorted by URN and item; resources that cost money without a price are listed in
 * `notPriced` with their reasons in `assumptions.notPricedReasons`. Deterministic for equal input.
 */
export function estimateResources(input: EstimateInput): CostEstimate {
  const assumed = new Map<string, Set<string>>();
  const context: PricingContext = {
    variant: input.variant,
    usage: input.usage,
    resources: input.resources,
    priceRequests: input.variant === "oss" && (input.usage.ossNodePools?.length ?? 0) === 0,
    assumed(urn, what) {
      const set = assumed.get(urn) ?? new Set<string>();
      set.add(what);
      assumed.set(urn, set);
    },
  };

  const results: { urn: string; priced: Priced }[] = [];
  // Dataflow jobs are launched by Airflow: usage is booked once, on the first Dataflow resource (job or engine component).
  const dataflowUrn = input.resources.filter((r) => r.type.toLowerCase().includes("dataflow")).map((r) => r.urn).sort()[0];
  if (dataflowUrn !== undefined) results.push({ urn: dataflowUrn, priced: priceDataflow(dataflowUrn, context) });
  if (input.variant === "oss") results.push({ urn: input.stackUrn, priced: priceOssNodePools(input.stackUrn, context) });

  for (const resource of input.resources) {
    let outcome: Priced | undefined;
    for (const pricer of PRICERS) {
      outcome = pricer(resource, context);
      if (outcome) break;
    }
    if (!outcome && resource.type.toLowerCase().includes("dataflow")) outcome = NOTHING;
    if (!outcome && !isFreeType(resource.type)) outcome = { charges: [], notPriced: [`no price in the catalog for ${resource.type}`] };
    if (outcome) results.push({ urn: resource.urn, priced: outcome });
  }

  const lines = toLines(results.flatMap((r) => r.priced.charges));
  const reasons = new Map<string, Set<string>>();
  for (const { urn, priced } of results) {
    for (const reason of priced.notPriced) reasons.set(urn, (reasons.get(urn) ?? new Set<string>()).add(reason));
  }
  const notPriced = [...reasons.keys()].sort();
  const totalCents = lines.reduce((sum, line) => sum + cents(line.monthlyUsd), 0);

  return {
    monthlyUsd: totalCents / 100,
    lines,
    notPriced,
    assumptions: {
      hoursPerMonth: HOURS_PER_MONTH,
      currency: "USD",
      priceRegions: { ...PRICE_REGIONS },
      catalogDate: CATALOG_DATE,
      computePricing: context.priceRequests ? "workload requests (shared OSS cluster: usage.ossNodePools not given)" : "node pools (workload requests run on them)",
      usage: jsonValue(input.usage),
      notes: [...NOTES],
      defaultsApplied: Object.fromEntries([...assumed.keys()].sort().map((urn) => [urn, [...(assumed.get(urn) ?? [])].sort()])),
      notPricedReasons: Object.fromEntries(notPriced.map((urn) => [urn, [...(reasons.get(urn) ?? [])].sort()])),
    },
  };
}

/** Charges → lines: equal (URN, item, price) merged, lines sorted, each rounded to cents. */
function toLines(charges: readonly Charge[]): CostLine[] {
  const merged = new Map<string, { charge: Charge; quantity: number }>();
  for (const c of charges) {
    let key = `${c.urn}\u0000${c.item}`;
    const existing = merged.get(key);
    if (existing && existing.charge.price.usd === c.price.usd && existing.charge.price.unit === c.price.unit) {
      existing.quantity += c.quantity;
      continue;
    }
    // The same item at another price gets a distinct name, so (URN, item) stays a key for diffs.
    for (let n = 2; merged.has(key); n++) key = `${c.urn}\u0000${c.item} #${n}`;
    merged.set(key, { charge: { ...c, item: key.split("\u0000")[1] }, quantity: c.quantity });
  }
  return [...merged.values()]
    .map(({ charge, quantity }) => {
      const q = round6(quantity);
      return { urn: charge.urn, item: charge.item, quantity: q, unit: charge.price.unit, unitUsd: charge.price.usd, monthlyUsd: cents(q * charge.price.usd) / 100 };
    })
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}
