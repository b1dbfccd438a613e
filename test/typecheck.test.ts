import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli";

/**
 * `tsc --noEmit` (strict) as one test of the suite, so it runs on one core while the other test
 * files run on the rest, instead of alone before them (`npm run typecheck` runs it on its own).
 * TypeScript 7 (the native compiler, the `typescript-7` alias) checks; `typescript` stays 5.9 for
 * the Pulumi SDK, whose function serialization needs its JavaScript API (TypeScript 7 has none).
 */
describe("the TypeScript program", () => {
  it("type-checks (tsc --noEmit -p tsconfig.json)", { timeout: 300_000 }, async () => {
    const run = await new Promise<{ status: number | null; output: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, "node_modules/typescript-7/bin/tsc"), "--noEmit", "-p", join(ROOT, "tsconfig.json")],
        { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
      );
      const output: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, output: Buffer.concat(output).toString("utf8") }));
    });
    expect(run.output).toBe("");
    expect(run.status).toBe(0);
  });
});
