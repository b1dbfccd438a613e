import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { reviewExitCode } from "../../infra/diff/exit-code";
import { renderReview } from "../../infra/diff/render-review";
import type { StackDiff } from "../../infra/diff/types";
import {
  BUCKET,
  bucket,
  CONFIG_GROUP,
  configMap,
  cost,
  costLine,
  finding,
  plan,
  statefulSet,
  urn,
} from "./plan-builders";

function losses(diff: StackDiff) {
  return diff.hazards.filter((h) => h.rule === "data-loss");
}

const STACK = "gcp-prod";
const LANDING = urn(STACK, BUCKET, "lake-landing");

describe("diffPlans", () => {
  it("reports a pure addition as a create, nothing blocking", () => {
    const before = plan(STACK, [bucket("lake-landing")]);
    const after = plan(STACK, [bucket("lake-landing"), bucket("lake-curated")]);
    const diff = diffPlans(before, after, []);
    expect(diff.status).toBe("changed");
    expect(diff.counts).toEqual({ create: 1, update: 0, replace: 0, delete: 0 });
    expect(diff.changes.map((c) => [c.action, c.name])).toEqual([["create", "lake-curated"]]);
    expect(losses(diff)).toEqual([]);
    expect(diff.blocking).toBe(false);
    expect(reviewExitCode([diff])).toBe(0);
  });

  it("reports an in-place update with the property path and old → new", () => {
    const before = plan(STACK, [
      bucket("lake-landing", { labels: { zone: "landing" }, versioning: { enabled: false } }),
    ]);
    const after = plan(STACK, [
      bucket("lake-landing", { labels: { zone: "landing", team: "data" }, versioning: { enabled: true } }),
    ]);
    const diff = diffPlans(before, after, []);
    expect(diff.counts).toEqual({ create: 0, update: 1, replace: 0, delete: 0 });
    const [change] = diff.changes;
    expect(change?.action).toBe("update");
    expect(change?.properties).toEqual([
      { path: "labels.team", before: undefined, after: "data", forcesReplacement: false },
      { path: "versioning.enabled", before: false, after: true, forcesReplacement: false },
    ]);
    expect(diff.blocking).toBe(false);
  });

  it("takes a bucket whose logical name changed for a rename: replace, data loss BLOCKING", () => {
    const before = plan(STACK, [bucket("lake-landing")]);
    const after = plan(STACK, [bucket("lake-raw", { name: "bp-lake-landing" })]);
    const diff = diffPlans(before, after, []);
    expect(diff.counts).toEqual({ create: 0, update: 0, replace: 1, delete: 0 });
    const [change] = diff.changes;
    expect(change?.renamedFrom).toBe(LANDING);
    expect(change?.replaceReasons[0]).toContain("URN changed");
    expect(losses(diff)).toHaveLength(1);
    expect(losses(diff)[0]).toMatchObject({ id: LANDING, why: expect.stringMatching(/^replaces /), blocking: true });
    expect(reviewExitCode([diff])).toBe(1);
  });

  it("replaces a bucket whose physical name changed (name is replace-on-change)", () => {
    const diff = diffPlans(
      plan(STACK, [bucket("lake-landing")]),
      plan(STACK, [bucket("lake-landing", { name: "bp-landing-v2" })]),
      [],
    );
    expect(diff.changes[0]?.action).toBe("replace");
    expect(diff.changes[0]?.properties).toEqual([
      { path: "name", before: "bp-lake-landing", after: "bp-landing-v2", forcesReplacement: true },
    ]);
    expect(diff.blocking).toBe(true);
  });

  it("replaces a bucket whose location changed: data loss BLOCKING", () => {
    const diff = diffPlans(
      plan(STACK, [bucket("lake-landing")]),
      plan(STACK, [bucket("lake-landing", { location: "US" })]),
      [],
    );
    const [change] = diff.changes;
    expect(change?.action).toBe("replace");
    expect(change?.replaceReasons).toEqual(["`location` changed"]);
    expect(change?.properties[0]).toMatchObject({
      path: "location",
      before: "EU",
      after: "US",
      forcesReplacement: true,
    });
    expect(losses(diff)[0]).toMatchObject({ why: expect.stringMatching(/^replaces /), blocking: true });
  });

  it("blocks deleting a zone's bucket in prod", () => {
    const before = plan(STACK, [bucket("lake-landing"), bucket("lake-curated")]);
    const after = plan(STACK, [bucket("lake-curated")]);
    const diff = diffPlans(before, after, []);
    expect(diff.counts.delete).toBe(1);
    expect(losses(diff)).toEqual([
      {
        rule: "data-loss",
        id: LANDING,
        type: BUCKET,
        name: "lake-landing",
        why: expect.stringMatching(/^deletes a Cloud Storage bucket/),
        details: [],
        blocking: true,
      },
    ]);
    expect(reviewExitCode([diff])).toBe(1);
  });

  it("lets an override allow exactly that one URN", () => {
    const curated = urn(STACK, BUCKET, "lake-curated");
    const before = plan(STACK, [bucket("lake-landing"), bucket("lake-curated")]);
    const after = plan(STACK, []);
    const overrides = [
      { rule: "data-loss", id: LANDING, reason: "landing zone moves to the shared lake (ticket 42)" },
    ] as const;
    const diff = diffPlans(before, after, overrides);
    const byId = Object.fromEntries(losses(diff).map((f) => [f.id, f]));
    expect(byId[LANDING]).toMatchObject({ blocking: false, allowedBy: overrides[0]?.reason });
    expect(byId[curated]).toMatchObject({ blocking: true });
    expect(diff.overridesUsed).toEqual([`data-loss ${LANDING}`]);

    const onlyLanding = diffPlans(plan(STACK, [bucket("lake-landing")]), plan(STACK, []), overrides);
    expect(onlyLanding.blocking).toBe(false);
    expect(reviewExitCode([onlyLanding])).toBe(0);
  });

  it("blocks deleting a protected resource, and a retained bucket too (its data is orphaned)", () => {
    const sa = {
      type: "gcp:serviceaccount/account:Account",
      name: "airflow",
      inputs: { accountId: "airflow" },
      options: { protect: true },
    };
    const retained = { ...bucket("lake-archive"), options: { protect: true, retainOnDelete: true } };
    const diff = diffPlans(plan(STACK, [sa, retained]), plan(STACK, []), []);
    const byName = Object.fromEntries(losses(diff).map((f) => [f.name, f]));
    expect(byName.airflow).toMatchObject({ blocking: true, details: [], why: expect.stringContaining("protected") });
    expect(byName["lake-archive"]).toMatchObject({
      blocking: true,
      details: [expect.stringContaining("retainOnDelete")],
      why: expect.stringMatching(/bucket.*; protected/),
    });
    expect(renderReview([diff])).toContain("`retainOnDelete` keeps the old resource, but orphaned");
  });

  it("shows the cost before → after, the delta and the lines that moved it", () => {
    const pool = urn(STACK, "gcp:container/nodePool:NodePool", "batch");
    const before = plan(STACK, [bucket("lake-landing")], {
      cost: cost([costLine(pool, "e2-standard-4 × 2", 200), costLine(LANDING, "storage", 10)]),
    });
    const after = plan(STACK, [bucket("lake-landing")], {
      cost: cost([costLine(pool, "e2-standard-4 × 3", 300), costLine(LANDING, "storage", 10)]),
    });
    const diff = diffPlans(before, after, []);
    expect(diff.cost).toMatchObject({ beforeUsd: 210, afterUsd: 310, deltaUsd: 100 });
    // Keyed by urn + item, so a changed item shows as one line gone and one line new.
    expect(diff.cost?.lines.map((l) => [l.item, l.deltaUsd])).toEqual([
      ["e2-standard-4 × 3", 300],
      ["e2-standard-4 × 2", -200],
    ]);
    expect(diff.status).toBe("changed");
    const review = renderReview([diff]);
    expect(review).toContain("$210.00 → $310.00 per month (+$100.00)");
    expect(review).toContain("| `batch` | e2-standard-4 × 3 | declared | — | $300.00 | +$300.00 |");
    expect(review.split("\n")[3]).toContain("cost +$100.00/month");
  });

  it("blocks a newly violated mandatory policy, not an advisory one, and lists resolved findings", () => {
    const old = finding(STACK, { message: "old problem", enforcement: "advisory" });
    const mandatory = finding(STACK);
    const advisory = finding(STACK, {
      source: "cost/max-node-count",
      enforcement: "advisory",
      message: "pool larger than 10 nodes",
    });
    const base = plan(STACK, [bucket("lake-landing")], { findings: [old] });
    const diff = diffPlans(base, plan(STACK, [bucket("lake-landing")], { findings: [mandatory, advisory] }), []);
    expect(diff.findings.introduced).toEqual([advisory, mandatory]);
    expect(diff.findings.resolved).toEqual([old]);
    expect(diff.blocking).toBe(true);
    expect(reviewExitCode([diff])).toBe(1);

    const advisoryOnly = diffPlans(base, plan(STACK, [bucket("lake-landing")], { findings: [old, advisory] }), []);
    expect(advisoryOnly.blocking).toBe(false);
    // An already-known mandatory finding is not new: the plan itself reports it.
    const known = diffPlans(plan(STACK, [], { findings: [mandatory] }), plan(STACK, [], { findings: [mandatory] }), []);
    expect(known.blocking).toBe(false);
  });

  it("finds nothing in identical plans", () => {
    const p = plan(STACK, [bucket("lake-landing")], {
      findings: [finding(STACK)],
      cost: cost([costLine(LANDING, "storage", 10)]),
    });
    const diff = diffPlans(p, structuredClone(p), []);
    expect(diff.status).toBe("unchanged");
    expect(diff.changes).toEqual([]);
    expect(diff.blocking).toBe(false);
    expect(reviewExitCode([diff])).toBe(0);
  });

  it("reports stacks added and removed, without calling a removed stack data loss", () => {
    const added = diffPlans(undefined, plan(STACK, [bucket("lake-landing")], { findings: [finding(STACK)] }), []);
    expect(added.status).toBe("added");
    expect(added.counts.create).toBe(1);
    expect(added.blocking).toBe(true); // its mandatory finding is new
    const removed = diffPlans(plan(STACK, [bucket("lake-landing")]), undefined, []);
    expect(removed).toMatchObject({ status: "removed", resourcesBefore: 1, hazards: [], blocking: false });
  });

  it("forces replacement for a resource whose explicit provider changed", () => {
    const p = (provider: string) => plan(STACK, [{ ...bucket("lake-landing"), options: { provider } }]);
    const diff = diffPlans(p("urn:provider:a"), p("urn:provider:b"), []);
    expect(diff.changes[0]?.replaceReasons).toContain("provider changed");
    expect(diff.changes[0]?.options[0]).toMatchObject({
      path: "provider",
      before: "urn:provider:a",
      after: "urn:provider:b",
    });
  });
});

