/** Command line of `npm run diff`, parsed without side effects. */
import { parseArgs } from "node:util";

interface CommonArgs {
  readonly out: string | undefined;
  readonly overrides: string | undefined;
  /** Print the machine-readable diff instead of the Markdown review. */
  readonly json: boolean;
}

export type DiffArgs =
  | { readonly mode: "help" }
  | (CommonArgs & {
      readonly mode: "base";
      /** Git ref to plan as "before" (e.g. `origin/main`). */
      readonly base: string;
      /** Symlink this checkout's node_modules into the worktree when the lockfiles are identical. */
      readonly reuseNodeModules: boolean;
      /** A Pulumi project folder (relative to the repository) to plan instead of the platform. */
      readonly program: string | undefined;
    })
  | (CommonArgs & { readonly mode: "dirs"; readonly from: string; readonly to: string });

export const USAGE = `Usage:
  npm run diff -- --base <git-ref> [--program DIR] [--out FILE] [--overrides FILE] [--json] [--reuse-node-modules]
      plan every stack at <git-ref> (temporary git worktree + npm ci) and in the working tree, compare
  npm run diff -- --from DIR --to DIR [--out FILE] [--overrides FILE] [--json]
      compare two folders of plan documents (<stack>.json, as written by npm run plan -- --all --out DIR)

  --out FILE          also write the Markdown review to FILE (trimmed to 60,000 characters)
  --overrides FILE    review overrides (default infra/diff/review-overrides.json)
  --json              print the machine-readable diff (what the Markdown is rendered from) instead
  --reuse-node-modules  with --base: reuse this checkout's node_modules when package-lock.json is unchanged
  --program DIR       with --base: plan that Pulumi project folder (e.g. examples/gcp-minimal), as npm run plan does

Exit codes: 0 nothing blocks · 1 a blocking hazard, a new mandatory policy finding or a stack that does
not plan at the head · 2 usage error or no review`;

export class UsageError extends Error {}

export function parseDiffArgs(argv: readonly string[]): DiffArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        base: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        out: { type: "string" },
        overrides: { type: "string" },
        "reuse-node-modules": { type: "boolean", default: false },
        program: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { mode: "help" };
  for (const key of ["base", "from", "to", "out", "overrides", "program"] as const) {
    if (values[key] !== undefined && values[key].trim() === "") throw new UsageError(`--${key} needs a value`);
  }
  const dirs = values.from !== undefined || values.to !== undefined;
  if (values.base !== undefined && dirs)
    throw new UsageError("use either --base <git-ref> or --from DIR --to DIR, not both");
  if (values.base !== undefined) {
    return {
      mode: "base",
      base: values.base,
      out: values.out,
      overrides: values.overrides,
      json: values.json,
      reuseNodeModules: values["reuse-node-modules"],
      program: values.program,
    };
  }
  if (values["reuse-node-modules"]) throw new UsageError("--reuse-node-modules only applies to --base");
  if (values.program !== undefined) throw new UsageError("--program only applies to --base (folders of plans are compared as they are)");
  if (!dirs) throw new UsageError("nothing to compare: give --base <git-ref>, or --from DIR and --to DIR");
  if (values.from === undefined || values.to === undefined) throw new UsageError("--from and --to go together");
  return {
    mode: "dirs",
    from: values.from,
    to: values.to,
    out: values.out,
    overrides: values.overrides,
    json: values.json,
  };
}
