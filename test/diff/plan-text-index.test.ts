import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { indexPlanBytes } from "../../infra/diff/plan-text-index";
import { renderJson } from "../../infra/diff/json-output";
import { canonicalJson } from "../../infra/plan/canonical-json";
import type { PlanDocument } from "../../infra/plan/document";
import { casePlans } from "./recorded-plans";
import { bucket, plan } from "./plan-builders";

const bytes = (document: PlanDocument, pretty = true) =>
  Buffer.from(pretty ? canonicalJson(document) : JSON.stringify(document));

describe("indexPlanBytes", () => {
  it("indexes a canonical plan by URN without parsing its resources", () => {
    const document = plan("gcp-dev", [bucket("a"), bucket("b")]);
    const indexed = indexPlanBytes(bytes(document), "gcp-dev.json");
    expect(indexed.resources.urns).toEqual(document.resources.map((r) => r.urn));
    expect(indexed.resources.bytesOf(document.resources[0]!.urn)?.toString()).toMatch(/^ {4}\{\n[\s\S]*\n {4}\}$/);
    expect(indexed.resources.get(document.resources[1]!.urn)).toEqual(document.resources[1]);
    expect(indexed.stack).toBe("gcp-dev");
  });

  it("gives the same diff as the parsed documents, for canonical and for other layouts", () => {
    const { before, after } = casePlans("gke-zonal");
    const expected = renderJson([diffPlans(before, after, [])]);
    expect(renderJson([diffPlans(indexPlanBytes(bytes(before), "b"), indexPlanBytes(bytes(after), "a"), [])])).toBe(
      expected,
    );
    expect(
      renderJson([diffPlans(indexPlanBytes(bytes(before, false), "b"), indexPlanBytes(bytes(after, false), "a"), [])]),
    ).toBe(expected);
  });

  it("only parses the resources whose bytes differ", () => {
    const { before, after } = casePlans("minio-reshape");
    const [old, current] = [indexPlanBytes(bytes(before), "b"), indexPlanBytes(bytes(after), "a")];
    const parsed = new Set<string>();
    const spy = (table: typeof old.resources): typeof old.resources => ({
      ...table,
      get: (urn) => (parsed.add(urn), table.get(urn)),
    });
    diffPlans({ ...old, resources: spy(old.resources) }, { ...current, resources: spy(current.resources) }, []);
    const unchanged = before.resources.filter(
      (r) => JSON.stringify(after.resources.find((a) => a.urn === r.urn)) === JSON.stringify(r),
    );
    expect(unchanged.length).toBeGreaterThan(50);
    // Kubernetes providers are read for the cluster rules; nothing else that is unchanged.
    expect(
      [...parsed].filter((urn) => unchanged.some((r) => r.urn === urn) && !urn.includes("pulumi:providers:")),
    ).toEqual([]);
  });

  it("names the file and the resource when an entry is not a resource", () => {
    const text = canonicalJson(plan("gcp-dev", [bucket("a")])).replace('"inputs": {', '"inputs": "oops", "x": {');
    const indexed = indexPlanBytes(Buffer.from(text), "gcp-dev.json");
    expect(() => indexed.resources.get(indexed.resources.urns[0]!)).toThrow(
      /gcp-dev\.json: resources\[urn .*\]\.inputs must be an object/,
    );
  });
});
