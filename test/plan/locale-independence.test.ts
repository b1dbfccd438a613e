/**
 * Plans are byte-identical whatever the machine's locale and time zone: planned under `LC_ALL=C`
 * in UTC and under `LC_ALL=lt_LT.UTF-8` (Lithuanian sorts `y` between `i` and `j`) in
 * Pacific/Chatham (UTC+12:45), every plan file must be the same bytes. Node carries full ICU, so
 * the locale takes effect even where the OS has no such locale installed (checked first).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli";

// oss-prod generates the most text (cdk8s charts, Zeppelin's spark-defaults.conf, DAGs, chart values)
// and is where the locale showed; one stack plans in one process, which keeps the test cheap.
const STACKS = ["oss-prod"];
const MACHINES = [
  { name: "C/UTC", env: { LC_ALL: "C", LANG: "C", TZ: "UTC" } },
  { name: "lt_LT/Chatham", env: { LC_ALL: "lt_LT.UTF-8", LANG: "lt_LT.UTF-8", TZ: "Pacific/Chatham" } },
] as const;

function withEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...env };
}

function planIn(
  env: Readonly<Record<string, string>>,
  out: string,
): Promise<{ status: number | null; output: string }> {
  const args = [
    "--import",
    "tsx",
    join(ROOT, "infra/plan/cli.ts"),
    ...STACKS.flatMap((s) => ["--stack", s]),
    "--out",
    out,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: withEnv(env) });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (status) => resolve({ status, output }));
  });
}

describe("plans do not depend on the machine's locale or time zone", () => {
  const tmp = mkdtempSync(join(tmpdir(), "plan-locale-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("the two machines really differ: collation and UTC offset", () => {
    const probe =
      "const f=Intl.DateTimeFormat().resolvedOptions();" +
      "const order=['y','i','j'].sort((a,b)=>a.localeCompare(b)).join('');" +
      "console.log(JSON.stringify([f.locale,order,new Date(0).getTimezoneOffset()]))";
    const seen = MACHINES.map(
      ({ env }) =>
        JSON.parse(
          spawnSync(process.execPath, ["-e", probe], { env: withEnv(env), encoding: "utf8" }).stdout,
        ) as unknown[],
    );
    expect(seen[0]).toEqual(["en-US", "ijy", 0]);
    expect(seen[1]).toEqual(["lt-LT", "iyj", -765]);
  });

  it("writes byte-identical plans under both", async () => {
    const runs = await Promise.all(MACHINES.map(({ name, env }) => planIn(env, join(tmp, name.replace("/", "-")))));
    runs.forEach((run, i) => expect(run.status, `${MACHINES[i]?.name}: ${run.output}`).toBeLessThanOrEqual(1));
    const [a, b] = MACHINES.map(({ name }) => join(tmp, name.replace("/", "-")));
    const files = readdirSync(a!).sort();
    expect(files).toEqual(STACKS.map((s) => `${s}.json`));
    expect(readdirSync(b!).sort()).toEqual(files);
    for (const file of files) {
      const [left, right] = [readFileSync(join(a!, file)), readFileSync(join(b!, file))];
      expect(left.equals(right), `${file} differs between ${MACHINES[0].name} and ${MACHINES[1].name}`).toBe(true);
    }
  }, 90_000);
});
