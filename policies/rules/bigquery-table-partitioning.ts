import type { ResourceRule } from "./rule";
import { at, bool, isRecord, num, record, str } from "../model/values";

export const BIGQUERY_TABLE = "gcp:bigquery/table:Table";
/** Table label a pipeline sets to declare its expected size; without it the table counts as large. */
export const EXPECTED_SIZE_LABEL = "expected-size-gb";

export interface BigqueryTablePartitioningConfig {
  /** Longest partition expiration, in days. */
  readonly maxPartitionExpirationDays: number;
  /** Tables above this size (by their `expected-size-gb` label) must require a partition filter. */
  readonly requirePartitionFilterAboveGb: number;
}

const DAY_MS = 86_400_000;

/** On-demand queries are billed per byte scanned: partitions bound the scan, expiration bounds storage. */
export const bigqueryTablePartitioning: ResourceRule<BigqueryTablePartitioningConfig> = {
  kind: "resource",
  pack: "cost",
  name: "bigquery-table-partitioning",
  description: "BigQuery tables are partitioned with a partition expiration and, above a size, require a partition filter.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { maxPartitionExpirationDays: { type: "integer", minimum: 1 }, requirePartitionFilterAboveGb: { type: "number", minimum: 0 } } },
  defaults: { maxPartitionExpirationDays: 365, requirePartitionFilterAboveGb: 10 },
  validate(resource, config, report) {
    if (resource.type !== BIGQUERY_TABLE) return;
    const props = resource.props;
    // Views and external tables store nothing and cannot be partitioned.
    if (isRecord(props.view) || isRecord(props.materializedView) || isRecord(props.externalDataConfiguration)) return;
    const table = `table ${str(props.tableId) ?? resource.name}`;
    const time = record(props.timePartitioning);
    const partitioned = str(time.type) !== undefined || isRecord(props.rangePartitioning);
    if (!partitioned) {
      report(`${table} is not partitioned; to comply, set timePartitioning {type: "DAY", field: <event date column>, expirationMs: <= ${config.maxPartitionExpirationDays * DAY_MS}}.`);
      return;
    }
    const expirationMs = num(time.expirationMs);
    if (expirationMs === undefined || expirationMs <= 0) report(`${table} partitions never expire; to comply, set timePartitioning.expirationMs to at most ${config.maxPartitionExpirationDays * DAY_MS} (${config.maxPartitionExpirationDays} days).`);
    else if (expirationMs > config.maxPartitionExpirationDays * DAY_MS) report(`${table} keeps partitions ${Math.round(expirationMs / DAY_MS)} days; to comply, set timePartitioning.expirationMs to at most ${config.maxPartitionExpirationDays * DAY_MS} (${config.maxPartitionExpirationDays} days).`);
    const expectedGb = num(at(props, `labels.${EXPECTED_SIZE_LABEL}`));
    const filterRequired = bool(props.requirePartitionFilter) === true || bool(time.requirePartitionFilter) === true;
    if (!filterRequired && (expectedGb === undefined || expectedGb > config.requirePartitionFilterAboveGb)) {
      const size = expectedGb === undefined ? `has no ${EXPECTED_SIZE_LABEL} label (counted as large)` : `is expected to hold ${expectedGb} GB`;
      report(`${table} ${size} and does not require a partition filter; to comply, set requirePartitionFilter: true (or label it ${EXPECTED_SIZE_LABEL} <= ${config.requirePartitionFilterAboveGb}).`);
    }
  },
};
