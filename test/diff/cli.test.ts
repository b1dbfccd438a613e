import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../infra/diff/cli";

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
    expect(stdout).toContain("🛑 **BLOCKING** — 1 of 2 stacks change: +0 ~1 ±0 −1; 1 blocking hazard not allowed; cost −$2.00/month.");
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

  it("prints usage for --help", () => {
    expect(run(["--help"])).toMatchObject({ code: 0, stdout: expect.stringContaining("npm run diff -- --base <git-ref>") });
  });
});
