import type { StackRule } from "./rule";
import { placementOf } from "../model/regions";

/**
 * Lake, cluster, engine and warehouse in one region: cross-region reads are slow, billed as egress,
 * and move data out of where it was agreed to live. Providers' default regions are not counted.
 */
export const singleRegionPerStack: StackRule<Record<string, never>> = {
  kind: "stack",
  pack: "placement",
  name: "single-region-per-stack",
  description: "All located resources of a stack (lake, cluster, engine, warehouse) are in one region.",
  severity: "high",
  enforcementLevel: "advisory",
  configSchema: { properties: {} },
  defaults: {},
  validate(stack, _config, report) {
    const byRegion = new Map<string, string[]>();
    for (const resource of stack.resources) {
      if (resource.type.startsWith("pulumi:providers:")) continue;
      for (const placement of placementOf(resource.type, resource.props)) {
        byRegion.set(placement.region, [...(byRegion.get(placement.region) ?? []), resource.urn]);
      }
    }
    if (byRegion.size <= 1) return;
    // The region most resources are in is the stack's; everything else is reported against it.
    const regions = [...byRegion.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
    const [home] = regions[0];
    const summary = regions.map(([region, urns]) => `${region} (${urns.length})`).join(", ");
    for (const [region, urns] of regions.slice(1)) {
      for (const urn of [...new Set(urns)]) {
        report(`this resource is in ${region} while the stack spans ${summary}; to comply, place it in ${home} with the rest of the stack.`, urn);
      }
    }
  },
};
