import type { ResourceRule } from "./rule";
import { normalizeRegion, placementOf } from "../model/regions";

export interface AllowedRegionsConfig {
  /** Regions (and GCP multi-regions such as `EU`) data may live in; case and spaces do not matter. */
  readonly allowedRegions: readonly string[];
}

/** Data residency: every located resource sits in an allowed region. */
export const allowedRegions: ResourceRule<AllowedRegionsConfig> = {
  kind: "resource",
  pack: "placement",
  name: "allowed-regions",
  description: "Every resource with a location is placed in one of the environment's allowed regions (data residency).",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allowedRegions: { type: "array", items: { type: "string" }, minItems: 1 } } },
  defaults: { allowedRegions: [] },
  validate(resource, config, report) {
    const allowed = new Set(config.allowedRegions.map(normalizeRegion));
    for (const placement of placementOf(resource.type, resource.props)) {
      if (allowed.has(placement.region)) continue;
      report(`${placement.property} is ${JSON.stringify(placement.raw)} (region ${placement.region}), outside the allowed regions; to comply, place it in one of ${config.allowedRegions.join(", ")}.`);
    }
  },
};
