import { str, type Props } from "./values";

/** A location a resource is placed in, normalized: `europe-west4`, `westeurope`, `eu` (GCP multi-region). */
export interface Placement {
  /** The normalized region. */
  readonly region: string;
  /** The property it came from and its raw value, for messages. */
  readonly property: string;
  readonly raw: string;
}

const GCP_ZONE = /^([a-z]+-[a-z]+[0-9]+)-[a-z]$/;

/** `EUROPE-WEST4` → `europe-west4`, `europe-west4-b` → `europe-west4`, `West Europe` → `westeurope`. */
export function normalizeRegion(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const zone = GCP_ZONE.exec(lower);
  if (zone) return zone[1];
  return lower.replace(/\s+/g, "");
}

/** Properties that carry the region, by provider. Resources without them (IAM, containers) have none. */
const LOCATION_PROPERTIES: ReadonlyArray<readonly [prefix: string, properties: readonly string[]]> = [
  ["gcp:", ["location", "region"]],
  ["azure-native:", ["location"]],
  ["pulumi:providers:gcp", ["region"]],
  ["pulumi:providers:azure-native", ["location"]],
];

/** Non-regions: Azure's `global` resources carry no data. */
const NOT_REGIONS = new Set(["global"]);

/** Where a resource is placed (empty when it has no location of its own). */
export function placementOf(type: string, props: Props): Placement[] {
  const entry = LOCATION_PROPERTIES.find(([prefix]) => type.startsWith(prefix));
  if (!entry) return [];
  const out: Placement[] = [];
  for (const property of entry[1]) {
    const raw = str(props[property]);
    if (raw === undefined || raw.trim() === "") continue;
    const region = normalizeRegion(raw);
    if (NOT_REGIONS.has(region)) continue;
    out.push({ region, property, raw });
  }
  return out;
}
