import { describe, expect, it } from "vitest";
import * as publicApi from "@pulumi/policy";
import type { PlanDocument, PlanResource, PlanValue } from "../../infra/plan/document";
import { estimateCost } from "../../infra/plan/cost";
import { evaluatePolicies } from "../../infra/plan/policies";
import { asPreviewProps, fromPreviewProps, UnknownValueError, unknownCheckingProxy } from "../../policies/engine/unknowns";
import { azurePlan, gcpPlan, ossPlan } from "../fixtures/policies/plans";

/** Every JSON path of a value that leads to a leaf or container (`a`, `a.b`, `a.b[0]` …). */
function paths(value: PlanValue, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...paths(item, [...prefix, i])]);
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

function setAt(value: PlanValue, path: (string | number)[], replacement: PlanValue): PlanValue {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? setAt(item, rest, replacement) : item));
  const record = value as { [key: string]: PlanValue };
  return { ...record, [head]: setAt(record[head as string], rest, replacement) };
}

describe("preview unknowns", () => {
  it("uses the very proxy and error class @pulumi/policy exports", () => {
    expect(unknownCheckingProxy).toBe(publicApi.unknownCheckingProxy);
    expect(UnknownValueError).toBe(publicApi.UnknownValueError);
  });

  it("turns [unknown] into the SDK's sentinel behind the proxy, and back for the estimator", () => {
    const props = asPreviewProps({ location: "[unknown]", name: "b" });
    expect(props.name).toBe("b");
    expect(() => props.location).toThrow(UnknownValueError);
    expect(fromPreviewProps(props)).toEqual({ location: "[unknown]", name: "b" });
  });

  it("never crashes a rule or the estimate, whichever single value of whichever resource is unknown", () => {
    const plans: [PlanDocument, string][] = [[gcpPlan("prod"), "prod"], [azurePlan("prod"), "prod"], [ossPlan("dev"), "dev"]];
    let runs = 0;
    for (const [plan, env] of plans) {
      // These fixture plans predate the security pack and break some of its rules already: an unknown
      // value may only take findings away (or make them advisory), never add a mandatory one.
      const key = (x: { source: string; urn: string; message: string }) => `${x.source} ${x.urn} ${x.message}`;
      const baseline = new Set(evaluatePolicies(plan, env, estimateCost(plan, env)).map(key));
      plan.resources.forEach((resource: PlanResource, index) => {
        for (const path of paths(resource.inputs)) {
          // An unknown ConfigGroup entry (or its kind/apiVersion) removes the object from the plan: not a value the rules read.
          if (path[0] === "objs" && (path.length === 2 || (path.length === 3 && (path[2] === "kind" || path[2] === "apiVersion")))) continue;
          const inputs = setAt(resource.inputs, path, "[unknown]") as { [key: string]: PlanValue };
          const resources = plan.resources.map((r, i) => (i === index ? { ...r, inputs } : r));
          const doc = { ...plan, resources };
          const cost = estimateCost(doc, env);
          const findings = evaluatePolicies(doc, env, cost);
          const added = findings.filter((x) => x.enforcement === "mandatory" && !baseline.has(key(x)));
          expect(added, `${resource.name} ${path.join(".")}`).toEqual([]);
          runs++;
        }
      });
    }
    expect(runs).toBeGreaterThan(300);
  });

  it("survives a plan whose inputs are all unknown", () => {
    const plan = gcpPlan("prod");
    const unknown = { ...plan, resources: plan.resources.map((r) => ({ ...r, inputs: Object.fromEntries(Object.keys(r.inputs).map((k) => [k, "[unknown]" as PlanValue])) })) };
    const findings = evaluatePolicies(unknown, "prod", estimateCost(unknown, "prod"));
    expect(findings.length).toBeGreaterThan(0);
    // What the rules judge from the type, the options or an absent key (data protection, a missing
    // publicAccessPrevention) stays known and is found as without unknowns; everything else is skipped.
    const before = new Set(evaluatePolicies(plan, "prod", estimateCost(plan, "prod")).map((x) => `${x.source} ${x.urn}`));
    const known = findings.filter((x) => !before.has(`${x.source} ${x.urn}`));
    expect(known.every((x) => x.enforcement === "advisory" && x.message.startsWith("can't run policy"))).toBe(true);
  });
});
