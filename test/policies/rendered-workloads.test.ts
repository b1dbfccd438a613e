import { describe, expect, it } from "vitest";
import { evaluateRules } from "../../policies/engine/evaluate";
import { loadPolicyConfig } from "../../policies/engine/policy-config";
import { kubernetesTypeToken } from "../../infra/plan/kubernetes-objects";
import { renderedApplications } from "../fixtures/pipeline/applications";

/** The placement contract checked where it is produced: the SparkApplications the engine component renders. */
describe("rendered SparkApplications", () => {
  it("pass every policy in prod (drivers off spot, executors on the tainted batch pool, sized, pinned, namespaced)", () => {
    const apps = renderedApplications();
    expect(apps.length).toBeGreaterThan(0);
    const targets = apps.map((app, i) => ({
      resource: { type: kubernetesTypeToken(app.apiVersion, app.kind), props: app as unknown as Record<string, unknown>, urn: `urn:app-${i}`, name: app.metadata.name },
    }));
    const findings = evaluateRules({ targets, stackUrn: "urn:stack", config: loadPolicyConfig("prod"), estimate: { monthlyUsd: 0, lines: [], notPriced: [], assumptions: {} } });
    expect(findings).toEqual([]);
  });
});
