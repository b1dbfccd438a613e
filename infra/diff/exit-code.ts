import type { StackDiff } from "./types";

/** CLI exit codes: 0 nothing blocks, 1 something blocks, 2 invalid usage or no review possible. */
export const EXIT_OK = 0;
export const EXIT_BLOCKING = 1;
export const EXIT_USAGE = 2;

/** 1 when any stack has a blocking hazard, a newly introduced mandatory policy finding, or does not plan. */
export function reviewExitCode(diffs: readonly StackDiff[]): typeof EXIT_OK | typeof EXIT_BLOCKING {
  return diffs.some((diff) => diff.blocking) ? EXIT_BLOCKING : EXIT_OK;
}
