import type { Price } from "./catalog";
import type { UsageAssumptions } from "./usage";
import type { Props } from "../model/values";

/** Hours in a month, the convention of both clouds' calculators. */
export const HOURS_PER_MONTH = 730;

/** A resource as the estimator reads it: type, raw inputs (may contain `[unknown]`), URN, name. */
export interface CostResource {
  readonly type: string;
  readonly props: Props;
  readonly urn: string;
  readonly name: string;
  /** Readable locator of a Kubernetes object declared inside a ConfigGroup (`Deployment/ns/name`). */
  readonly label?: string;
}

/** One priced quantity before rounding. */
export interface Charge {
  readonly urn: string;
  readonly item: string;
  readonly quantity: number;
  readonly price: Price;
}

/** What pricing one resource found: charges, and reasons it could not price (some of) it. */
export interface Priced {
  readonly charges: readonly Charge[];
  readonly notPriced: readonly string[];
}

export interface PricingContext {
  readonly variant: string;
  readonly usage: UsageAssumptions;
  readonly resources: readonly CostResource[];
  /** True when workload CPU/memory requests are priced (a share of a shared OSS cluster). */
  readonly priceRequests: boolean;
  /** Defaults the estimate had to assume for a resource, printed in the assumptions. */
  assumed(urn: string, what: string): void;
}

/** A pricer handles the resource types it knows and returns undefined for all others. */
export type Pricer = (resource: CostResource, context: PricingContext) => Priced | undefined;

export const NOTHING: Priced = { charges: [], notPriced: [] };

export function charge(urn: string, item: string, quantity: number, price: Price): Charge {
  return { urn, item, quantity, price };
}

export function priced(charges: readonly Charge[], notPriced: readonly string[] = []): Priced {
  return { charges, notPriced };
}

export function notPriced(reason: string): Priced {
  return { charges: [], notPriced: [reason] };
}
