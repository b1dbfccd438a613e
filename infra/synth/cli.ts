// `npm run synth -- --stack <name> --out <dir>`: runs the offline plan of one stack and writes the
// Kubernetes objects the project authors (cdk8s charts) as plain YAML per namespace, for GitOps.
import "../plan/defer-sdk-internals"; // first: before @pulumi/pulumi loads
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { assessPlan } from "../plan/assess";
import { isBlocking, type PlanDocument } from "../plan/document";
import { EXIT } from "../plan/exit-codes";
import { planStack, PlanConfigError } from "../plan/run-stack";
import { listStacks, PlanInputError } from "../plan/stack-file";
import { GENERATED_MARKER, gitOpsManifests, renderIndex } from "./gitops-manifests";

const USAGE = `usage: npm run synth -- --stack <name> --out <dir> [--stacks-dir <dir>]
  --stack <name>   the stack whose plan is written (a stacks/Pulumi.<name>.yaml)
  --out <dir>      folder for <namespace>.yaml, _cluster.yaml and README.md; files a previous
                   synth wrote there and this one does not are removed, others are left alone`;

const ROOT = resolve(__dirname, "../..");

function usageError(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return EXIT.invalid;
}

/** `.yaml` files in `dir` that an earlier synth wrote (they start with the marker). */
function previousOutput(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter(
    (name) => name.endsWith(".yaml") && readFileSync(join(dir, name), "utf8").startsWith(GENERATED_MARKER),
  );
}

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        stack: { type: "string" },
        out: { type: "string" },
        "stacks-dir": { type: "string", default: join(ROOT, "stacks") },
        help: { type: "boolean", default: false },
      },
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
  const { stack, out } = args.values;
  if (stack === undefined || out === undefined)
    return usageError(`missing ${stack === undefined ? "--stack" : "--out"}`);
  const stacksDir = resolve(args.values["stacks-dir"]);
  let known: string[];
  try {
    known = listStacks(stacksDir);
  } catch {
    return usageError(`no stacks folder at ${stacksDir}`);
  }
  if (!known.includes(stack))
    return usageError(`unknown stack ${JSON.stringify(stack)}; stacks here: ${known.join(", ")}`);

  return (await synthesize(stack, stacksDir, resolve(out))).exitCode;
}

/** Plans `stack` and writes its manifests into `dir`; also returns the plan it wrote them from. */
export async function synthesize(
  stack: string,
  stacksDir: string,
  dir: string,
): Promise<{ exitCode: number; document?: PlanDocument }> {
  let document: PlanDocument;
  try {
    document = await assessPlan(await planStack(stack, { stacksDir }));
  } catch (error) {
    if (error instanceof PlanConfigError || error instanceof PlanInputError) {
      process.stderr.write(`stack ${stack}: ${error.message}\n`);
      return { exitCode: EXIT.invalid };
    }
    throw error;
  }
  const blocking = document.findings.filter(isBlocking);
  if (blocking.length > 0) {
    const lines = blocking.map((f) => `  [${f.source}] ${f.message}\n`).join("");
    process.stderr.write(`stack ${stack}: the plan has blocking findings, nothing written:\n${lines}`);
    return { exitCode: EXIT.blocked, document };
  }

  const manifests = gitOpsManifests(document);
  mkdirSync(dir, { recursive: true });
  for (const stale of previousOutput(dir).filter((name) => !manifests.files.has(name))) rmSync(join(dir, stale));
  for (const [file, text] of manifests.files) writeFileSync(join(dir, file), text);
  writeFileSync(join(dir, "README.md"), renderIndex(manifests));
  const { written, files, notWritten, releases } = manifests;
  process.stdout.write(
    `stack ${stack} (offline plan, nothing deployed): ${written.length} objects in ${files.size} files → ${dir}\n` +
      `not written: ${notWritten.length} objects (Secrets and others, listed in README.md), ` +
      `${releases.length} Helm release(s)\n`,
  );
  return { exitCode: EXIT.clean, document };
}

if (require.main === module) {
  // As in the plan: no source-mapped stack traces are printed, so do not pay for mapping them.
  process.setSourceMapsEnabled(false);
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`synth failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.invalid;
    },
  );
}
