// A sentinel secret at several keys (a label, a chart value, the kubeconfig) never appears in a plan,
// a DAG, a chart value, stdout or an error message: a secure value where a secret would be written
// in plain text is refused (masked), the kubeconfig stays a Pulumi secret, a plaintext one is refused.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../infra/config";
import { readStackConfig, secretPlaceholder } from "../../infra/plan/stack-file";
import { ROOT, runPlanCli } from "../helpers/cli";
import { editedStackText, stacksFolder, writeStack, type StackEdit } from "../helpers/stack-files";

const SENTINEL = "s3ntinel-7f3a";
const P = "batch-platform:";
const secure = { secure: "v1:c2VudGluZWw=:czNudGluZWwtN2YzYQ==" };

function configError(raw: Record<string, string>, secretKeys: string[]): string {
  try {
    parseConfig(raw, "oss-dev", { secretKeys });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("secure: values in the stack configuration", () => {
  const { values } = readStackConfig(join(ROOT, "stacks"), "oss-dev");

  it("refuse a secret label, naming the key, never its value", () => {
    const labels = { ...JSON.parse(values[`${P}labels`]!), owner: SENTINEL };
    const message = configError({ ...values, [`${P}labels`]: JSON.stringify(labels) }, [`${P}labels`]);
    expect(message).toContain(`${P}labels: got [secret] (a secure: value); expected a plain value: names and labels`);
    expect(message).not.toContain(SENTINEL);
  });

  it("refuse a secret chart value (Airflow's worker size) before any check could echo it", () => {
    const oss = JSON.parse(values[`${P}oss`] ?? "{}") as Record<string, Record<string, unknown>>;
    // Also malformed: the value check must not run (it would print the value).
    const airflow = { ...(oss.airflow ?? {}), worker: { cpu: SENTINEL, memory: SENTINEL } };
    const message = configError({ ...values, [`${P}oss`]: JSON.stringify({ ...oss, airflow }) }, [`${P}oss`]);
    expect(message).toMatch(/batch-platform:oss: got \[secret\] \(a secure: value\); expected a plain value/);
    expect(message).not.toContain(SENTINEL);
  });

  it("keep a secure kubeconfig a Pulumi secret, and refuse one in plain text without printing it", async () => {
    const kubeconfig = `apiVersion: v1\nusers: [{ name: ci, user: { token: ${SENTINEL} } }]`;
    const config = parseConfig({ ...values, [`${P}kubeconfig`]: kubeconfig }, "oss-dev", {
      secretKeys: [`${P}kubeconfig`],
    });
    const pulumi = await import("@pulumi/pulumi");
    expect(await pulumi.isSecret(config.kubeconfig!)).toBe(true);
    const message = configError({ ...values, [`${P}kubeconfig`]: kubeconfig }, []);
    expect(message).toContain(
      `${P}kubeconfig: got [secret] (in plain text in the stack file); expected a secure: value`,
    );
    expect(message).not.toContain(SENTINEL);
  });
});

describe("secure: values through npm run plan", () => {
  const texts = (run: { stdout: string; stderr: string }, out: string) => [
    run.stdout,
    run.stderr,
    ...(existsSync(out) ? readdirSync(out).map((f) => readFileSync(join(out, f), "utf8")) : []),
  ];

  it("a secret label and a secret chart value: exit 2, both named, neither placeholder nor ciphertext anywhere", async () => {
    const dir = stacksFolder();
    const edits: StackEdit[] = [
      [`${P}labels.owner`, secure],
      [`${P}oss.airflow.worker.memory`, secure],
      [`${P}kubeconfig`, secure],
    ];
    writeStack(dir, "sentinel", editedStackText("oss-dev", edits));
    const out = join(dir, "out");
    const run = await runPlanCli(["--stack", "sentinel", "--stacks-dir", dir, "--out", out]);
    expect(run.status, run.stdout).toBe(2);
    expect(run.stderr).toMatch(/batch-platform:labels: got \[secret\]/);
    expect(run.stderr).toMatch(/batch-platform:oss: got \[secret\]/);
    for (const text of texts(run, out)) {
      for (const key of ["labels", "oss", "kubeconfig"]) expect(text).not.toContain(secretPlaceholder(`${P}${key}`));
      expect(text).not.toContain(secure.secure);
    }
  });

  it("a secure kubeconfig: the plan, its DAGs and chart values hold it nowhere", async () => {
    const dir = stacksFolder();
    writeStack(dir, "kube", editedStackText("oss-dev", [[`${P}kubeconfig`, secure]]));
    const out = join(dir, "out");
    const run = await runPlanCli(["--stack", "kube", "--stacks-dir", dir, "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    const plan = readFileSync(join(out, "kube.json"), "utf8");
    expect(plan).toContain("dag-"); // the DAG ConfigMaps are in the plan
    expect(plan).toContain(`"kubeconfig": "[secret]"`); // the provider's input, masked
    for (const text of texts(run, out)) {
      expect(text).not.toContain(secretPlaceholder(`${P}kubeconfig`));
      expect(text).not.toContain(secure.secure);
    }
  }, 60_000);
});
