/** What job clusters may be: the cluster policy's inputs. */
export interface DatabricksPolicySettings {
  /** VM sizes workers and the driver may use; the first is the default. */
  readonly nodeTypes: readonly string[];
  /** Upper bound of a job cluster's autoscaling. */
  readonly maxWorkers: number;
  /** The Databricks Runtime every job runs. */
  readonly sparkVersion: string;
  /** Tags every cluster carries (cost allocation); fixed, so jobs cannot drop them. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Spark settings fixed by the policy: Delta tables without deletion vectors, so Synapse serverless reads gold. */
export const DATABRICKS_FIXED_SPARK_CONF: Readonly<Record<string, string>> = {
  "spark.databricks.delta.properties.defaults.enableDeletionVectors": "false",
};

type PolicyRule =
  | { readonly type: "fixed"; readonly value: string | number | boolean; readonly hidden?: boolean }
  | { readonly type: "allowlist"; readonly values: readonly string[]; readonly defaultValue: string }
  | { readonly type: "range"; readonly minValue?: number; readonly maxValue: number; readonly defaultValue?: number };

/**
 * The job-only cluster policy: only job clusters, the node types of the allow-list, at most
 * `maxWorkers`, Spot with fallback to on-demand and the first node (the driver) on-demand, one
 * runtime, auto-termination, the platform's tags and Delta settings fixed. Keys sorted, so the
 * definition is byte-stable.
 */
export function databricksClusterPolicy(settings: DatabricksPolicySettings): Record<string, PolicyRule> {
  const defaultNode = settings.nodeTypes[0] ?? "";
  const rules: Record<string, PolicyRule> = {
    cluster_type: { type: "fixed", value: "job" },
    spark_version: { type: "fixed", value: settings.sparkVersion },
    node_type_id: { type: "allowlist", values: [...settings.nodeTypes], defaultValue: defaultNode },
    driver_node_type_id: { type: "allowlist", values: [...settings.nodeTypes], defaultValue: defaultNode },
    "autoscale.min_workers": { type: "range", minValue: 1, maxValue: settings.maxWorkers, defaultValue: 1 },
    "autoscale.max_workers": { type: "range", maxValue: settings.maxWorkers, defaultValue: settings.maxWorkers },
    autotermination_minutes: { type: "fixed", value: 30, hidden: true },
    "azure_attributes.availability": { type: "fixed", value: "SPOT_WITH_FALLBACK_AZURE" },
    // The first node of a cluster is the driver: on-demand, so an eviction never kills the job.
    "azure_attributes.first_on_demand": { type: "fixed", value: 1 },
    "azure_attributes.spot_bid_max_price": { type: "fixed", value: -1 },
    data_security_mode: { type: "fixed", value: "SINGLE_USER" },
  };
  for (const [key, value] of Object.entries(DATABRICKS_FIXED_SPARK_CONF))
    rules[`spark_conf.${key}`] = { type: "fixed", value };
  for (const [key, value] of Object.entries(settings.tags)) rules[`custom_tags.${key}`] = { type: "fixed", value };
  return Object.fromEntries(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
