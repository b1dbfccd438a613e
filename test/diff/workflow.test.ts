import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers/cli";

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly id?: string;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly steps: Step[];
  readonly strategy?: { matrix: unknown };
}

const workflow = parse(readFileSync(join(ROOT, ".github/workflows/pr-review.yml"), "utf8")) as {
  jobs: Record<string, Job>;
};

describe(".github/workflows/pr-review.yml", () => {
  it("runs the real preview through pulumi/actions: every pack, its environment's config, every stack found", () => {
    const matrix = workflow.jobs["preview-matrix"]?.steps.find((s) => s.id === "matrix");
    expect(matrix?.run).toContain("node --import tsx infra/diff/preview-matrix.ts");
    const preview = workflow.jobs["pulumi-preview"];
    expect(preview?.strategy?.matrix).toBe("${{ fromJSON(needs.preview-matrix.outputs.matrix) }}");
    const step = preview?.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(step?.with).toMatchObject({
      command: "preview",
      diff: true,
      "comment-on-pr": false,
      policyPacks: "${{ matrix.policyPacks }}",
      policyPackConfigs: "${{ matrix.policyPackConfigs }}",
    });
  });

  it("writes one comment, also when the offline review failed or did not run", () => {
    const comment = workflow.jobs.comment;
    expect(comment?.needs).toEqual(["offline-review", "preview-matrix", "pulumi-preview"]);
    expect(comment?.if).toMatch(/^always\(\)/);
    const script = String(comment?.steps.find((s) => s.uses?.startsWith("actions/github-script@"))?.with?.script);
    expect(script).toContain("The offline review failed");
    expect(script).toContain("updateComment");
    // No other job posts a comment.
    const others = Object.entries(workflow.jobs)
      .filter(([name]) => name !== "comment")
      .flatMap(([, job]) => job.steps);
    expect(others.some((s) => String(s.with?.script ?? "").includes("createComment"))).toBe(false);
  });
});
