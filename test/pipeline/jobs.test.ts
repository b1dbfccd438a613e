import { describe, expect, it } from "vitest";
import { goldColumns } from "../../components/pipeline/gold-columns";
import { specJson } from "../../components/pipeline/job-files";
import { declaredPipelines } from "../../infra/pipelines";
import { JOBS_DIR, python } from "./python";

describe("Python jobs", () => {
  it.each(["medallion_job.py", "medallion_beam.py", "medallion_plan.py"])("%s passes py_compile", async (file) => {
    // py_compile.compile to a throwaway path: same check, no __pycache__ left in the tree.
    const compile =
      "import py_compile, sys, tempfile; py_compile.compile(sys.argv[1], cfile=tempfile.mktemp(), doraise=True)";
    const result = await python(["-c", compile, file], JOBS_DIR);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the planning module's unittest suite passes without pyspark or apache_beam", async () => {
    const result = await python(["-m", "unittest", "discover", "-s", "test/pipeline/python", "-v"]);
    expect(result.stderr).toMatch(/OK\s*$/);
    expect(result.status).toBe(0);
  });

  const specs = declaredPipelines.map((p) => [p.name, p] as const);
  it.each(specs)("%s: the jobs accept the TS spec and agree on gold's columns", async (_, pipeline) => {
    const script = "import json, sys; import medallion_plan as p; print(json.dumps(p.gold_columns(p.load_spec(sys.stdin.read()))))";
    const result = await python(["-c", script], JOBS_DIR, specJson(pipeline));
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(goldColumns(pipeline).map((c) => [c.name, c.type]));
  });

  it("the Spark job refuses a load stage without a JDBC URL (argument check runs before Spark starts)", async () => {
    const script = [
      "import sys, types",
      "sys.modules['pyspark'] = types.ModuleType('pyspark')",
      "import medallion_job",
      "medallion_job.parse_args(['--spec', '{}', '--stage', 'load', '--processing', 's3a://p/', '--curated', 's3a://c/', '--run-id', 'r'])",
    ].join("\n");
    const result = await python(["-c", script], JOBS_DIR);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--jdbc-url");
  });
});
