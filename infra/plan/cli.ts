// `npm run plan`: runs the Pulumi program offline under mocks for one or all stacks, validates
// every Kubernetes object, assesses policies and cost, writes `<out>/<stack>.json`, prints a summary.
import "./defer-sdk-internals"; // first: before @pulumi/pulumi loads
import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { EXIT } from "./exit-codes";
import type { PlanOneResult } from "./plan-one";
import { readPlanFile } from "./plan-file";
import { readProgramFolder, type ProgramFolder } from "./program-folder";
import { listStacks, PlanInputError, readStackConfig } from "./stack-file";
import { renderProgressLine, renderSummary } from "./summary";

// The SDK captures a stack trace per resource; mapping each through tsx's source maps costs ~0.25 s
// a plan, and the plan prints no stack traces (problems are reported as findings and messages).
process.setSourceMapsEnabled(false);

const USAGE = `usage: npm run plan [-- --stack <name> | --all] [--out <dir>] [--stacks-dir <dir>] [--program <dir>]
  --stack <name>   plan one stack (default: oss-dev, or a program's only stack)
  --all            plan every Pulumi.<stack>.yaml, in parallel
  --out <dir>      where <stack>.json goes (default: plan/)
  --program <dir>  plan another Pulumi project folder (its Pulumi.yaml name, main and stackConfigDir)`;

const ROOT = resolve(__dirname, "../..");

/**
 * "pipeline … is declared but not enabled in this stack", for a platform stack that selects
 * pipelines (another program's stacks do not run the platform's pipelines/).
 */
function pipelineNote(stacksDir: string, stack: string, folder: ProgramFolder | undefined): string {
  if (folder !== undefined) return "";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pipelinesNotEnabledNote } = require("../pipelines") as typeof import("../pipelines");
  const note = pipelinesNotEnabledNote(readStackConfig(stacksDir, stack).values);
  return note === undefined ? "" : `${note}\n`;
}

function usageError(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return EXIT.invalid;
}

/**
 * Plans stacks in child processes — as many as there are cores, each planning its share one after
 * another — and reports each stack as it finishes.
 */
async function planInChildren(
  stacks: readonly string[],
  stacksDir: string,
  outDir: string,
  folder: ProgramFolder | undefined,
  onDone: (result: PlanOneResult) => void,
): Promise<void> {
  const parallel = Math.max(1, Math.min(availableParallelism(), stacks.length));
  const shares = Array.from({ length: parallel }, (_, i) => stacks.filter((_, j) => j % parallel === i));
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((done) => {
          const child = fork(join(__dirname, "worker.ts"), [stacksDir, outDir, folder?.dir ?? "", ...share], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
          const reported = new Set<string>();
          child.on("message", (message) => {
            const result = message as PlanOneResult;
            reported.add(result.stack);
            onDone(result);
          });
          child.on("exit", (code) => {
            for (const stack of share.filter((s) => !reported.has(s))) {
              onDone({ stack, exitCode: EXIT.invalid, error: `stack ${stack}: planner exited with code ${code}`, seconds: 0 });
            }
            done();
          });
        }),
    ),
  );
}

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: { stack: { type: "string", multiple: true }, all: { type: "boolean", default: false }, out: { type: "string", default: "plan" }, "stacks-dir": { type: "string" }, program: { type: "string" }, help: { type: "boolean", default: false } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.clean;
  }
  let folder: ProgramFolder | undefined;
  try {
    folder = args.values.program === undefined ? undefined : readProgramFolder(args.values.program);
  } catch (error) {
    if (error instanceof PlanInputError) return usageError(error.message);
    throw error;
  }
  // The platform's own folder is planned as the platform: its config validation applies.
  if (folder?.dir === ROOT) folder = undefined;
  const stacksDir = resolve(args.values["stacks-dir"] ?? folder?.stacksDir ?? join(ROOT, "stacks"));
  const outDir = resolve(args.values.out);
  let known: string[];
  try {
    known = listStacks(stacksDir);
  } catch {
    return usageError(`no stacks folder at ${stacksDir}`);
  }
  const fallback = folder === undefined ? ["oss-dev"] : known.length === 1 ? known : [];
  if (!args.values.all && args.values.stack === undefined && fallback.length === 0) return usageError(`give --stack: ${folder?.dir} has stacks ${known.join(", ") || "none"}`);
  const requested = args.values.all ? known : (args.values.stack ?? fallback);
  if (args.values.all && args.values.stack) return usageError("give either --all or --stack, not both");
  const unknown = requested.filter((stack) => !known.includes(stack));
  if (unknown.length > 0) return usageError(`unknown stack ${unknown.map((s) => JSON.stringify(s)).join(", ")}; stacks here: ${known.join(", ")}`);

  if (requested.length === 1) {
    // Loaded only now: a usage error above is reported without loading the SDKs and the program, and
    // `--all` plans in child processes, so this process never loads them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { planOne } = require("./plan-one") as typeof import("./plan-one");
    const result = await planOne(requested[0], stacksDir, outDir, folder);
    if (result.error) process.stderr.write(`${result.error}\n`);
    if (result.document) {
      const summary = renderSummary(result.document, result.outFile);
      process.stdout.write(`${summary}\n${pipelineNote(stacksDir, result.stack, folder)}`);
    }
    return result.exitCode;
  }

  let exitCode: number = EXIT.clean;
  process.stdout.write(`Planning ${requested.length} stacks offline under Pulumi mocks (nothing is deployed)…\n`);
  await planInChildren(requested, stacksDir, outDir, folder, (result) => {
    exitCode = Math.max(exitCode, result.exitCode);
    if (result.error || !result.outFile) {
      process.stdout.write(`${result.stack.padEnd(14)} INVALID\n${result.error ?? ""}\n`);
      return;
    }
    const document = readPlanFile(result.outFile);
    const progress = renderProgressLine(document, result.outFile, result.seconds);
    process.stdout.write(`${progress}\n${pipelineNote(stacksDir, result.stack, folder)}`);
    for (const finding of document.findings) {
      process.stdout.write(`    [${finding.enforcement}] ${finding.source}: ${finding.message}\n`);
    }
  });
  process.stdout.write(`exit ${exitCode} (${exitCode === EXIT.clean ? "clean" : exitCode === EXIT.blocked ? "blocking findings" : "invalid input"})\n`);
  return exitCode;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`plan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.invalid;
    },
  );
}
