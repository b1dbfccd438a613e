import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli";

describe("deferring the SDK's TypeScript and Arborist", () => {
  it("loads neither when @pulumi/pulumi is imported, and the real TypeScript when serialization needs it", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "test/fixtures/plan/defer-probe.ts")], { cwd: ROOT, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ atImport: 0, afterUse: 1, serialized: true });
  });
});
