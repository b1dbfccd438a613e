// Child process of `plan --all`: plans the stacks it is given one after another (each run resets
// the Pulumi runtime's config, mocks and root stack; loading the SDKs once is most of the cost)
// and reports each result back without the document itself.
import "./defer-sdk-internals"; // first: before @pulumi/pulumi loads
import { planOne } from "./plan-one";
import { readProgramFolder } from "./program-folder";

// The SDK captures a stack trace per resource; mapping each through tsx's source maps costs ~0.25 s
// a plan, and the plan prints no stack traces (problems are reported as findings and messages).
process.setSourceMapsEnabled(false);

const [stacksDir, outDir, programDir, ...stacks] = process.argv.slice(2);
const folder = programDir === "" ? undefined : readProgramFolder(programDir);

async function run(): Promise<void> {
  for (const stack of stacks) {
    try {
      const { document: _document, ...result } = await planOne(stack, stacksDir, outDir, folder);
      process.send?.(result);
    } catch (error) {
      process.send?.({ stack, exitCode: 2, error: `stack ${stack}: ${error instanceof Error ? error.message : String(error)}`, seconds: 0 });
    }
  }
}

void run();
