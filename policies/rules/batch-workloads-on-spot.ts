import type { ResourceRule } from "./rule";
import { anyToleratesSpot, BATCH_SELECTOR_HINT, POOL_LABEL, requiredNodeLabels, selectsSpot, SPOT_TOLERATION_HINT } from "../model/placement";
import { kubernetesKind, objectName, podTemplates, SPARK_APPLICATION_KINDS } from "../model/workloads";

export interface BatchWorkloadsOnSpotConfig {
  /** Also hold Kubernetes Jobs/CronJobs to the rule (a Job that selects another pool explicitly is left alone). */
  readonly includeJobs: boolean;
}

/** Executors and batch jobs are restartable: they belong on the cheap, tainted spot pool. */
export const batchWorkloadsOnSpot: ResourceRule<BatchWorkloadsOnSpotConfig> = {
  kind: "resource",
  pack: "placement",
  name: "batch-workloads-on-spot",
  description: "Spark executors and batch Jobs select the spot pool and tolerate its taint.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { includeJobs: { type: "boolean" } } },
  defaults: { includeJobs: true },
  validate(resource, config, report) {
    const kind = kubernetesKind(resource.type);
    if (kind === undefined) return;
    const isSpark = SPARK_APPLICATION_KINDS.has(kind);
    const isJob = kind === "Job" || kind === "CronJob";
    if (!isSpark && !(isJob && config.includeJobs)) return;
    const name = objectName(kind, resource.props);
    for (const template of podTemplates(kind, resource.props)) {
      if (isSpark && !template.path.endsWith("executor")) continue;
      const labels = requiredNodeLabels(template.spec);
      // A Job that names another pool on purpose (e.g. a system maintenance job) is a decision, not an omission.
      if (isJob && labels[POOL_LABEL] !== undefined && labels[POOL_LABEL] !== "batch") continue;
      const missing: string[] = [];
      if (!selectsSpot(labels)) missing.push(BATCH_SELECTOR_HINT);
      if (!anyToleratesSpot(template.spec.tolerations)) missing.push(SPOT_TOLERATION_HINT);
      if (missing.length > 0) {
        report(`${name} ${template.path} does not run on the spot pool (nodeSelector ${JSON.stringify(labels)}); to comply, add ${missing.join(" and ")}.`);
      }
    }
  },
};
