import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { reviewExitCode } from "../../infra/diff/exit-code";
import { renderReview } from "../../infra/diff/render-review";
import type { ReviewOverride } from "../../infra/diff/overrides";
import { casePlans } from "./recorded-plans";
import { DESTRUCTIVE_CASES } from "./review-cases";

describe("the destructive changes of issue 13, planned from edited stack files", () => {
  it.each(DESTRUCTIVE_CASES.map((c) => [c.name, c] as const))("%s blocks with its reason", (_, edit) => {
    const { before, after } = casePlans(edit.name);
    const diff = diffPlans(before, after, []);
    expect(reviewExitCode([diff]), edit.change).toBe(1);
    const hazards = diff.hazards.filter((h) => h.rule === edit.rule && h.blocking);
    expect(hazards.length, `${edit.change}: ${JSON.stringify(diff.hazards.map((h) => h.rule))}`).toBeGreaterThan(0);
    expect(
      hazards.some((h) => [h.why, ...h.details].join("\n").includes(edit.says)),
      JSON.stringify(hazards, null, 1),
    ).toBe(true);
    const review = renderReview([diff]);
    expect(review.split("\n")[3]).toMatch(/^🛑 \*\*BLOCKING\*\*/);
    expect(review).toContain(`**${edit.rule}**`);
  });

  it("each is allowed by overrides naming exactly its hazards, and by nothing broader", () => {
    for (const edit of DESTRUCTIVE_CASES) {
      const { before, after } = casePlans(edit.name);
      const found = diffPlans(before, after, []).hazards;
      const overrides: ReviewOverride[] = found.map((h) => ({
        rule: h.rule,
        id: h.id,
        reason: `intended: ${edit.change}`,
      }));
      expect(diffPlans(before, after, overrides).blocking, edit.name).toBe(false);
      // The same ids under another rule allow nothing.
      const wrongRule: ReviewOverride[] = found.map((h) => ({
        rule: h.rule === "data-loss" ? "volume-change" : "data-loss",
        id: h.id,
        reason: "wrong rule",
      }));
      expect(diffPlans(before, after, wrongRule).blocking, edit.name).toBe(true);
    }
  });

  it("the cluster replacement lists the data-bearing objects that go with the cluster", () => {
    const { before, after } = casePlans("gke-zonal");
    const hazard = diffPlans(before, after, []).hazards.find((h) => h.rule === "cluster-replacement");
    // Airflow's metadata database is Cloud SQL, outside the cluster: what goes is in-cluster only.
    expect(hazard?.details).toEqual([
      "`Namespace/orchestration in orchestration-namespace` (kubernetes:core/v1:Namespace) — a namespace and " +
        "every persistent volume claim in it",
    ]);
  });

  it("protectData: false names every protection it lowers", () => {
    const { before, after } = casePlans("unprotect-data");
    const hazards = diffPlans(before, after, []).hazards.filter((h) => h.rule === "protection-downgrade");
    const details = hazards.flatMap((h) => h.details);
    expect(hazards.length).toBeGreaterThanOrEqual(15);
    expect(details).toContain("cluster deletion protection: `deletionProtection` true → false");
    expect(details).toContain("table deletion protection: `deletionProtection` true → false");
    expect(details.filter((d) => d.startsWith("`protect` true → false")).length).toBeGreaterThanOrEqual(14);
  });
});
