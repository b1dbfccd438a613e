import type { ResourceRule } from "./rule";
import { describePool, GKE_CLUSTER, gkeDefaultPool, nodePoolsOf } from "../model/node-pools";

export interface AllowedMachineTypesConfig {
  /** GKE machine types and AKS VM sizes allowed in this environment. */
  readonly allowedMachineTypes: readonly string[];
}

/** Node VM types come from a short, priced list per environment. */
export const allowedMachineTypes: ResourceRule<AllowedMachineTypesConfig> = {
  kind: "resource",
  pack: "cost",
  name: "allowed-machine-types",
  description: "Node pools use only the machine types allowed for the environment.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { allowedMachineTypes: { type: "array", items: { type: "string" } } } },
  defaults: { allowedMachineTypes: [] },
  validate(resource, config, report) {
    const pools = nodePoolsOf(resource.type, resource.props, resource.name);
    if (resource.type === GKE_CLUSTER) {
      const defaultPool = gkeDefaultPool(resource.props, resource.name);
      if (defaultPool) pools.push(defaultPool);
    }
    for (const pool of pools) {
      const type = pool.machineType;
      if (type !== undefined && config.allowedMachineTypes.includes(type)) continue;
      report(`${describePool(pool)} uses machine type ${type ?? "(not set: the cloud's default)"}; to comply, use one of ${config.allowedMachineTypes.join(", ") || "(none allowed)"}.`);
    }
  },
};
