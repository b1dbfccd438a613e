/**
 * Runs `work` with stack traces off, unless node was started with `--stack-trace-limit`. The SDK
 * captures a stack trace for every promise it creates (its leak detector) and every resource (its
 * source position); a plan prints neither, and at 1,000 pipelines capturing and formatting them
 * cost ~10 s of CPU and their strings hundreds of MB. Errors keep their messages, which is what
 * the plan reports.
 */
export async function withoutStackTraces<T>(work: () => Promise<T>): Promise<T> {
  const asked = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(" ")].some((a) => a.startsWith("--stack-trace-limit"));
  if (asked) return work();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
