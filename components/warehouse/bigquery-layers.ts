/**
 * The BigQuery side of the medallion: one dataset per layer. `bronze`, `silver` and `gold` are
 * written by the engine; `serving` holds the sink tables Airflow MERGEs gold into.
 */
export const BIGQUERY_LAYERS = ["bronze", "silver", "gold", "serving"] as const;
export type BigQueryLayer = (typeof BIGQUERY_LAYERS)[number];

/** Partitioning and sizing of one layer's tables. */
export interface BigQueryLayerSettings {
  /** Partitions older than this many days are dropped (silver: the dataset default). @default never */
  readonly partitionExpirationDays?: number;
  /** Queries must filter on the partition column. Only bronze: the job reads silver whole and the MERGE reads gold whole. @default false */
  readonly requirePartitionFilter?: boolean;
  /** Expected table size in whole GB, the `expected-size-gb` label cost policies read. @default none */
  readonly expectedSizeGb?: number;
}

export type BigQueryLayerSettingsMap = { readonly [layer in BigQueryLayer]?: BigQueryLayerSettings };

/** Why a layer cannot require a partition filter, for the validation message. */
const FULL_READS: Readonly<Partial<Record<BigQueryLayer, string>>> = {
  silver: "the Dataflow job reads the whole silver table to deduplicate",
  gold: "the load step MERGEs the whole gold table into serving",
  serving: "the load step's MERGE matches on the sink keys, not on a partition filter",
};

/** Pure validation of per-layer settings; one line per problem. */
export function layerSettingsProblems(layers: BigQueryLayerSettingsMap, path = "layers"): string[] {
  const problems: string[] = [];
  for (const [layer, settings] of Object.entries(layers) as [BigQueryLayer, BigQueryLayerSettings | undefined][]) {
    if (!(BIGQUERY_LAYERS as readonly string[]).includes(layer)) {
      problems.push(`${path}.${layer}: unknown layer; expected one of ${BIGQUERY_LAYERS.join(", ")}`);
      continue;
    }
    if (settings === undefined) continue;
    const at = `${path}.${layer}`;
    const days = settings.partitionExpirationDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) problems.push(`${at}.partitionExpirationDays: got ${days}; expected a whole number of days >= 1`);
    if (settings.requirePartitionFilter === true && FULL_READS[layer] !== undefined) {
      problems.push(`${at}.requirePartitionFilter: got true; expected false, ${FULL_READS[layer]} (only bronze can require a partition filter)`);
    }
    const size = settings.expectedSizeGb;
    if (size !== undefined && (!Number.isInteger(size) || size < 0)) problems.push(`${at}.expectedSizeGb: got ${size}; expected a whole number >= 0 (it becomes a label value)`);
    if (size !== undefined && layer === "silver") problems.push(`${at}.expectedSizeGb: got ${size}; expected nothing (silver tables are created by the job, not labelled here)`);
  }
  return problems;
}

/** Milliseconds of a number of days, as BigQuery's expiration fields take them. */
export function daysToMs(days: number): number {
  return days * 86_400_000;
}
