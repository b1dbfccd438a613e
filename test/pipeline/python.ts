import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REPO = join(__dirname, "../..");
export const JOBS_DIR = join(REPO, "components/pipeline/jobs");

/** Runs python3 with bytecode writing off (no __pycache__ in the tree); returns status and output. */
export function python(args: readonly string[], cwd = REPO, input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("python3", ["-B", ...args], { cwd, input, encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Byte-compiles source text the way `python3 -m py_compile` does, without writing .pyc files. */
export function compilePython(source: string, fileName: string): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "dag-"));
  const path = join(dir, fileName);
  writeFileSync(path, source);
  const result = python(["-c", "import sys; compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec')", path]);
  return { status: result.status, stderr: result.stderr };
}

/** Writes source to a temp file and returns its path. */
export function tempFile(source: string, fileName: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "dag-")), fileName);
  writeFileSync(path, source);
  return path;
}
