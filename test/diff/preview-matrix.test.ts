import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listStacks } from "../../infra/plan/stack-file";
import { policyPacks, previewMatrix } from "../../infra/diff/preview-matrix";
import { ROOT } from "../helpers/cli";

describe("previewMatrix", () => {
  const temps: string[] = [];
  afterEach(() => temps.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("has one job per stack file, each with every pack and its environment's config", () => {
    const { include } = previewMatrix(ROOT);
    expect(include.map((job) => job.stack)).toEqual(listStacks(join(ROOT, "stacks")));
    const packs = policyPacks(ROOT);
    expect(packs).toEqual(expect.arrayContaining(["policies/cost", "policies/placement"]));
    const prod = include.find((job) => job.stack === "gcp-prod");
    expect(prod).toEqual({
      stack: "gcp-prod",
      variant: "gcp",
      environment: "prod",
      policyPacks: packs.join("\n"),
      policyPackConfigs: packs.map(() => "policies/config/prod.json").join("\n"),
    });
  });

  it("follows the stack files: a new one is a new job", () => {
    const root = mkdtempSync(join(tmpdir(), "preview-matrix-"));
    temps.push(root);
    cpSync(join(ROOT, "stacks"), join(root, "stacks"), { recursive: true });
    cpSync(join(ROOT, "policies"), join(root, "policies"), { recursive: true });
    writeFileSync(
      join(root, "stacks", "Pulumi.gcp-sandbox.yaml"),
      "config:\n  batch-platform:variant: gcp\n  batch-platform:environment: dev\n",
    );
    expect(previewMatrix(root).include.map((job) => job.stack)).toContain("gcp-sandbox");
    writeFileSync(
      join(root, "stacks", "Pulumi.gcp-broken.yaml"),
      "config:\n  batch-platform:variant: gcp\n  batch-platform:environment: qa\n",
    );
    expect(() => previewMatrix(root)).toThrow(
      'stacks/Pulumi.gcp-broken.yaml: config.batch-platform:environment is "qa", but policies/config/qa.json does not exist',
    );
  });
});
