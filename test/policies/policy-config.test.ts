import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicyConfig, parsePolicyConfig, POLICY_CONFIG_DIR, PolicyConfigError } from "../../policies/engine/policy-config";
import { ALL_RULES } from "../../policies/rules/packs";

const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

function levels(environment: string): Record<string, string> {
  const config = loadPolicyConfig(environment);
  return Object.fromEntries(ALL_RULES.map((rule) => [rule.name, config.settings.get(rule.name)?.enforcement ?? "?"]));
}

describe("policies/config/<env>.json", () => {
  it("names every policy of both packs explicitly in every environment, with valid properties", () => {
    for (const env of ENVIRONMENTS) {
      const json = JSON.parse(readFileSync(join(POLICY_CONFIG_DIR, `${env}.json`), "utf8")) as Record<string, unknown>;
      expect(Object.keys(json).sort(), env).toEqual(ALL_RULES.map((r) => r.name).sort());
      expect(() => loadPolicyConfig(env)).not.toThrow();
    }
  });

  it("is strict in prod: everything mandatory but the dev-only scale-to-zero rule and the high Synapse cap", () => {
    const prod = levels("prod");
    expect(Object.entries(prod).filter(([, level]) => level !== "mandatory")).toEqual([
      ["batch-pool-scales-to-zero", "disabled"],
      ["synapse-sql-pool-sku", "advisory"],
    ]);
  });

  it("is lenient in dev: advisory except the budget, data residency, the scale-to-zero rule, the Synapse cap, secrets and public access; zone rules off", () => {
    const dev = levels("dev");
    expect(Object.entries(dev).filter(([, level]) => level === "mandatory").map(([name]) => name).sort()).toEqual([
      "allowed-regions",
      "batch-pool-scales-to-zero",
      "monthly-budget",
      "no-public-network-access",
      "no-secrets-in-plain-inputs",
      "synapse-sql-pool-sku",
    ]);
    expect(dev["protected-data-resources"]).toBe("disabled");
    expect(dev["stateful-zone-spread"]).toBe("disabled");
    expect(dev["zone-redundant-clusters"]).toBe("disabled");
  });

  it("tightens thresholds from dev to prod", () => {
    const budget = (env: string) => (loadPolicyConfig(env).settings.get("monthly-budget")?.config as { maxMonthlyUsd: number }).maxMonthlyUsd;
    expect(budget("dev")).toBeLessThan(budget("staging"));
    expect(budget("staging")).toBeLessThan(budget("prod"));
    expect(loadPolicyConfig("dev").usage.storageGbPerZone).toBeDefined();
  });
});

describe("parsePolicyConfig", () => {
  it("reads the CLI's shapes: a bare level, an object with enforcementLevel, and `all`", () => {
    const parsed = parsePolicyConfig({ all: "mandatory", "pinned-images": "advisory", "max-node-count": { maxNodesPerPool: 4 }, "container-resources": { enforcementLevel: "remediate" } }, "test.json", "test");
    expect(parsed.settings.get("pinned-images")?.enforcement).toBe("advisory");
    expect(parsed.settings.get("max-node-count")).toEqual({ enforcement: "mandatory", config: { maxNodesPerPool: 4 } });
    expect(parsed.settings.get("container-resources")?.enforcement).toBe("mandatory");
    expect(parsed.settings.get("allowed-regions")?.config).toEqual({ allowedRegions: [] });
  });

  it("rejects a misspelt policy, a wrong property type and a bad level, naming each", () => {
    const attempt = () => parsePolicyConfig({ "pinned-image": "advisory", "max-node-count": { maxNodesPerPool: "ten" }, "allowed-regions": "strict" }, "bad.json", "bad");
    expect(attempt).toThrow(PolicyConfigError);
    expect(attempt).toThrow(/pinned-image: no such policy/);
    expect(attempt).toThrow(/max-node-count\.maxNodesPerPool: got "ten"; expected integer/);
    expect(attempt).toThrow(/allowed-regions\.enforcementLevel: got "strict"/);
  });

  it("rejects usage assumptions of the wrong shape and a missing budget", () => {
    expect(() => parsePolicyConfig({ "monthly-budget": { maxMonthlyUsd: 10, usage: { storageGbPerZone: { landing: -1 } } } }, "u.json", "u")).toThrow(/monthly-budget\.usage\.storageGbPerZone\.landing: got -1; expected >= 0/);
    expect(() => parsePolicyConfig({ "monthly-budget": { usage: { sparkJobHours: 3 } } }, "u.json", "u")).toThrow(/monthly-budget\.usage\.sparkJobHours: not allowed/);
  });

  it("says which file is missing for an unknown environment", () => {
    expect(() => loadPolicyConfig("qa")).toThrow(/expected policies\/config\/qa\.json/);
  });
});
