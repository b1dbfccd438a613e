import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, type PlatformConfig } from "../../infra/config";
import { readStackConfig } from "../../infra/plan/stack-file";
import { editedStackText, stacksFolder, writeStack, type BaseStack, type StackEdit } from "../helpers/stack-files";

/**
 * What `pulumi config set` writes into the stack file for each way of typing a value (pulumi CLI
 * docs: with `--path`, "true"/"false" become booleans and integers numbers, everything else text;
 * top-level keys are always text; `--type string|bool|int|float` says it outright), read back the
 * way the program receives it.
 */
function configAfter(base: BaseStack, edits: readonly StackEdit[]): PlatformConfig {
  const dir = stacksFolder();
  writeStack(dir, "set", editedStackText(base, edits));
  const { values, secretKeys } = readStackConfig(dir, "set");
  return parseConfig(values, "set", { secretKeys });
}

function problemsAfter(base: BaseStack, edits: readonly StackEdit[]): readonly string[] {
  try {
    configAfter(base, edits);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

const P = "batch-platform:";
const BOOLEAN_EXPECTED = "true or false (lowercase; `pulumi config set --path --type bool` stores a boolean)";

describe("pulumi config set --path forms of each value type", () => {
  it.each([
    ["--path … hourlyUsd 0.12 (text)", "0.12", 0.12],
    ["--path --type float … hourlyUsd 0.12", 0.12, 0.12],
    ["--path … hourlyUsd 1 (an integer)", 1, 1],
  ])("a price: %s", (_, stored, expected) => {
    const config = configAfter("oss-prod", [[`${P}cluster.nodePools.batch.hourlyUsd`, stored]]);
    expect(config.cluster.nodePools?.batch.hourlyUsd).toBe(expected);
  });

  it.each([
    ["--path … maxNodes 7 (a number)", 7],
    ["--path --type string … maxNodes 7", "7"],
    ["--path --type int … maxNodes 7", 7],
  ])("a count: %s", (_, stored) => {
    expect(
      configAfter("gcp-prod", [[`${P}cluster.nodePools.batch.maxNodes`, stored]]).cluster.nodePools?.batch.maxNodes,
    ).toBe(7);
  });

  it.each([
    ["--path … versioning false (a boolean)", false],
    ["--path --type string … versioning false", "false"],
    ["--path --type bool … versioning false", false],
  ])("a flag: %s", (_, stored) => {
    expect(configAfter("oss-prod", [[`${P}lake.zones.processing.versioning`, stored]]).lake.zones.processing.versioning).toBe(
      false,
    );
  });

  it("a top-level flag, always text: pulumi config set batch-platform:protectData false", () => {
    expect(configAfter("oss-prod", [[`${P}protectData`, "false"]]).protectData).toBe(false);
  });

  it.each([
    ["--path … cpu 2 (a number)", 2, "2"],
    ["--path … cpu 0.5 (text)", "0.5", "500m"],
    ["--path --type float … cpu 0.5", 0.5, "500m"],
    ["--path … cpu 250m", "250m", "250m"],
    ["--path … cpu 1500m (normalised)", "1500m", "1500m"],
    ["--path … cpu 2000m (normalised)", "2000m", "2"],
  ])("a CPU quantity: %s", (_, stored, expected) => {
    expect(configAfter("oss-prod", [[`${P}lake.minio.cpu`, stored]]).lake.minio?.cpu).toBe(expected);
  });

  it.each([
    ["--path … memory 4Gi", "4Gi", "4Gi"],
    ["--path … memory .5Gi", ".5Gi", "512Mi"],
    ["--path … memory 1.5Gi", "1.5Gi", "1536Mi"],
    ["--path … memory 1000M", "1000M", "1G"],
  ])("a memory quantity: %s", (_, stored, expected) => {
    expect(configAfter("oss-prod", [[`${P}lake.minio.memory`, stored]]).lake.minio?.memory).toBe(expected);
  });

  it("a memory quantity typed without a unit is refused, naming one", () => {
    expect(problemsAfter("oss-prod", [[`${P}lake.minio.memory`, 4]])).toEqual([
      `${P}lake.minio.memory: got 4; expected a quantity with a unit like 512Mi or 4Gi`,
    ]);
  });

  it("an Azure zone typed as a number: --path 'batch-platform:cluster.zones[0]' 1", () => {
    expect(configAfter("azure-dev", [[`${P}cluster.zones[0]`, 1]]).cluster.zones).toEqual(["1"]);
  });

  it("a tag typed as an integer is its digits; one YAML reads as a fraction names --type string", () => {
    expect(configAfter("gcp-prod", [[`${P}gcp.dataflow.imageTag`, 10]]).gcp.dataflow.imageTag).toBe("10");
    const [problem] = problemsAfter("gcp-prod", [[`${P}gcp.dataflow.imageTag`, 1.1]]);
    expect(problem).toMatch(/^batch-platform:gcp\.dataflow\.imageTag: got 1\.1; expected a Docker tag /);
    expect(problem).toContain("`pulumi config set --path --type string`");
  });

  it("a label value typed as an integer: --path … labels.owner 42", () => {
    expect(configAfter("oss-dev", [[`${P}labels.owner`, 42]]).labels.owner).toBe("42");
  });

  it("a list item: --path 'batch-platform:pipelines[0]' orders (a list, not text)", () => {
    expect(configAfter("oss-dev", [[`${P}pipelines`, ["orders"]]]).pipelines).toEqual(["orders"]);
  });

  it("a CIDR and a port: --path … apiServerCidrs[0] 10.20.0.0/28, apiServerPorts[0] 6443", () => {
    const config = configAfter("oss-prod", [
      [`${P}oss.network.apiServerCidrs[0]`, "10.20.0.0/28"],
      [`${P}oss.network.apiServerPorts[0]`, "6443"],
    ]);
    expect(config.oss.network.apiServerCidrs).toEqual(["10.20.0.0/28"]);
    expect(config.oss.network.apiServerPorts).toEqual([6443]);
  });

  it("a flag whose text is not lowercase true/false names --type bool", () => {
    expect(problemsAfter("oss-dev", [[`${P}lake.zones.landing.versioning`, "True"]])).toEqual([
      `${P}lake.zones.landing.versioning: got "True"; expected ${BOOLEAN_EXPECTED}`,
    ]);
  });

  it("a spot taint value typed as a boolean is its text", () => {
    const config = configAfter("oss-dev", [
      [`${P}oss.placement.spotTaint`, { key: "batch-platform.io/spot", value: true, effect: "NoSchedule" }],
    ]);
    expect(config.oss.placement.spotTaint.value).toBe("true");
  });
});
