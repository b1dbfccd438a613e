import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT, planOne } from "../../infra/plan/plan-one";
import { secretPlaceholder } from "../../infra/plan/stack-file";
import { runPlanCli } from "../helpers/cli";
import { editedStackText, stacksFolder, writeStack } from "../helpers/stack-files";
import { MALFORMED_STACKS, type MalformedStack } from "./malformed-stacks.cases";

const STACK_TRACE = /\n\s+at /;

/** The problem lines of a failed plan (`  - <line>`). */
function problemLines(error: string): string[] {
  return error
    .split("\n")
    .filter((line) => line.startsWith("  - "))
    .map((line) => line.slice(4));
}

function expectReported(error: string, malformed: Pick<MalformedStack, "key" | "got">): void {
  const lines = problemLines(error).filter((line) => line.startsWith(`${malformed.key}: `));
  expect(lines, `no line for ${malformed.key} in:\n${error}`).not.toEqual([]);
  expect(
    lines.some((line) => line.includes(`got ${malformed.got}`)),
    `no "got ${malformed.got}" in:\n${lines.join("\n")}`,
  ).toBe(true);
  // What is allowed (or why not) always follows the value.
  expect(
    lines.every((line) => /^\S+: (unknown (key|namespace) \(got .*\); |got .+; )\S/.test(line)),
    lines.join("\n"),
  ).toBe(true);
}

describe("a key renamed upstream", () => {
  it("says what replaced it", async () => {
    const dir = stacksFolder();
    const edits = [["batch-platform:oss.airflow.webserver", { replicas: 2 }]] as const;
    writeStack(dir, "renamed", editedStackText("oss-prod", edits));
    const { error = "" } = await planOne("renamed", dir, join(dir, "out"));
    expect(problemLines(error)).toContainEqual(
      expect.stringMatching(/^batch-platform:oss\.airflow\.webserver: unknown key \(got \{"replicas":2\}\); renamed to oss\.airflow\.apiServer \(Airflow 3/),
    );
  });
});

describe(`${MALFORMED_STACKS.length} malformed stack files, planned as npm run plan does (in this process)`, () => {
  it("are at least 120, one per kind of mistake", () => {
    expect(MALFORMED_STACKS.length).toBeGreaterThanOrEqual(120);
    expect(new Set(MALFORMED_STACKS.map((c) => c.what)).size).toBe(MALFORMED_STACKS.length);
  });

  const dir = stacksFolder();
  const out = join(dir, "out");
  it.each(MALFORMED_STACKS.map((malformed, i) => [malformed.what, malformed, `bad-${i}`] as const))(
    "%s: exit 2, key path and value named, no stack trace, no plan written",
    async (_, malformed, stack) => {
      const file = writeStack(dir, stack, editedStackText(malformed.base, malformed.edits));
      const result = await planOne(stack, dir, out);
      expect(result.exitCode).toBe(EXIT.invalid);
      expect(result.document).toBeUndefined();
      expect(existsSync(join(out, `${stack}.json`))).toBe(false);
      const error = result.error ?? "";
      expect(error).toContain(`invalid stack configuration in ${file}`);
      expect(error).not.toMatch(STACK_TRACE);
      expectReported(error, malformed);
      // A secure value never shows, not even as the plan's placeholder.
      expect(error).not.toContain("plan-placeholder-secret");
      expect(error).not.toContain("v1:abc:ZGVm");
    },
  );
});

/** Stack files the YAML reader refuses before any key is looked at. */
const UNREADABLE: readonly (readonly [what: string, text: string, says: RegExp])[] = [
  [
    "a YAML alias bomb",
    [
      "config:",
      "  batch-platform:variant: oss",
      '  a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
      ...["b", "c", "d", "e", "f"].map((key, i) => `  ${key}: &${key} [${Array(9).fill(`*${"abcde"[i]}`).join(", ")}]`),
    ].join("\n"),
    /alias/i,
  ],
  [
    "a file larger than 256 KiB",
    `config:\n  batch-platform:variant: oss\n# ${"x".repeat(300 * 1024)}\n`,
    /bytes; expected at most 262144/,
  ],
  ["malformed YAML", "config:\n  batch-platform:variant: oss\n   batch-platform:environment: [dev\n", /line \d+/],
  ["a duplicate key", "config:\n  batch-platform:variant: oss\n  batch-platform:variant: gcp\n", /unique|duplicate/i],
  ["config that is a list", "config:\n  - batch-platform:variant\n", /config: got \[/],
  [
    "a key without namespace",
    "config:\n  variant: oss\n",
    /config\.variant: expected a namespaced key such as batch-platform:variant/,
  ],
];

describe("unreadable stack files", () => {
  const dir = stacksFolder();
  it.each(UNREADABLE.map(([what, text, says], i) => [what, text, says, `unreadable-${i}`] as const))(
    "%s: exit 2 with one line naming the file",
    async (_, text, says, stack) => {
      const file = writeStack(dir, stack, text);
      const result = await planOne(stack, dir, join(dir, "out"));
      expect(result.exitCode).toBe(EXIT.invalid);
      expect(result.error).toContain(file);
      expect(result.error).toMatch(says);
      expect(result.error).not.toMatch(STACK_TRACE);
      expect((result.error ?? "").length).toBeLessThan(2000);
      expect(existsSync(join(dir, "out", `${stack}.json`))).toBe(false);
    },
  );
});

describe("malformed stack files through the real CLI", () => {
  const picks = [
    "the lake in kube-system",
    "a storage class with a newline and a command",
    "an API server CIDR that is not one",
    "a zone with a shell command",
    "a made-up GCP machine type",
    "a kubeconfig on a gcp stack (secure)",
  ];
  const cases = picks.map((what) => {
    const found = MALFORMED_STACKS.find((c) => c.what === what);
    if (!found) throw new Error(`no case ${what}`);
    return found;
  });

  it("--all: each bad stack INVALID with its key path and value, exit 2, no plan written, no stack trace", async () => {
    const dir = stacksFolder();
    cases.forEach((malformed, i) => writeStack(dir, `cli-${i}`, editedStackText(malformed.base, malformed.edits)));
    writeStack(dir, "cli-alias-bomb", UNREADABLE[0][1]);
    const out = join(dir, "out");
    const run = await runPlanCli(["--all", "--stacks-dir", dir, "--out", out]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/exit 2 \(invalid input\)/);
    for (const [i, malformed] of cases.entries()) {
      expect(run.stdout).toMatch(new RegExp(`^cli-${i} +INVALID$`, "m"));
      expectReported(run.stdout, malformed);
    }
    expect(run.stdout).toMatch(/^cli-alias-bomb +INVALID$/m);
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toMatch(STACK_TRACE);
      expect(text).not.toContain(secretPlaceholder("batch-platform:kubeconfig"));
    }
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it("npm run plan -- --stack: the problem on stderr, exit 2, no plan written", async () => {
    const dir = stacksFolder();
    const malformed = cases[0];
    const file = writeStack(dir, "one", editedStackText(malformed.base, malformed.edits));
    const run = await runPlanCli(["--stack", "one", "--stacks-dir", dir, "--out", join(dir, "out")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`invalid stack configuration in ${file}`);
    expectReported(run.stderr, malformed);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stdout).not.toContain("plan written");
    expect(existsSync(join(dir, "out", "one.json"))).toBe(false);
  });
});
