import { eraseRule, type AnyRule, type PackName } from "./rule";
import { allowedMachineTypes } from "./allowed-machine-types";
import { allowedRegions } from "./allowed-regions";
import { batchCapacityOnSpot } from "./batch-capacity-on-spot";
import { batchPoolScalesToZero } from "./batch-pool-scales-to-zero";
import { batchWorkloadsOnSpot } from "./batch-workloads-on-spot";
import { bigqueryTablePartitioning } from "./bigquery-table-partitioning";
import { containerResources } from "./container-resources";
import { costAllocationLabels } from "./cost-allocation-labels";
import { databricksAutoTermination } from "./databricks-auto-termination";
import { lakeZoneLifecycle } from "./lake-zone-lifecycle";
import { maxNodeCount } from "./max-node-count";
import { monthlyBudget } from "./monthly-budget";
import { noDefaultNamespace } from "./no-default-namespace";
import { noLoadBalancerServices } from "./no-load-balancer-services";
import { pinnedImages } from "./pinned-images";
import { singleRegionPerStack } from "./single-region-per-stack";
import { statefulOffSpot } from "./stateful-off-spot";
import { statefulZoneSpread } from "./stateful-zone-spread";
import { synapseSqlPoolSku } from "./synapse-sql-pool-sku";
import { zoneRedundantClusters } from "./zone-redundant-clusters";
import { listenerAuthentication } from "./listener-authentication";
import { listenerTls } from "./listener-tls";
import { noOpenCidr } from "./no-open-cidr";
import { noPublicNetworkAccess } from "./no-public-network-access";
import { noRootLakeCredentials } from "./no-root-lake-credentials";
import { noSecretsInPlainInputs } from "./no-secrets-in-plain-inputs";
import { protectedDataResources } from "./protected-data-resources";
import { restrictedSecurityContext } from "./restricted-security-context";

/** The rules of each pack, in the order the pack registers them. */
export const PACK_RULES: Readonly<Record<PackName, readonly AnyRule[]>> = {
  cost: [
    eraseRule(monthlyBudget),
    eraseRule(batchCapacityOnSpot),
    eraseRule(allowedMachineTypes),
    eraseRule(maxNodeCount),
    eraseRule(batchPoolScalesToZero),
    eraseRule(lakeZoneLifecycle),
    eraseRule(containerResources),
    eraseRule(databricksAutoTermination),
    eraseRule(bigqueryTablePartitioning),
    eraseRule(synapseSqlPoolSku),
    eraseRule(noLoadBalancerServices),
    eraseRule(costAllocationLabels),
  ],
  placement: [
    eraseRule(allowedRegions),
    eraseRule(singleRegionPerStack),
    eraseRule(batchWorkloadsOnSpot),
    eraseRule(statefulOffSpot),
    eraseRule(statefulZoneSpread),
    eraseRule(zoneRedundantClusters),
    eraseRule(noDefaultNamespace),
    eraseRule(pinnedImages),
  ],
  security: [
    eraseRule(listenerTls),
    eraseRule(listenerAuthentication),
    eraseRule(noRootLakeCredentials),
    eraseRule(noSecretsInPlainInputs),
    eraseRule(restrictedSecurityContext),
    eraseRule(protectedDataResources),
    eraseRule(noPublicNetworkAccess),
    eraseRule(noOpenCidr),
  ],
};

export const ALL_RULES: readonly AnyRule[] = [...PACK_RULES.cost, ...PACK_RULES.placement, ...PACK_RULES.security];
