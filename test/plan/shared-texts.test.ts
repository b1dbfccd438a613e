import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { indexPlanBytes } from "../../infra/diff/plan-text-index";
import { canonicalJson } from "../../infra/plan/canonical-json";
import type { PlanDocument } from "../../infra/plan/document";
import { expandPlanFile, shareTexts, SHARED_TEXT_MIN_LENGTH } from "../../infra/plan/shared-texts";
import { plan } from "../diff/plan-builders";

const JOB = `# job\n${"x = 1\n".repeat(400)}`;
const group = (name: string, data: Record<string, string>) => ({
  type: "kubernetes:yaml/v2:ConfigGroup",
  name,
  inputs: { objs: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data }] },
});
const twoPipelines = (): PlanDocument =>
  plan("oss-dev", [group("a-manifests", { "job.py": JOB, "a.py": "short" }), group("b-manifests", { "job.py": JOB })]);

describe("plan files store long texts once", () => {
  it("writes a text every resource carries once under texts, and references it", () => {
    const file = canonicalJson(shareTexts(twoPipelines()));
    expect(file.split(JSON.stringify(JOB).slice(1, 200)).length - 1).toBe(1);
    expect(file).toMatch(/"\$text": "sha256:[0-9a-f]{24}"/);
    expect(file).toContain('"a.py": "short"');
    expect(JOB.length).toBeGreaterThanOrEqual(SHARED_TEXT_MIN_LENGTH);
  });

  it("reads back the document the plan captured", () => {
    const document = twoPipelines();
    const read = expandPlanFile(JSON.parse(canonicalJson(shareTexts(document))), "oss-dev.json");
    expect(read).toEqual(JSON.parse(canonicalJson(document)));
  });

  it("leaves a document without long texts as it is", () => {
    const document = plan("oss-dev", [group("a-manifests", { "a.py": "short" })]);
    expect(shareTexts(document)).toBe(document);
  });

  it("names the file and the key of a reference that is not in texts", () => {
    const file = JSON.parse(canonicalJson(shareTexts(twoPipelines())));
    file.texts = {};
    expect(() => expandPlanFile(file, "oss-dev.json")).toThrow(
      /oss-dev\.json: \$text "sha256:[0-9a-f]{24}" is not in texts/,
    );
  });

  it("diffs a plan with texts against one written inline as unchanged, and shows a changed text", () => {
    const document = twoPipelines();
    const inline = indexPlanBytes(Buffer.from(canonicalJson(document)), "before.json");
    const shared = indexPlanBytes(Buffer.from(canonicalJson(shareTexts(document))), "after.json");
    const same = diffPlans(inline, shared, []);
    expect(same.changes).toEqual([]);

    const edited = plan("oss-dev", [
      group("a-manifests", { "job.py": `${JOB}y = 2\n`, "a.py": "short" }),
      group("b-manifests", { "job.py": JOB }),
    ]);
    const changed = diffPlans(shared, indexPlanBytes(Buffer.from(canonicalJson(shareTexts(edited))), "edited.json"), []);
    expect(changed.changes.map((c) => `${c.action} ${c.name}`)).toEqual([
      "update ConfigMap/a-manifests in a-manifests",
    ]);
    expect(JSON.stringify(changed)).toContain("y = 2");
  });
});
