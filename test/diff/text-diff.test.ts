import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { renderReview } from "../../infra/diff/render-review";
import { diffText } from "../../infra/diff/text-diff";
import { CONFIG_GROUP, configMap, plan } from "./plan-builders";

const script = (line: string) =>
  ["import os", "", "def main():", `    ${line}`, "    return 0", "", "main()", ""].join("\n");

describe("diffText", () => {
  it("gives unified hunks with three lines of context and counts", () => {
    const change = diffText(script("print(1)"), script("print(2)"));
    expect(change).toEqual({
      linesBefore: 7,
      linesAfter: 7,
      added: 1,
      removed: 1,
      hunks: [
        "@@ -1,7 +1,7 @@",
        " import os",
        " ",
        " def main():",
        "-    print(1)",
        "+    print(2)",
        "     return 0",
        " ",
        " main()",
      ],
    });
    expect(diffText("same\n", "same\n")).toBeUndefined();
  });
});

describe("multi-line values in a review", () => {
  const group = (text: string, secret = false) => ({
    type: CONFIG_GROUP,
    name: "dags",
    inputs: {
      objs: [
        secret
          ? {
              apiVersion: "v1",
              kind: "Secret",
              metadata: { name: "s", namespace: "a" },
              stringData: { "conf.ini": text },
            }
          : configMap("dags", { "dag.py": text }),
      ],
    },
  });

  it("fold the line diff into <details>, with a fence that survives backticks in the text", () => {
    const before = script("x = '```'");
    const diff = diffPlans(
      plan("oss-dev", [group(before)]),
      plan("oss-dev", [group(before.replace("```", "````"))]),
      [],
    );
    const review = renderReview([diff]);
    expect(review).toContain('  - `data["dag.py"]`: +1 −1 lines (7 → 7 lines)');
    expect(review).toContain("    `````diff");
    expect(review).toContain("    -    x = '```'");
  });

  it("never diff a masked value line by line", () => {
    const diff = diffPlans(
      plan("oss-dev", [group("a=1\nb=2\n", true)]),
      plan("oss-dev", [group("a=1\nb=3\n", true)]),
      [],
    );
    expect(diff.changes[0]?.properties).toEqual([
      { path: 'stringData["conf.ini"]', before: "[secret]", after: "[secret]", forcesReplacement: false },
    ]);
    expect(renderReview([diff])).not.toContain("b=3");
  });
});
