import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "./canonical-json";
import { shareTexts } from "./shared-texts";
import { isBlocking, type PlanDocument } from "./document";
import { assessPlan } from "./assess";
import { planStack, PlanConfigError } from "./run-stack";
import { PlanInputError } from "./stack-file";
import { programOptions, type ProgramFolder } from "./program-folder";

import { EXIT } from "./exit-codes";

export { EXIT };

export interface PlanOneResult {
  readonly stack: string;
  readonly exitCode: number;
  readonly document?: PlanDocument;
  readonly outFile?: string;
  /** The problem, when the stack could not be planned (invalid config or stack file). */
  readonly error?: string;
  readonly seconds: number;
}

/** 1 when any finding blocks, else 0. */
export function exitCodeOf(document: PlanDocument): number {
  return document.findings.some(isBlocking) ? EXIT.blocked : EXIT.clean;
}

/**
 * Plans one stack in this process, assesses it, writes `<outDir>/<stack>.json`. With a program
 * folder, its program and stack files are planned instead of the platform's.
 */
export async function planOne(stack: string, stacksDir: string, outDir: string, folder?: ProgramFolder): Promise<PlanOneResult> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const document = await assessPlan(await planStack(stack, { stacksDir, ...programOptions(folder) }));
    mkdirSync(outDir, { recursive: true });
    const outFile = join(outDir, `${stack}.json`);
    writeFileSync(outFile, canonicalJson(shareTexts(document)));
    return { stack, exitCode: exitCodeOf(document), document, outFile, seconds: seconds() };
  } catch (error) {
    if (error instanceof PlanConfigError || error instanceof PlanInputError) {
      return { stack, exitCode: EXIT.invalid, error: `stack ${stack}: ${error.message}`, seconds: seconds() };
    }
    throw error;
  }
}
