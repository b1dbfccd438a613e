import type { RuleResource, StackRule } from "./rule";
import { chartName, isHelmChart } from "../model/helm";
import { BLOB_CONTAINER, GCS_BUCKET, lakeZoneOf, MANAGEMENT_POLICY } from "../model/lake-zones";
import { at, list, num, record, records, str } from "../model/values";

export interface LakeZoneLifecycleConfig {
  /** Zones whose data must expire, and the most days it may be kept. */
  readonly maxExpiryDays: Readonly<Record<string, number>>;
}

/** GCS: the age of a Delete rule that applies to live objects (not only noncurrent versions). */
function gcsExpiryDays(bucket: RuleResource): number | undefined {
  const ages = records(bucket.props.lifecycleRules).flatMap((rule) => {
    const condition = record(rule.condition);
    const deletes = str(at(rule, "action.type")) === "Delete";
    const noncurrentOnly = str(condition.withState)?.toUpperCase() === "ARCHIVED" || condition.daysSinceNoncurrentTime !== undefined || condition.numNewerVersions !== undefined;
    const age = num(condition.age);
    return deletes && !noncurrentOnly && age !== undefined ? [age] : [];
  });
  return ages.length > 0 ? Math.min(...ages) : undefined;
}

/** ADLS: the shortest delete-after-days of enabled management-policy rules that cover a container. */
function adlsExpiryDays(container: RuleResource, policies: readonly RuleResource[]): number | undefined {
  const containerName = str(container.props.containerName) ?? container.name;
  const account = str(container.props.accountName);
  const days: number[] = [];
  for (const policy of policies) {
    const policyAccount = str(policy.props.accountName);
    if (account !== undefined && policyAccount !== undefined && account !== policyAccount) continue;
    for (const rule of records(at(policy.props, "policy.rules"))) {
      if (rule.enabled === false) continue;
      const prefixes = list(at(rule, "definition.filters.prefixMatch")).filter((p): p is string => typeof p === "string");
      // No prefix filter covers the whole account; otherwise a prefix must start with `<container>/` (or be the container).
      const covers = prefixes.length === 0 || prefixes.some((p) => p === containerName || p.startsWith(`${containerName}/`));
      const remove = record(at(rule, "definition.actions.baseBlob.delete"));
      const after = num(remove.daysAfterModificationGreaterThan) ?? num(remove.daysAfterCreationGreaterThan) ?? num(remove.daysAfterLastAccessTimeGreaterThan);
      if (covers && after !== undefined) days.push(after);
    }
  }
  return days.length > 0 ? Math.min(...days) : undefined;
}

/** MinIO: `ilm rule add --expire-days N myminio/<bucket>` among the chart's `customCommands`. */
function minioExpiryDays(values: unknown): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of records(record(values).customCommands)) {
    const command = str(entry.command) ?? "";
    const match = /\bilm\s+(?:rule\s+)?add\b.*?(?<!noncurrent-)--expire-days[ =]"?([0-9]+)"?.*?\s[^\s/]+\/([^\s/]+)\s*$/.exec(command);
    if (!match) continue;
    const days = Number(match[1]);
    found.set(match[2], Math.min(days, found.get(match[2]) ?? days));
  }
  return found;
}

/** Landing and processing data is transient: every such bucket/container expires objects. */
export const lakeZoneLifecycle: StackRule<LakeZoneLifecycleConfig> = {
  kind: "stack",
  pack: "cost",
  name: "lake-zone-lifecycle",
  description: "Lake zones with transient data (landing, processing) expire objects within the environment's limit.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { maxExpiryDays: { type: "object", additionalProperties: { type: "integer", minimum: 1 } } } },
  defaults: { maxExpiryDays: { landing: 30, processing: 90 } },
  validate(stack, config, report) {
    const limits = config.maxExpiryDays;
    const policies = stack.resources.filter((r) => r.type === MANAGEMENT_POLICY);
    const check = (what: string, zone: string, days: number | undefined, fix: string, urn: string): void => {
      const max = limits[zone];
      if (max === undefined) return;
      if (days === undefined) report(`${what} (zone ${zone}) keeps objects forever; to comply, add ${fix} with N at most ${max} days.`, urn);
      else if (days > max) report(`${what} (zone ${zone}) deletes objects after ${days} days; to comply, lower it to at most ${max} days (${fix}).`, urn);
    };
    for (const resource of stack.resources) {
      if (resource.type === GCS_BUCKET) {
        const zone = lakeZoneOf(resource.type, resource.props, resource.name);
        if (zone) check(`bucket ${str(resource.props.name) ?? resource.name}`, zone, gcsExpiryDays(resource), 'a lifecycle rule {action: {type: "Delete"}, condition: {age: N}}', resource.urn);
      } else if (resource.type === BLOB_CONTAINER) {
        const zone = lakeZoneOf(resource.type, resource.props, resource.name);
        const name = str(resource.props.containerName) ?? resource.name;
        if (zone) check(`container ${name}`, zone, adlsExpiryDays(resource, policies), `a ManagementPolicy rule with prefixMatch ["${name}/"] and baseBlob.delete.daysAfterModificationGreaterThan N`, resource.urn);
      } else if (isHelmChart(resource.type) && chartName(resource.props) === "minio") {
        const values = resource.props.values;
        const expiry = minioExpiryDays(values);
        for (const bucket of records(record(values).buckets)) {
          const name = str(bucket.name);
          if (name === undefined) continue;
          const zone = name.toLowerCase().split(/[^a-z0-9]+/).find((word) => limits[word] !== undefined);
          if (zone) check(`MinIO bucket ${name}`, zone, expiry.get(name), `the customCommand "ilm rule add --expire-days N myminio/${name}"`, resource.urn);
        }
      }
    }
  },
};
