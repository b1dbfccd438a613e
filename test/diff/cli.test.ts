import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { diffPlanSets, main, readPlanFolder, type CliIo } from "../../infra/diff/cli";
import { reviewExitCode } from "../../infra/diff/exit-code";
import { renderReview } from "../../infra/diff/render-review";
import { parseDiffArgs, UsageError } from "../../infra/diff/args";

const FIXTURES = resolve(__dirname, "../fixtures/diff/cli");
const REPO = resolve(__dirname, "../..");

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: REPO };
  const code = main(argv, io);
  return { code, stdout, stderr };
}

const dirs = ["--from", join(FIXTURES, "before"), "--to", join(FIXTURES, "after")];

describe("npm run diff -- --from DIR --to DIR", () => {
  const temps: string[] = [];
  afterEach(() => temps.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("exits 1 for a blocking data loss and prints the review", () => {
    const { code, stdout, stderr } = run(dirs);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain(
      "🛑 **BLOCKING** — 1 of 2 stacks change: +0 ~1 ±0 −1; 1 blocking hazard not allowed; cost −$2.00/month.",
    );
    expect(stdout).toContain('- `labels`: `(absent)` → `{"zone":"landing"}`');
    expect(stdout).toContain("Unchanged (1 stack, plan exactly as before): `oss-dev`.");
  });

  it("exits 0 when an override file allows the loss, and writes --out", () => {
    const out = join(mkdtempSync(join(tmpdir(), "diff-cli-")), "review.md");
    temps.push(resolve(out, ".."));
    const { code, stdout } = run([...dirs, "--overrides", join(FIXTURES, "allow-curated.json"), "--out", out]);
    expect(code).toBe(0);
    expect(stdout).toContain("Allowed by override: “curated zone moves to the shared analytics lake (ticket 42)”");
    expect(readFileSync(out, "utf8")).toBe(stdout);
  });

  it("exits 0 with a no-change review for identical folders", () => {
    const { code, stdout } = run(["--from", join(FIXTURES, "before"), "--to", join(FIXTURES, "before")]);
    expect(code).toBe(0);
    expect(stdout).toContain("✅ No changes: all 2 stacks plan exactly as before.");
  });

  it.each([
    [[], "nothing to compare"],
    [["--from", "a"], "--from and --to go together"],
    [["--base", "main", "--from", "a", "--to", "b"], "not both"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["--from", "a", "--to", "b", "--reuse-node-modules"], "only applies to --base"],
    [["--base", "no-such-ref-xyz"], "not a commit in this repository"],
  ])("exits 2 with a clear message for %j", (argv, message) => {
    const { code, stderr, stdout } = run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain("Usage:");
    expect(stdout).toBe("");
  });

  it("exits 2 for a folder that is not plans, or a bad override file", () => {
    const missing = run(["--from", join(FIXTURES, "nope"), "--to", join(FIXTURES, "after")]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("not a folder") });
    const invalid = run(["--from", join(FIXTURES, "invalid"), "--to", join(FIXTURES, "after")]);
    expect(invalid).toMatchObject({ code: 2, stderr: expect.stringContaining("variant must be a string") });
    const dir = mkdtempSync(join(tmpdir(), "diff-cli-"));
    temps.push(dir);
    writeFileSync(join(dir, "overrides.json"), JSON.stringify([{ rule: "data-loss", id: "urn:pulumi:x", reason: "" }]));
    const badOverride = run([...dirs, "--overrides", join(dir, "overrides.json")]);
    expect(badOverride).toMatchObject({ code: 2, stderr: expect.stringContaining("[0].reason: explain why") });
  });

  it("--json prints the machine-readable diff the review is rendered from", () => {
    const { code, stdout } = run([...dirs, "--json"]);
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as {
      version: number;
      blocking: boolean;
      stacks: { stack: string; status: string; hazards: { rule: string; blocking: boolean }[] }[];
    };
    expect(json.version).toBe(1);
    expect(json.blocking).toBe(true);
    expect(json.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["gcp-prod", "changed"],
      ["oss-dev", "unchanged"],
    ]);
    expect(json.stacks[0]?.hazards).toEqual([expect.objectContaining({ rule: "data-loss", blocking: true })]);
    expect(stdout).not.toContain("<!-- batch-platform:pr-review -->");
  });

  it("prints usage for --help", () => {
    expect(run(["--help"])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("npm run diff -- --base <git-ref>"),
    });
  });
});

describe("stacks that do not plan", () => {
  const before = readPlanFolder(join(FIXTURES, "before"));
  const after = readPlanFolder(join(FIXTURES, "after"));

  it("a stack failing at the head fails the review with its error, never ✅", () => {
    const head = new Map([["oss-dev", 'stack oss-dev: batch-platform:region: got "mars"; expected one of …']]);
    const without = new Map([...after].filter(([stack]) => stack !== "oss-dev"));
    const diffs = diffPlanSets({ before, after: without, failures: { head, base: new Map() } }, []);
    const failed = diffs.find((d) => d.stack === "oss-dev");
    expect(failed).toMatchObject({
      status: "failed",
      blocking: true,
      hazards: [expect.objectContaining({ rule: "plan-failed", blocking: true })],
    });
    expect(reviewExitCode(diffs)).toBe(1);
    const review = renderReview(diffs);
    expect(review.split("\n")[3]).toMatch(/^🛑 \*\*BLOCKING\*\* — .*1 stack failed to plan/);
    expect(review).toContain("### `oss-dev` — does not plan");
    expect(review).toContain('batch-platform:region: got "mars"');
  });

  it("a stack failing only at the base is reported as new, and does not block", () => {
    const base = new Map([["oss-dev", "stack oss-dev: broken at the base"]]);
    const without = new Map([...before].filter(([stack]) => stack !== "oss-dev"));
    const diffs = diffPlanSets({ before: without, after, failures: { head: new Map(), base } }, []);
    expect(diffs.find((d) => d.stack === "oss-dev")).toMatchObject({
      status: "added",
      blocking: false,
      planErrors: { base: "stack oss-dev: broken at the base" },
    });
    expect(renderReview(diffs)).toContain("New stack (it did not plan at the base)");
  });
});

describe("npm run diff arguments", () => {
  it("plan a program folder with --base, and refuse --program for folders of plans", () => {
    expect(parseDiffArgs(["--base", "HEAD", "--program", "examples/gcp-minimal"])).toMatchObject({ mode: "base", program: "examples/gcp-minimal" });
    expect(parseDiffArgs(["--base", "HEAD"])).toMatchObject({ mode: "base", program: undefined });
    expect(() => parseDiffArgs(["--from", "a", "--to", "b", "--program", "x"])).toThrow(UsageError);
  });
});
