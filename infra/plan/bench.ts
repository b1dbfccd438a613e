// `npm run bench`: CPU (user + sys), wall time, peak memory and plan JSON size of one
// `npm run plan -- --stack <s>` process, beside its floor (a process that loads exactly what the
// plan loads and plans nothing), medians over --runs with plan and floor runs interleaved.
// With --pipelines N the stacks run N generated pipelines from a temporary folder.
// A benchmark, not a test: it measures, it does not judge.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeBenchWorkspace } from "./bench-workspace";
import { readPlanFile } from "./plan-file";
import { plannedKubernetesObjects } from "./kubernetes-objects";
import { listStacks } from "./stack-file";

const ROOT = resolve(__dirname, "../..");
const PROBE = join(__dirname, "bench-probe.cjs");
const USAGE = `usage: npm run bench [-- --pipelines N] [--stack <name>]... [--runs R]
  --pipelines N  plan N generated pipelines (a temporary folder; the repository is not touched)
                 instead of the repository's pipelines/
  --stack <name> a stack to measure (repeatable; default every stack)
  --runs R       runs of the plan and of its floor, interleaved; medians are shown (default 5)`;

interface Sample {
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly rssMb: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs a script with the tsx loader and the probe once: its CPU seconds, wall seconds and peak RSS. */
function measure(script: string, args: readonly string[], env: NodeJS.ProcessEnv, work: string): Sample {
  const probeFile = join(work, "probe");
  rmSync(probeFile, { force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--require", PROBE, "--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, BP_BENCH_PROBE_FILE: probeFile },
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${script} ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  const probe = JSON.parse(readFileSync(probeFile, "utf8")) as { userUs: number; systemUs: number; maxRssKb: number };
  return { cpuSeconds: (probe.userUs + probe.systemUs) / 1e6, wallSeconds, rssMb: probe.maxRssKb / 1024 };
}

/** The `apiVersion/kind` of every object the plan validates: the schemas its floor loads too. */
function validatedKinds(planFile: string): string[] {
  const document = readPlanFile(planFile);
  return [...new Set(plannedKubernetesObjects(document).map((o) => `${o.apiVersion}/${o.kind}`))].sort();
}

interface Row {
  readonly stack: string;
  readonly pipelines: string;
  readonly resources: string;
  readonly plan: readonly Sample[];
  readonly floor: readonly Sample[];
  readonly jsonMb: number;
}

function countsOf(planFile: string): { resources: number; objects: number } {
  const document = readPlanFile(planFile);
  const resources = document.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const direct = resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && typeof r.inputs.kind === "string");
  return { resources: resources.length, objects: plannedKubernetesObjects(document).length - direct.length };
}

function benchStack(stack: string, stacksDir: string, env: NodeJS.ProcessEnv, runs: number, pipelines: string): Row {
  const work = mkdtempSync(join(tmpdir(), "bp-bench-"));
  try {
    const planFile = join(work, `${stack}.json`);
    const plan: Sample[] = [];
    const floor: Sample[] = [];
    let kinds: string[] = [];
    for (let i = 0; i < runs; i++) {
      plan.push(measure(join(__dirname, "cli.ts"), ["--stack", stack, "--stacks-dir", stacksDir, "--out", work], env, work));
      if (i === 0) kinds = validatedKinds(planFile);
      floor.push(measure(join(__dirname, "bench-floor.ts"), kinds, env, work));
      process.stderr.write(`${stack} run ${i + 1}/${runs}: plan ${plan[i].cpuSeconds.toFixed(2)} s CPU, floor ${floor[i].cpuSeconds.toFixed(2)} s CPU\n`);
    }
    const { resources, objects } = countsOf(planFile);
    return { stack, pipelines, resources: `${resources} (+${objects})`, plan, floor, jsonMb: statSync(planFile).size / 1e6 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function render(rows: readonly Row[], runs: number): string {
  const lines = [
    `Offline plan benchmark, ${runs} runs each (plan and floor interleaved), medians; CPU = user + sys of the process.`,
    `node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}.`,
    "",
    row(["stack", "pipelines", "resources (+ K8s objects)", "plan CPU", "floor CPU", "ratio", "plan wall", "peak RSS", "plan JSON"]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
  ];
  for (const r of rows) {
    const planCpu = median(r.plan.map((s) => s.cpuSeconds));
    const floorCpu = median(r.floor.map((s) => s.cpuSeconds));
    lines.push(row([
      r.stack,
      r.pipelines,
      r.resources,
      `${planCpu.toFixed(2)} s`,
      `${floorCpu.toFixed(2)} s`,
      `${(planCpu / floorCpu).toFixed(2)}×`,
      `${median(r.plan.map((s) => s.wallSeconds)).toFixed(2)} s`,
      `${median(r.plan.map((s) => s.rssMb)).toFixed(0)} MB`,
      `${r.jsonMb.toFixed(1)} MB`,
    ]));
  }
  lines.push("", "Floor: a process that loads the plan's modules (the CLI, program, SDKs, planner, the pipeline declarations and");
  lines.push("the Kubernetes schemas the plan validates against) and exits without planning.");
  return `${lines.join("\n")}\n`;
}

function main(argv: readonly string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { runs: { type: "string", default: "5" }, stack: { type: "string", multiple: true }, pipelines: { type: "string" }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const runs = Number(values.runs);
  const count = values.pipelines === undefined ? undefined : Number(values.pipelines);
  if (!Number.isInteger(runs) || runs < 1) return usage(`--runs: got ${JSON.stringify(values.runs)}; expected a whole number ≥ 1`);
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 9999)) {
    return usage(`--pipelines: got ${JSON.stringify(values.pipelines)}; expected a whole number from 1 to 9999`);
  }
  const repoStacks = join(ROOT, "stacks");
  const known = listStacks(repoStacks);
  const stacks = values.stack ?? known;
  const unknown = stacks.filter((s) => !known.includes(s));
  if (unknown.length > 0) return usage(`--stack: unknown ${unknown.join(", ")}; stacks: ${known.join(", ")}`);

  const workspace = count === undefined ? undefined : mkdtempSync(join(tmpdir(), "bp-bench-pipelines-"));
  try {
    const inputs = workspace === undefined ? undefined : writeBenchWorkspace(workspace, count!, { pipelinesDir: join(ROOT, "pipelines"), stacksDir: repoStacks }, stacks);
    const env: NodeJS.ProcessEnv = inputs ? { BATCH_PLATFORM_PIPELINES_DIR: inputs.pipelinesDir } : {};
    const stacksDir = inputs?.stacksDir ?? repoStacks;
    const rows = stacks.map((stack) => benchStack(stack, stacksDir, env, runs, count === undefined ? "repo" : String(count)));
    process.stdout.write(render(rows, runs));
    return 0;
  } finally {
    if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true });
  }
}

function usage(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
