import { describe, expect, it } from "vitest";
import { runTsScript } from "../helpers/cli";

describe("deferring the SDK's TypeScript and Arborist", () => {
  it("loads neither when @pulumi/pulumi is imported, and the real TypeScript when serialization needs it", async () => {
    const run = await runTsScript("test/fixtures/plan/defer-probe.ts", []);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ atImport: 0, afterUse: 1, serialized: true });
  });
});
