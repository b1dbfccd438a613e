import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { renderReview } from "../../infra/diff/render-review";
import { costChart } from "../../infra/diff/render-cost";
import { bucket, cost, costLine, plan, urn } from "./plan-builders";

const LINE = (stack: string) => urn(stack, "gcp:container/nodePool:NodePool", "batch");

function stack(name: string, before: number, after: number) {
  return diffPlans(
    plan(name, [bucket("a")], { cost: cost([costLine(LINE(name), "nodes", before)]) }),
    plan(name, [bucket("a")], { cost: cost([costLine(LINE(name), "nodes", after)]) }),
    [],
  );
}

describe("cost in the review", () => {
  it("charts the stacks whose cost moved, bars after and line before", () => {
    const chart = costChart([stack("gcp-dev", 100, 150), stack("gcp-prod", 400, 400), stack("oss-dev", 80, 60.5)]);
    expect(chart).toEqual([
      "```mermaid",
      "xychart-beta",
      '  title "Monthly cost per stack, USD (bars: after this change, line: before)"',
      '  x-axis ["gcp-dev", "oss-dev"]',
      '  y-axis "USD / month" 0 --> 165',
      "  bar [150.00, 60.50]",
      "  line [100.00, 80.00]",
      "```",
      "",
    ]);
    expect(costChart([stack("gcp-prod", 400, 400)])).toEqual([]);
  });

  it("shows a cost block only where cost moved", () => {
    const moved = stack("gcp-dev", 100, 150);
    const still = diffPlans(
      plan("gcp-prod", [bucket("a")], { cost: cost([costLine(LINE("gcp-prod"), "nodes", 10)]) }),
      plan("gcp-prod", [bucket("a", { labels: { a: "b" } })], {
        cost: cost([costLine(LINE("gcp-prod"), "nodes", 10)]),
      }),
      [],
    );
    const review = renderReview([moved, still]);
    expect(review.match(/\*\*Cost\*\*/g)).toHaveLength(1);
    expect(review).toContain("| `gcp-prod` | 0 | 1 | 0 | 0 | $10.00 |");
    expect(review).toContain("| `gcp-dev` | 0 | 0 | 0 | 0 | $150.00 (+$50.00) |");
  });
});
