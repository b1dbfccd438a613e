import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PipelineSpecError } from "../../components/pipeline/batch-pipeline-spec";
import { loadPipelines } from "../../infra/pipelines";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pipelines-"));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const MINIMAL = [
  "landingPrefix: a/",
  "format: csv",
  "sourceColumns: [x]",
  "schedule: '@daily'",
  "gold: { groupBy: [x], aggregates: [{ column: '*', fn: count, as: n }] }",
  "sink: { table: t, mode: overwrite }",
].join("\n");

describe("loadPipelines", () => {
  it("reads every <name>.yaml in code-unit order and ignores other files", () => {
    const dir = folder({ "bb.yaml": `name: bb\n${MINIMAL}`, "a-1.yaml": `name: a-1\n${MINIMAL}`, "README.md": "#" });
    expect(loadPipelines(dir).map((p) => p.name)).toEqual(["a-1", "bb"]);
  });

  it("names the file and field of every problem, in all files at once", () => {
    const dir = folder({
      "x1.yaml": `name: other\n${MINIMAL}`,
      "x2.yaml": `name: x2\n${MINIMAL.replace("csv", "xml")}`,
    });
    let error: unknown;
    try {
      loadPipelines(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PipelineSpecError);
    const problems = (error as PipelineSpecError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe('pipeline "x1": name: got "other"; expected "x1" (the file name)');
    expect(problems[1]).toMatch(/^pipeline "x2": format: got "xml"/);
  });
});
