import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../infra/config";
import { program } from "../../infra/program";
import { PlanConfigError, planStack } from "../../infra/plan/run-stack";
import { readStackConfig } from "../../infra/plan/stack-file";
import { ROOT } from "../helpers/cli";
import { mockPulumi } from "../helpers/pulumi";

function badStacks(): string {
  const dir = mkdtempSync(join(tmpdir(), "bp-stacks-"));
  const text = readFileSync(join(ROOT, "stacks/Pulumi.gcp-dev.yaml"), "utf8").replace("retentionDays: 7", "retentionDays: -7");
  writeFileSync(join(dir, "Pulumi.gcp-bad.yaml"), text);
  return dir;
}

describe("an invalid configuration", () => {
  it("stops the program itself (what `pulumi up` runs) before any resource is registered", async () => {
    const capture = await mockPulumi("gcp-bad");
    const { values } = readStackConfig(badStacks(), "gcp-bad");
    pulumi.runtime.setAllConfig(values, []);
    const failure = await program().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure).toBeInstanceOf(pulumi.RunError); // the CLI prints a RunError without a stack trace
    expect((failure as ConfigError).problems).toEqual(["batch-platform:lake.zones.landing.retentionDays: got -7; expected an integer >= 1"]);
    await capture.settled();
    expect(capture.captured()).toEqual([]);
  });

  it("makes the plan fail with the same lines and nothing registered", async () => {
    const failure = await planStack("gcp-bad", { stacksDir: badStacks() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlanConfigError);
    expect((failure as PlanConfigError).message).toContain("batch-platform:lake.zones.landing.retentionDays: got -7; expected an integer >= 1");
    expect((failure as PlanConfigError).registered).toEqual([]);
  });
});
