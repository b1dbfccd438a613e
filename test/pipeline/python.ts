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

/** Runs py_compile on source text in a temp dir (the .pyc goes there too, not into the tree). */
export function compilePython(source: string, fileName: string): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "dag-"));
  const path = join(dir, fileName);
  writeFileSync(path, source);
  const result = python(["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[1] + 'c', doraise=True)", path]);
  return { status: result.status, stderr: result.stderr };
}

/** Writes source to a temp file and returns its path. */
export function tempFile(source: string, fileName: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "dag-")), fileName);
  writeFileSync(path, source);
  return path;
}
