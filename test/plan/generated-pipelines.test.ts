import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { blockYaml } from "../../components/k8s/block-yaml";
import { validatePipelineSpec } from "../../components/pipeline/batch-pipeline-spec";
import { generatedPipelineName, generatedPipelines } from "../../infra/plan/bench-pipelines";
import { writeBenchWorkspace } from "../../infra/plan/bench-workspace";
import type { PlanDocument, PlanResource, PlanValue } from "../../infra/plan/document";
import { plannedKubernetesObjects } from "../../infra/plan/kubernetes-objects";
import { readPlanFile } from "../../infra/plan/plan-file";
import { ROOT, runPlanCli } from "../helpers/cli";
import { python } from "../pipeline/python";

const PIPELINE_TYPE = "batch-platform:pipeline:BatchPipeline";

/** Plans oss-prod with `count` pipelines (the repository's two, then generated ones), as `npm run bench` does. */
async function planWith(count: number): Promise<PlanDocument> {
  const dir = mkdtempSync(join(tmpdir(), `bp-generated-${count}-`));
  const inputs = writeBenchWorkspace(dir, count, { pipelinesDir: join(ROOT, "pipelines"), stacksDir: join(ROOT, "stacks") }, ["oss-prod"]);
  const out = join(dir, "out");
  const run = await runPlanCli(["--stack", "oss-prod", "--stacks-dir", inputs.stacksDir, "--out", out], {
    BATCH_PLATFORM_PIPELINES_DIR: inputs.pipelinesDir,
  });
  // A hundred pipelines' Spark jobs are over oss-prod's monthly budget: the one finding that may block.
  expect([0, 1], run.stderr).toContain(run.status);
  const document = readPlanFile(join(out, "oss-prod.json"));
  const blocking = document.findings.filter((f) => f.enforcement === "mandatory").map((f) => f.source);
  expect(blocking.filter((source) => source !== "cost/monthly-budget")).toEqual([]);
  return document;
}

/** Per pipeline component name: its resources (itself and every descendant) and the Kubernetes objects they declare. */
function perPipeline(document: PlanDocument): Map<string, { resources: number; objects: number }> {
  const byUrn = new Map(document.resources.map((r) => [r.urn, r]));
  const pipelineOf = (resource: PlanResource): string | undefined => {
    for (let at: PlanResource | undefined = resource; at; at = at.parent ? byUrn.get(at.parent) : undefined) {
      if (at.type === PIPELINE_TYPE) return at.name;
    }
    return undefined;
  };
  const counts = new Map<string, { resources: number; objects: number }>();
  const entry = (name: string) => counts.get(name) ?? counts.set(name, { resources: 0, objects: 0 }).get(name)!;
  for (const resource of document.resources) {
    const name = pipelineOf(resource);
    if (name !== undefined) entry(name).resources++;
  }
  for (const object of plannedKubernetesObjects(document)) {
    const name = pipelineOf(byUrn.get(object.urn)!);
    if (name !== undefined) entry(name).objects++;
  }
  return counts;
}

describe("generated pipelines (npm run bench)", () => {
  it("all validate, with every format, silver and gold rule, sink mode and schedule form among them", () => {
    const inputs = generatedPipelines(210);
    const specs = inputs.map((input) => validatePipelineSpec(input, input.name));
    expect(new Set(specs.map((s) => s.name)).size).toBe(210);
    expect(new Set(specs.map((s) => s.format))).toEqual(new Set(["csv", "json", "parquet"]));
    expect(new Set(specs.map((s) => s.sink.mode))).toEqual(new Set(["merge", "overwrite"]));
    expect(new Set(specs.flatMap((s) => s.gold.aggregates.map((a) => a.fn)))).toEqual(
      new Set(["sum", "count", "avg", "min", "max", "count_distinct"]),
    );
    expect(new Set(specs.flatMap((s) => (s.gold.filter ?? []).map((f) => f.op)))).toEqual(
      new Set(["!=", ">", "is_not_null", "in", ">="]),
    );
    expect(specs.some((s) => Object.keys(s.silver.rename).length > 0)).toBe(true);
    expect(specs.some((s) => Object.keys(s.silver.deriveDate).length > 0 && s.partitionBy !== undefined)).toBe(true);
    expect(specs.some((s) => s.silver.deduplicateOn.length === 0)).toBe(true);
    expect(new Set(specs.map((s) => s.schedule.split(" ").length))).toEqual(new Set([1, 5]));
    expect(generatedPipelineName(9998)).toMatch(/^[a-z]+-9999$/);
  });

  describe("planned", () => {
    let ten: PlanDocument;
    let hundred: PlanDocument;
    beforeAll(async () => {
      [ten, hundred] = await Promise.all([planWith(10), planWith(100)]);
    }, 240_000);

    it("10 and 100 pipelines plan with the same resources and objects per pipeline (the output grows linearly)", () => {
      const [small, large] = [perPipeline(ten), perPipeline(hundred)];
      expect(small.size).toBe(10);
      expect(large.size).toBe(100);
      const shapes = new Set([...small.values(), ...large.values()].map((c) => `${c.resources}/${c.objects}`));
      expect([...shapes]).toHaveLength(1);
      const [resources, objects] = [...shapes][0]!.split("/").map(Number);
      expect(hundred.resources.length - ten.resources.length).toBe(90 * resources!);
      expect(plannedKubernetesObjects(hundred).length - plannedKubernetesObjects(ten).length).toBe(90 * objects!);
    });

    it("compile: every generated pipeline's DAG passes py_compile", async () => {
      const dags = plannedKubernetesObjects(ten).flatMap((o) => {
        const data = o.object.data as { [file: string]: PlanValue } | undefined;
        const labels = (o.object.metadata as { labels?: { [key: string]: PlanValue } }).labels ?? {};
        if (o.kind !== "ConfigMap" || labels["batch-platform.io/dag"] !== "true" || !data) return [];
        return Object.entries(data).filter(([file]) => file.endsWith(".py"));
      });
      expect(dags).toHaveLength(10);
      const dir = mkdtempSync(join(tmpdir(), "bp-generated-dags-"));
      const files = dags.map(([file, text]) => (writeFileSync(join(dir, file), String(text)), join(dir, file)));
      const compile = "import py_compile, sys\nfor f in sys.argv[1:]: py_compile.compile(f, cfile=f + 'c', doraise=True)";
      expect(await python(["-c", compile, ...files])).toMatchObject({ status: 0, stderr: "" });
    });

    it("their runtime templates are the yaml library's text of what they hold (the fast writer agrees)", () => {
      const templates = plannedKubernetesObjects(hundred).filter((o) => o.label.includes("(template "));
      expect(templates.length).toBeGreaterThanOrEqual(200);
      for (const resource of hundred.resources.filter((r) => r.type === "kubernetes:yaml/v2:ConfigGroup")) {
        for (const obj of (resource.inputs.objs as { data?: { [file: string]: string } }[] | undefined) ?? []) {
          for (const [file, text] of Object.entries(obj.data ?? {})) {
            if (file.endsWith(".yaml")) expect(blockYaml(parse(text) as object), file).toBe(text);
          }
        }
      }
    });
  });
});
