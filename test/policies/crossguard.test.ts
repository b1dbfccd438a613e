import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs, StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";
import { packPolicies } from "../../policies/crossguard/to-policy";
import { asPreviewProps } from "../../policies/engine/unknowns";
import { ALL_RULES, PACK_RULES } from "../../policies/rules/packs";
import * as f from "../fixtures/policies/resources";
import { azurePlan } from "../fixtures/policies/plans";

const ROOT = join(__dirname, "..", "..");

function resourceArgs(resource: ReturnType<typeof f.resource>, config: object): ResourceValidationArgs {
  return { type: resource.type, props: asPreviewProps(resource.props), urn: resource.urn, name: resource.name, opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] }, stackTags: new Map(), getConfig: <T extends object>() => config as T } as unknown as ResourceValidationArgs;
}

describe("the CrossGuard packs", () => {
  it("register exactly the pack's rules, kebab-case and unique across packs", () => {
    for (const pack of ["cost", "placement", "security"] as const) expect(packPolicies(pack).map((p) => p.name)).toEqual(PACK_RULES[pack].map((r) => r.name));
    const names = ALL_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it("carry the rules' defaults in their config schemas, so the CLI fills what a config file leaves out", () => {
    const maxNodes = packPolicies("cost").find((p) => p.name === "max-node-count");
    expect(maxNodes?.configSchema?.properties.maxNodesPerPool).toEqual({ type: "integer", minimum: 1, default: 10 });
  });

  it("run the same rule code as the plan: a resource policy reports through CrossGuard's callback", () => {
    const policy = packPolicies("placement").find((p) => p.name === "pinned-images") as ResourceValidationPolicy;
    const reported: string[] = [];
    const validate = policy.validateResource as (args: ResourceValidationArgs, report: ReportViolation) => void;
    validate(resourceArgs(f.withField(f.deployment(), "spec.template.spec.containers", [{ name: "z", image: "apache/zeppelin" }]), {}), (message) => reported.push(message));
    expect(reported).toEqual([expect.stringContaining('image "apache/zeppelin" has no tag')]);
  });

  it("estimate the stack inside the budget policy from the resources and the usage in its config", () => {
    const policy = packPolicies("cost").find((p) => p.name === "monthly-budget") as StackValidationPolicy;
    const resources = azurePlan().resources.map((r) => ({ type: r.type, props: asPreviewProps(r.inputs), urn: r.urn, name: r.name, opts: {}, dependencies: [], propertyDependencies: {} }) as unknown as PolicyResource);
    const run = (maxMonthlyUsd: number): { message: string; urn?: string }[] => {
      const found: { message: string; urn?: string }[] = [];
      const args = { resources, stackTags: new Map(), getConfig: () => ({ maxMonthlyUsd, usage: { synapse: { sqlPoolHoursPerMonth: 730 } } }) } as unknown as StackValidationArgs;
      void policy.validateStack(args, (message, urn) => found.push({ message, urn }));
      return found;
    };
    expect(run(100_000)).toEqual([]);
    expect(run(100)).toEqual([{ message: expect.stringContaining("exceeds the budget of $100.00/month"), urn: undefined }]);
  });

  it("are real packs: PulumiPolicy.yaml (nodejs), a versioned package.json, an index.ts that only registers", () => {
    for (const pack of ["cost", "placement", "security"]) {
      const dir = join(ROOT, "policies", pack);
      expect(readFileSync(join(dir, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string; main: string };
      expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pkg.main).toBe("index.ts");
      const index = readFileSync(join(dir, "index.ts"), "utf8");
      expect(index).toContain(`new PolicyPack("${pack}", {`);
      expect(index).toContain(`packPolicies("${pack}")`);
      expect(index).not.toMatch(/validateResource|validateStack|reportViolation/);
    }
  });
});
