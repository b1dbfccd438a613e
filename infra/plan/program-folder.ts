import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { PlanInputError } from "./stack-file";

/** A Pulumi project folder as the CLI reads it: its name, entry point and stack files. */
export interface ProgramFolder {
  readonly dir: string;
  /** `name` of its Pulumi.yaml: the config namespace of its own keys. */
  readonly project: string;
  /** Absolute path of the program (`main`, default `index.ts`). */
  readonly main: string;
  /** Where its `Pulumi.<stack>.yaml` files are (`stackConfigDir`, default the folder). */
  readonly stacksDir: string;
}

/** The plan options that run this folder's program (its own config is not the platform's). */
export function programOptions(folder: ProgramFolder | undefined): { program?: () => Promise<object>; project?: string } {
  return folder === undefined ? {} : { program: folderProgram(folder), project: folder.project };
}

/** Reads `<dir>/Pulumi.yaml`; a missing or malformed file is a usage error (exit 2). */
export function readProgramFolder(dir: string): ProgramFolder {
  const root = resolve(dir);
  const file = join(root, "Pulumi.yaml");
  let project: { name?: unknown; runtime?: unknown; main?: unknown; stackConfigDir?: unknown };
  try {
    project = (parse(readFileSync(file, "utf8")) ?? {}) as typeof project;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message.split("\n")[0];
    throw new PlanInputError(`${file}: ${reason}; expected a Pulumi project folder`);
  }
  const runtime = typeof project.runtime === "object" && project.runtime !== null ? (project.runtime as { name?: unknown }).name : project.runtime;
  if (typeof project.name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(project.name)) throw new PlanInputError(`${file}: name: got ${JSON.stringify(project.name)}; expected a project name`);
  if (runtime !== "nodejs") throw new PlanInputError(`${file}: runtime: got ${JSON.stringify(runtime)}; expected nodejs (the plan runs TypeScript programs)`);
  const main = resolve(root, typeof project.main === "string" ? project.main : "index.ts");
  const stacksDir = resolve(root, typeof project.stackConfigDir === "string" ? project.stackConfigDir : ".");
  return { dir: root, project: project.name, main: main.endsWith(".ts") ? main : join(main, "index.ts"), stacksDir };
}

/**
 * The program of a folder as the plan runs it: loading `main` inside the stack (so top-level
 * resources register there too), then calling its exported function, as the Pulumi CLI does.
 */
export function folderProgram(folder: ProgramFolder): () => Promise<object> {
  return async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(folder.main) as unknown;
    const entry = typeof loaded === "function" ? loaded : (loaded as { default?: unknown }).default;
    const result = typeof entry === "function" ? await (entry as () => unknown)() : loaded;
    return (result ?? {}) as object;
  };
}
