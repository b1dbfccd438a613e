import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { renderReview, REVIEW_MARKER } from "../../infra/diff/render-review";
import { MAX_REVIEW_CHARS, trimReview } from "../../infra/diff/trim";
import { BUCKET, bucket, CONFIG_GROUP, finding, plan, urn } from "./plan-builders";

const STACK = "gcp-prod";

function lines(review: string): string[] {
  return review.split("\n");
}

describe("renderReview", () => {
  it("starts with the marker and a one-line summary", () => {
    const diff = diffPlans(
      plan(STACK, [bucket("lake-landing")]),
      plan(STACK, [bucket("lake-landing"), bucket("lake-curated")]),
      [],
    );
    const review = renderReview([diff]);
    expect(lines(review)[0]).toBe(REVIEW_MARKER);
    expect(lines(review)[3]).toBe("✅ 1 of 1 stack change: +1 ~0 ±0 −0.");
    expect(review).toContain("| `gcp-prod` | 1 | 0 | 0 | 0 | — |");
    expect(review).toContain("- + **create** `gcp:storage/bucket:Bucket` `lake-curated`");
    expect(review).not.toContain("### Blocking");
  });

  it("is empty apart from the verdict for identical plans", () => {
    const p = plan(STACK, [bucket("lake-landing")]);
    const review = renderReview([diffPlans(p, p, []), diffPlans(plan("oss-dev", []), plan("oss-dev", []), [])]);
    expect(review).toBe(`${REVIEW_MARKER}\n## Plan review\n\n✅ No changes: all 2 stacks plan exactly as before.\n`);
  });

  it("puts blocking items first, with the override hint, and marks forced replacements", () => {
    const diff = diffPlans(
      plan(STACK, [bucket("lake-landing")]),
      plan(STACK, [bucket("lake-landing", { location: "US" })]),
      [],
    );
    const review = renderReview([diff]);
    expect(lines(review)[3]).toMatch(
      /^🛑 \*\*BLOCKING\*\* — 1 of 1 stack change: \+0 ~0 ±1 −0; 1 blocking hazard not allowed\.$/,
    );
    const blocking = review.indexOf("### Blocking");
    const details = review.indexOf("### `gcp-prod`");
    expect(blocking).toBeGreaterThan(0);
    expect(blocking).toBeLessThan(details);
    expect(review).toContain(`{"rule": "data-loss", "id": "${urn(STACK, BUCKET, "lake-landing")}", "reason": "…"}`);
    expect(review).toContain('- `location`: `"EU"` → `"US"` — **forces replacement**');
    expect(review).toContain("replacement forced by: `location` changed");
  });

  it("says which override allowed a loss and lists overrides nothing uses", () => {
    const landing = urn(STACK, BUCKET, "lake-landing");
    const overrides = [
      { rule: "data-loss", id: landing, reason: "landing moves to the shared lake" },
      { rule: "data-loss", id: urn(STACK, BUCKET, "old"), reason: "an old override, long deployed" },
    ] as const;
    const diff = diffPlans(plan(STACK, [bucket("lake-landing")]), plan(STACK, []), overrides);
    const review = renderReview([diff], { overrides });
    expect(review).not.toContain("BLOCKING");
    expect(review).toContain("Allowed by override: “landing moves to the shared lake”");
    expect(review).toContain(`- data-loss \`${urn(STACK, BUCKET, "old")}\``);
  });

  it("reports new and resolved policy findings", () => {
    const before = plan(STACK, [], { findings: [finding(STACK, { message: "fixed now", enforcement: "advisory" })] });
    const after = plan(STACK, [], { findings: [finding(STACK)] });
    const review = renderReview([diffPlans(before, after, [])]);
    expect(review).toContain("1 new mandatory policy finding");
    expect(review).toContain(
      "- 🛑 new mandatory `placement/stateful-not-on-spot` on `lake-landing`: StatefulSet yugabyte-tserver may schedule on spot nodes",
    );
    expect(review).toContain("- ✅ resolved advisory `placement/stateful-not-on-spot` on `lake-landing`: fixed now");
  });

  it("reports stacks added and removed", () => {
    const review = renderReview([
      diffPlans(undefined, plan("oss-dev", [bucket("a"), bucket("b")]), []),
      diffPlans(plan("azure-dev", [bucket("a")]), undefined, []),
    ]);
    expect(lines(review)[3]).toContain("1 stack added; 1 stack removed");
    expect(review).toContain("| `oss-dev` (new) | 2 | 0 | 0 | 0 | — |");
    expect(review).toContain("- 2 × `gcp:storage/bucket:Bucket`");
    expect(review).toContain("### `azure-dev` — removed");
  });

  it("is deterministic: the order of stack diffs does not matter", () => {
    const a = diffPlans(plan("oss-dev", []), plan("oss-dev", [bucket("x")]), []);
    const b = diffPlans(plan("gcp-dev", [bucket("y")]), plan("gcp-dev", []), []);
    expect(renderReview([a, b])).toBe(renderReview([b, a]));
  });

  it("shortens long values and keeps code spans intact", () => {
    const long = "x".repeat(500);
    const diff = diffPlans(
      plan(STACK, [bucket("l", { description: "a" })]),
      plan(STACK, [bucket("l", { description: `${long}\`tick\`` })]),
      [],
    );
    const review = renderReview([diff]);
    expect(review).not.toContain(long);
    expect(review).toContain("… (506 chars)`");
    const ticked = renderReview([
      diffPlans(plan(STACK, [bucket("l")]), plan(STACK, [bucket("l", { description: "run `make`" })]), []),
    ]);
    expect(ticked).toContain('``"run `make`"``');
  });
});

describe("trimming", () => {
  it("cuts a review over 60,000 characters at a line, with a note, keeping the summary and blocking list", () => {
    const objs = Array.from({ length: 2_000 }, (_, i) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `cm-${i}`, namespace: "airflow" },
      data: { v: `${i}` },
    }));
    const before = plan(STACK, [bucket("lake-landing"), { type: CONFIG_GROUP, name: "many", inputs: { objs } }]);
    const changed = objs.map((o) => ({ ...o, data: { v: `${o.data.v}-new` } }));
    const after = plan(STACK, [{ type: CONFIG_GROUP, name: "many", inputs: { objs: changed } }]);
    const review = renderReview([diffPlans(before, after, [])]);
    expect(review.length).toBeLessThanOrEqual(MAX_REVIEW_CHARS);
    expect(review).toMatch(/Review trimmed at 60,000 characters \(full length \d{2,3},\d{3}\)/);
    expect(review).toContain("### Blocking");
    expect(review).toContain("lake-landing");
    const untrimmed = renderReview([diffPlans(before, after, [])], { maxChars: Number.POSITIVE_INFINITY });
    expect(untrimmed.length).toBeGreaterThan(MAX_REVIEW_CHARS);
    expect(untrimmed.startsWith(review.slice(0, review.lastIndexOf("\n\n> ✂️")))).toBe(true);
  });

  it("leaves short text alone and never exceeds the limit", () => {
    expect(trimReview("short\n", 100)).toBe("short\n");
    const trimmed = trimReview(`${"line\n".repeat(100)}`, 300);
    expect(trimmed.length).toBeLessThanOrEqual(300);
    expect(trimmed).toContain("Review trimmed at 300 characters");
  });
});
