import { CATALOG } from "./catalog";
import { charge, HOURS_PER_MONTH, priced, type Charge, type CostResource, type Priced, type Pricer, type PricingContext } from "./charges";
import { record, str } from "../model/values";

export const DATABRICKS_WORKSPACE = "azure-native:databricks:Workspace";
export const SYNAPSE_WORKSPACE = "azure-native:synapse:Workspace";
export const SYNAPSE_SQL_POOL = "azure-native:synapse:SqlPool";

/** `DW100c` → 100 (DWUs); undefined for anything else. */
export function dataWarehouseUnits(sku: string | undefined): number | undefined {
  const match = sku ? /^DW([0-9]+)c?$/i.exec(sku) : null;
  return match ? Number(match[1]) : undefined;
}

function priceDatabricks(resource: CostResource, context: PricingContext): Priced {
  const sku = (str(record(resource.props.sku).name) ?? "premium").toLowerCase();
  // A trial workspace is Premium without the DBU charge for 14 days; budget it as Premium.
  const tier = sku === "trial" ? "premium" : sku;
  const jobs = CATALOG.databricks.jobsCompute[tier];
  const allPurpose = CATALOG.databricks.allPurpose[tier];
  if (!jobs || !allPurpose) return priced([], [`no DBU price for workspace sku ${sku}`]);
  const usage = context.usage.databricks;
  const charges: Charge[] = [];
  const reasons: string[] = [];
  if (usage?.jobsDbuPerMonth !== undefined) charges.push(charge(resource.urn, `Databricks jobs compute (${tier})`, usage.jobsDbuPerMonth, jobs));
  else reasons.push("no usage assumption databricks.jobsDbuPerMonth");
  if (usage?.allPurposeDbuPerMonth !== undefined) charges.push(charge(resource.urn, `Databricks all-purpose compute (${tier})`, usage.allPurposeDbuPerMonth, allPurpose));
  else reasons.push("no usage assumption databricks.allPurposeDbuPerMonth");
  const machine = usage?.vmSize !== undefined ? CATALOG.vm[usage.vmSize] : undefined;
  if (usage?.vmNodeHoursPerMonth !== undefined && machine) {
    charges.push(charge(resource.urn, `Databricks cluster VMs: ${usage.vmSize}${usage.spotVms ? " spot" : ""}`, usage.vmNodeHoursPerMonth, usage.spotVms ? machine.spot : machine.onDemand));
  } else {
    reasons.push(`no usage assumption databricks.vmNodeHoursPerMonth with a catalog vmSize (got ${usage?.vmSize ?? "none"})`);
  }
  return priced(charges, reasons);
}

function priceSqlPool(resource: CostResource, context: PricingContext): Priced {
  const sku = str(record(resource.props.sku).name);
  const dwu = dataWarehouseUnits(sku);
  if (dwu === undefined) return priced([], [`no price for SQL pool sku ${sku ?? "(none)"}`]);
  const hours = context.usage.synapse?.sqlPoolHoursPerMonth;
  if (hours === undefined) context.assumed(resource.urn, "SQL pool never paused (730 h/month)");
  const charges = [charge(resource.urn, `Synapse dedicated SQL pool ${sku}`, ((hours ?? HOURS_PER_MONTH) * dwu) / 100, CATALOG.synapse.dw100cHour)];
  const storage = context.usage.synapse?.sqlPoolStorageTb;
  if (storage === undefined) return priced(charges, ["no usage assumption synapse.sqlPoolStorageTb"]);
  return priced([...charges, charge(resource.urn, "Synapse dedicated SQL pool storage", storage, CATALOG.synapse.sqlPoolStorageTb)]);
}

function priceSynapseWorkspace(resource: CostResource, context: PricingContext): Priced {
  const tb = context.usage.synapse?.serverlessTbPerMonth;
  if (tb === undefined) return priced([], ["no usage assumption synapse.serverlessTbPerMonth"]);
  return priced([charge(resource.urn, "Synapse serverless SQL", tb, CATALOG.synapse.serverlessTb)]);
}

/** Dataflow batch jobs: launched by Airflow, so priced from usage on the job resource or the stack. */
export function priceDataflow(urn: string, context: PricingContext): Priced {
  const usage = context.usage.dataflow;
  const charges: Charge[] = [];
  const reasons: string[] = [];
  if (usage?.vcpuHoursPerMonth !== undefined) charges.push(charge(urn, "Dataflow batch vCPU", usage.vcpuHoursPerMonth, CATALOG.dataflow.batchVcpuHour));
  else reasons.push("no usage assumption dataflow.vcpuHoursPerMonth");
  if (usage?.memoryGbHoursPerMonth !== undefined) charges.push(charge(urn, "Dataflow batch memory", usage.memoryGbHoursPerMonth, CATALOG.dataflow.batchMemoryGbHour));
  else reasons.push("no usage assumption dataflow.memoryGbHoursPerMonth");
  return priced(charges, reasons);
}

export const priceEngines: Pricer = (resource, context) => {
  switch (resource.type) {
    case "azure-native:network:PrivateEndpoint":
      return priced([charge(resource.urn, "Private endpoint", HOURS_PER_MONTH, CATALOG.privateNetworking.endpointHour)]);
    case "azure-native:privatedns:PrivateZone":
      return priced([charge(resource.urn, "Private DNS zone", 1, CATALOG.privateNetworking.dnsZoneMonth)]);
    case DATABRICKS_WORKSPACE:
      return priceDatabricks(resource, context);
    case SYNAPSE_SQL_POOL:
      return priceSqlPool(resource, context);
    case SYNAPSE_WORKSPACE:
      return priceSynapseWorkspace(resource, context);
    default:
      return undefined;
  }
};