describe("diffPlans on ConfigGroup objects", () => {
  const group = (objs: ReturnType<typeof statefulSet>[]) => ({
    type: CONFIG_GROUP,
    name: "serving-objects",
    inputs: { objs },
  });
  const GROUP = urn("oss-prod", CONFIG_GROUP, "serving-objects");

  it("shows which object and field changed", () => {
    const before = plan("oss-prod", [
      group([statefulSet("yb-tserver", "yugabyte:2.20"), configMap("dags", { "a.py": "print(1)" })]),
    ]);
    const after = plan("oss-prod", [
      group([statefulSet("yb-tserver", "yugabyte:2.21"), configMap("dags", { "a.py": "print(1)" })]),
    ]);
    const diff = diffPlans(before, after, []);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({
      id: `${GROUP}#StatefulSet/serving/yb-tserver`,
      type: "kubernetes:apps/v1:StatefulSet",
      action: "update",
      name: "StatefulSet/serving/yb-tserver in serving-objects",
    });
    expect(diff.changes[0]?.properties).toEqual([
      {
        path: "spec.template.spec.containers[0].image",
        before: "yugabyte:2.20",
        after: "yugabyte:2.21",
        forcesReplacement: false,
      },
    ]);
  });

  it("blocks removing a StatefulSet with volumeClaimTemplates from objs", () => {
    const before = plan("oss-prod", [
      group([statefulSet("yb-tserver", "yugabyte:2.20"), statefulSet("web", "nginx", false)]),
    ]);
    const after = plan("oss-prod", [group([])]);
    const diff = diffPlans(before, after, []);
    expect(diff.counts.delete).toBe(2);
    expect(losses(diff).map((f) => [f.id, f.blocking])).toEqual([[`${GROUP}#StatefulSet/serving/yb-tserver`, true]]);
    const allowed = diffPlans(before, after, [
      {
        rule: "data-loss",
        id: `${GROUP}#StatefulSet/serving/yb-tserver`,
        reason: "tserver moves to the managed cluster",
      },
    ]);
    expect(allowed.blocking).toBe(false);
  });

  it("replaces a StatefulSet whose volumeClaimTemplates changed", () => {
    const grown = statefulSet("yb-tserver", "yugabyte:2.20");
    const spec = grown.spec as { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] };
    spec.volumeClaimTemplates[0]!.spec.resources.requests.storage = "20Gi";
    const diff = diffPlans(
      plan("oss-prod", [group([statefulSet("yb-tserver", "yugabyte:2.20")])]),
      plan("oss-prod", [group([grown])]),
      [],
    );
    expect(diff.changes[0]?.action).toBe("replace");
    expect(diff.changes[0]?.properties[0]).toMatchObject({
      path: "spec.volumeClaimTemplates[0].spec.resources.requests.storage",
      forcesReplacement: true,
    });
    expect(losses(diff)[0]?.blocking).toBe(true);
    expect(diff.hazards.map((h) => h.rule)).toEqual(["data-loss", "volume-change"]);
  });
});
