import type { ResourceRule } from "./rule";
import { dataBearingReason } from "../../infra/diff/data-bearing";
import type { PlanValue } from "../../infra/plan/document";
import { at, bool } from "../model/values";
import { kubernetesKind, objectName } from "../model/workloads";

export type ProtectedDataResourcesConfig = Record<string, never>;

/** Inputs that make the provider (or the cloud) refuse a delete. */
const DELETION_PROTECTION_PATHS = ["deletionProtection", "settings.deletionProtectionEnabled"];

/**
 * Data-bearing resources (buckets, databases, volumes, Kafka, stateful charts) cannot be deleted by
 * a `pulumi up` or `destroy`: `protect`, or the resource's own deletion protection. The environment's
 * config decides where this is mandatory (prod).
 */
export const protectedDataResources: ResourceRule<ProtectedDataResourcesConfig> = {
  kind: "resource",
  pack: "security",
  name: "protected-data-resources",
  description: "Data-bearing resources are protected (protect, retainOnDelete) or have deletion protection.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  defaults: {},
  validate(resource, _config, report) {
    const reason = dataBearingReason(resource.type, resource.props as { readonly [key: string]: PlanValue });
    if (!reason) return;
    if (resource.opts?.protect === true || resource.opts?.retainOnDelete === true) return;
    if (DELETION_PROTECTION_PATHS.some((path) => bool(at(resource.props, path)) === true)) return;
    const kind = kubernetesKind(resource.type);
    const name = kind ? objectName(kind, resource.props) : `${resource.type} ${resource.name}`;
    report(
      `${name} holds ${reason} and is not protected; ` +
        "to comply, set protect (batch-platform:protectData) or its deletion protection.",
    );
  },
};
