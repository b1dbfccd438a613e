import { describe, expect, it } from "vitest";
import { allPrices, CATALOG } from "../../policies/pricing/catalog";

describe("price catalog", () => {
  it("gives every price a public source URL, an ISO date, a unit and a non-negative amount", () => {
    const prices = allPrices();
    expect(prices.length).toBeGreaterThan(50);
    for (const { path, price } of prices) {
      expect(price.source, path).toMatch(/^https:\/\/(cloud\.google\.com|azure\.microsoft\.com)\//);
      expect(price.date, path).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.unit, path).not.toBe("");
      expect(price.usd, path).toBeGreaterThanOrEqual(0);
    }
  });

  it("has the node machine types of GKE and AKS, spot cheaper than on-demand", () => {
    const wanted = ["e2-standard-2", "e2-standard-4", "e2-standard-8", "n2-standard-4", "n2-standard-8", "n2-standard-16", "n2-highmem-8", "Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5", "Standard_E8s_v5"];
    expect(Object.keys(CATALOG.vm).sort()).toEqual([...wanted].sort());
    for (const type of wanted) expect(CATALOG.vm[type].spot.usd).toBeLessThan(CATALOG.vm[type].onDemand.usd);
  });

  it("has management fees, storage by class/tier/redundancy, warehouse and engine prices", () => {
    expect(CATALOG.clusterManagement.gke.usd).toBe(0.1);
    expect(CATALOG.clusterManagement.aksStandard.usd).toBe(0.1);
    expect(CATALOG.clusterManagement.aksFree.usd).toBe(0);
    expect(Object.keys(CATALOG.gcs)).toEqual(["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"]);
    for (const tier of ["Hot", "Cool", "Cold"]) expect(Object.keys(CATALOG.blob[tier])).toEqual(expect.arrayContaining(["LRS", "ZRS", "GRS"]));
    expect(CATALOG.bigquery.onDemandQuery.unit).toBe("TiB scanned");
    expect(CATALOG.databricks.jobsCompute.premium.usd).toBeLessThan(CATALOG.databricks.allPurpose.premium.usd);
    expect(CATALOG.synapse.dw100cHour.unit).toBe("DW100c-hour");
    expect(Object.keys(CATALOG.disks)).toEqual(expect.arrayContaining(["pd-balanced", "azure-premium-ssd", "generic"]));
  });
});
