import { describe, expect, it } from "vitest";
import type { PlanDocument, PlanValue } from "../../infra/plan/document";
import { estimateCost } from "../../infra/plan/cost";
import { evaluatePolicies } from "../../infra/plan/policies";
import { evaluateRules } from "../../policies/engine/evaluate";
import { loadPolicyConfig } from "../../policies/engine/policy-config";
import { ALL_RULES } from "../../policies/rules/packs";
import type { ResourceRule } from "../../policies/rules/rule";
import * as f from "../fixtures/policies/resources";
import { azurePlan, configGroup, gcpPlan, ossPlan, planResource } from "../fixtures/policies/plans";

/** The cost and placement findings: these fixture plans predate the security pack, whose rules have their own fixtures. */
const costAndPlacement = (findings: ReturnType<typeof evaluatePolicies>) => findings.filter((x) => !x.source.startsWith("security/"));

function replaceResource(plan: PlanDocument, name: string, inputs: Record<string, unknown>): PlanDocument {
  return { ...plan, resources: plan.resources.map((r) => (r.name === name ? { ...r, inputs: inputs as { [key: string]: PlanValue } } : r)) };
}

describe("evaluatePolicies", () => {
  it("finds nothing on compliant plans of all three variants, strictest environment included", () => {
    expect(costAndPlacement(evaluatePolicies(gcpPlan("prod"), "prod"))).toEqual([]);
    expect(costAndPlacement(evaluatePolicies(azurePlan("prod"), "prod"))).toEqual([]);
    expect(costAndPlacement(evaluatePolicies(ossPlan("dev"), "dev"))).toEqual([]);
  });

  it("evaluates the objects of a ConfigGroup: finding on the ConfigGroup's URN, message naming the object", () => {
    const plan = gcpPlan("prod");
    const broken = configGroup("workloads", [f.withField(f.deployment(), "spec.template.spec.containers", [{ name: "zeppelin", image: "apache/zeppelin:latest", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }])]);
    const findings = costAndPlacement(evaluatePolicies(replaceResource(plan, "workloads", broken.props), "prod"));
    const urn = plan.resources.find((r) => r.name === "workloads")?.urn;
    expect(findings).toEqual([
      {
        source: "placement/pinned-images",
        severity: "medium",
        enforcement: "mandatory",
        urn,
        message: 'Deployment/notebook/zeppelin in workloads: Deployment/notebook/zeppelin spec.template.spec.containers[0] image "apache/zeppelin:latest" uses the tag latest; to comply, pin it to a version tag (e.g. :1.2.3) or a digest (@sha256:…).',
      },
    ]);
  });

  it("takes enforcement from the environment's config file: the same violation is advisory in dev, mandatory in prod", () => {
    const lb = (env: string) => {
      const plan = gcpPlan(env);
      const service = planResource(plan.stack, f.withField(f.service(), "spec.type", "LoadBalancer"));
      return evaluatePolicies({ ...plan, resources: [...plan.resources, service] }, env).filter((x) => x.source === "cost/no-load-balancer-services");
    };
    expect(lb("dev").map((x) => x.enforcement)).toEqual(["advisory"]);
    expect(lb("prod").map((x) => x.enforcement)).toEqual(["mandatory"]);
  });

  it("does not run disabled policies (zone spread is disabled in dev)", () => {
    const plan = gcpPlan("dev");
    const lonely = configGroup("workloads", [f.statefulSet()]);
    const sources = (env: string) => evaluatePolicies(replaceResource({ ...plan, environment: env }, "workloads", lonely.props), env).map((x) => x.source);
    expect(sources("dev")).not.toContain("placement/stateful-zone-spread");
    expect(sources("prod")).toContain("placement/stateful-zone-spread");
  });

  it("checks the budget against the estimate it is given (stack-wide finding on the stack URN)", () => {
    const plan = gcpPlan("prod");
    const cost = estimateCost(plan, "prod");
    const expensive = { ...cost, monthlyUsd: 25_000 };
    const [budget] = evaluatePolicies(plan, "prod", expensive).filter((x) => x.source === "cost/monthly-budget");
    expect(budget).toMatchObject({ enforcement: "mandatory", severity: "high", urn: plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn });
    expect(budget.message).toContain("estimated $25000.00/month exceeds the budget of $20000.00/month");
    // Without an explicit estimate it uses the plan's own, else estimates itself.
    expect(evaluatePolicies({ ...plan, cost: expensive }, "prod").some((x) => x.source === "cost/monthly-budget")).toBe(true);
    expect(evaluatePolicies(plan, "prod").some((x) => x.source === "cost/monthly-budget")).toBe(false);
  });

  it("skips a rule that reads a preview unknown with an advisory finding, as a real preview does", () => {
    const plan = gcpPlan("prod");
    const unknownLocation = replaceResource(plan, "lake-landing", { ...f.gcsBucket("landing").props, location: "[unknown]" });
    const urn = plan.resources.find((r) => r.name === "lake-landing")?.urn;
    const findings = costAndPlacement(evaluatePolicies(unknownLocation, "prod"));
    expect(findings).toContainEqual({ source: "placement/allowed-regions", severity: "low", enforcement: "advisory", urn, message: "can't run policy 'allowed-regions' during preview: string value at .location can't be known during preview" });
    expect(findings.every((x) => x.enforcement === "advisory")).toBe(true);
  });

  it("returns findings sorted by source, URN and message", () => {
    const plan = gcpPlan("prod");
    const messy = { ...plan, resources: plan.resources.map((r) => (r.type === "gcp:storage/bucket:Bucket" ? { ...r, inputs: { ...r.inputs, labels: {}, location: "US" } } : r)) };
    const findings = evaluatePolicies(messy, "prod");
    expect(findings.length).toBeGreaterThan(3);
    const keys = findings.map((x) => `${x.source}\u0000${x.urn}\u0000${x.message}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("reports a rule that crashes with the policy and the resource, instead of hiding it", () => {
    const broken: ResourceRule<object> = { ...(ALL_RULES.find((r) => r.kind === "resource") as ResourceRule<object>), validate: () => { throw new TypeError("boom"); } };
    expect(() => evaluateRules({ targets: [{ resource: f.deployment() }], stackUrn: "urn:stack", config: loadPolicyConfig("dev"), rules: [broken] })).toThrow(`policy cost/${broken.name} failed on ${f.deployment().urn}: boom`);
  });
});
