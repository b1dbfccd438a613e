import type { PlatformConfig } from "./config";
import type { DagSettings } from "../components/pipeline/dag/dag-common";

/**
 * Cost-allocation labels/tags for every resource that takes them. Keys are kebab-case so the same
 * set is valid as GCP labels, Azure tags and Kubernetes labels.
 */
export function platformLabels(config: Pick<PlatformConfig, "environment" | "labels">): Record<string, string> {
  return {
    environment: config.environment,
    "cost-center": config.labels.costCenter,
    owner: config.labels.owner,
    platform: "batch-platform",
    "managed-by": "pulumi",
  };
}

/** The generated DAGs' owner and tags: the stack's owner, its environment. */
export function dagSettings(config: Pick<PlatformConfig, "environment" | "labels">): DagSettings {
  return { owner: config.labels.owner, tags: [config.environment] };
}
