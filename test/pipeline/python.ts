import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REPO = join(__dirname, "../..");
export const JOBS_DIR = join(REPO, "components/pipeline/jobs");

/**
 * The interpreter `python3` resolves to, found once per test process: a version-manager shim
 * (pyenv's is a bash script) costs about 0.3 s per start, more than most of the scripts it runs.
 */
let interpreter: Promise<string> | undefined;
function pythonInterpreter(): Promise<string> {
  interpreter ??= new Promise((resolve) => {
    const child = spawn("python3", ["-c", "import sys; print(sys.executable)"]);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.on("error", () => resolve("python3"));
    child.on("close", (status) => resolve(status === 0 && out.trim() ? out.trim() : "python3"));
  });
  return interpreter;
}

/**
 * Runs python3 with bytecode writing off (no __pycache__ in the tree); resolves to status and output.
 * Asynchronous: back-to-back synchronous spawns keep the test worker's event loop from reading
 * vitest's RPC replies, which time out (`Timeout calling "onTaskUpdate"`) on a loaded machine.
 */
export function python(
  args: readonly string[],
  cwd = REPO,
  input?: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return pythonInterpreter().then((executable) => run(executable, args, cwd, input));
}

function run(
  executable: string,
  args: readonly string[],
  cwd: string,
  input?: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, ["-B", ...args], { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (status) =>
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
    child.stdin.end(input ?? "");
  });
}

/** Runs py_compile on source text in a temp dir (the .pyc goes there too, not into the tree). */
export async function compilePython(
  source: string,
  fileName: string,
): Promise<{ status: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "dag-"));
  const path = join(dir, fileName);
  writeFileSync(path, source);
  const result = await python([
    "-c",
    "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[1] + 'c', doraise=True)",
    path,
  ]);
  return { status: result.status, stderr: result.stderr };
}

/** Writes source to a temp file and returns its path. */
export function tempFile(source: string, fileName: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "dag-")), fileName);
  writeFileSync(path, source);
  return path;
}
