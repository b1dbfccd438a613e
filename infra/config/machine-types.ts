import { CATALOG } from "../../policies/pricing/catalog";
import { compareText } from "../../components/common/compare-text";

/** Clouds whose node machine types the price catalog lists. */
export type PricedCloud = "gcp" | "azure";

/** Which vendor's price page a VM price comes from tells the cloud (Compute Engine or Azure VMs). */
const PRICE_PAGE_HOSTS: Readonly<Record<PricedCloud, string>> = {
  gcp: "cloud.google.com",
  azure: "azure.microsoft.com",
};

/** The machine types the price catalog knows for a cloud, in code-unit order: the only ones a stack may use. */
export function catalogMachineTypes(cloud: PricedCloud): string[] {
  return Object.entries(CATALOG.vm)
    .filter(([, vm]) => new URL(vm.onDemand.source).hostname === PRICE_PAGE_HOSTS[cloud])
    .map(([name]) => name)
    .sort(compareText);
}
