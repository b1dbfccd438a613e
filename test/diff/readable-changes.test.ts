import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { renderReview } from "../../infra/diff/render-review";
import { casePlans } from "./recorded-plans";
import { CONFIG_GROUP, plan } from "./plan-builders";

describe("a pipeline edit, planned (oss-prod)", () => {
  it("a DAG schedule change renders as a line diff naming the changed line", () => {
    const { before, after } = casePlans("dag-schedule");
    const diff = diffPlans(before, after, []);
    const dag = diff.changes.find((c) => c.name.startsWith("ConfigMap/orchestration/dag-orders "));
    const file = dag?.properties.find((p) => p.path === 'data["orders.py"]');
    expect(file?.text).toMatchObject({ added: 1, removed: 1 });
    expect(file?.text?.hunks).toEqual(expect.arrayContaining(['-    schedule="@daily",', '+    schedule="@hourly",']));
    const review = renderReview([diff]);
    expect(review).toContain('- `data["orders.py"]`: +1 −1 lines');
    expect(review).toContain('<details><summary>line diff of `data["orders.py"]`</summary>');
    expect(review).toMatch(/```diff\n(.*\n)*? {4}- {4}schedule="@daily",\n {4}\+ {4}schedule="@hourly",\n/);
    // No cut-off 80-character prefixes of the whole file.
    expect(review).not.toMatch(/orders\.py"\]`: `".{60,}…/);
  });

  it("one added pipeline produces no dependsOn noise and lists its SparkApplications under the DAG", () => {
    const { before, after } = casePlans("add-pipeline");
    const diff = diffPlans(before, after, []);
    expect(diff.blocking).toBe(false);
    expect(diff.changes.filter((c) => c.dependsOn !== undefined)).toEqual([]);
    expect(renderReview([diff])).not.toContain("dependsOn");
    // Existing resources: only the Airflow chart gains the new DAG's volume.
    expect(diff.changes.filter((c) => c.action === "update").map((c) => c.name)).toEqual(["airflow-chart"]);
    // SparkApplications are submitted by Airflow at run time: not Pulumi creates.
    expect(diff.changes.some((c) => c.type.includes("SparkApplication"))).toBe(false);
    const dag = diff.changes.find((c) => c.name.startsWith("ConfigMap/orchestration/dag-returns "));
    expect(dag?.runtimeTemplates).toEqual([
      { action: "create", file: "returns_load.yaml", object: "SparkApplication/processing/returns-load" },
      { action: "create", file: "returns_process.yaml", object: "SparkApplication/processing/returns-process" },
    ]);
    expect(renderReview([diff])).toContain(
      "    - + create `SparkApplication/processing/returns-load` (`returns_load.yaml`)",
    );
  });

  it("usage-based cost lines are marked as assumptions", () => {
    const { before, after } = casePlans("add-pipeline");
    const review = renderReview([diffPlans(before, after, [])]);
    expect(review).toMatch(
      /\| `returns-manifests` \| SparkApplication\/processing\/returns-load .*\| \*assumption\* \|/,
    );
    expect(review).toContain("*assumption*: priced from usage assumptions (`policies/config/prod.json`");
  });
});

describe("dependsOn as a set", () => {
  const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "a" }, data: {} });
  const group = (dependsOn: string[]) => ({
    type: CONFIG_GROUP,
    name: "g",
    inputs: { objs: [cm("x")] },
    options: { dependsOn, provider: "urn:p" },
  });

  it("shows only the resources gained or lost, never shifted indexes", () => {
    const diff = diffPlans(
      plan("oss-dev", [group(["urn:a", "urn:c"])]),
      plan("oss-dev", [group(["urn:a", "urn:b", "urn:c"])]),
      [],
    );
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]?.dependsOn).toEqual({ added: ["urn:b"], removed: [] });
    expect(diff.changes[0]?.options).toEqual([]);
  });

  it("reports nothing when only the order differs", () => {
    const diff = diffPlans(
      plan("oss-dev", [group(["urn:c", "urn:a"])]),
      plan("oss-dev", [group(["urn:a", "urn:c"])]),
      [],
    );
    expect(diff.status).toBe("unchanged");
  });
});
