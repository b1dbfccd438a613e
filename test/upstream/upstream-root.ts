import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/cli";

/**
 * Upstream facts at the pinned versions (chart values, template references, configuration keys),
 * kept beside the repository in `../shared/upstream/` and never copied into it. Tests that read
 * them skip, visibly, when the folder is absent. `BATCH_PLATFORM_UPSTREAM` points elsewhere (an
 * empty folder shows what a clone without the facts runs).
 */
export const UPSTREAM_ROOT = process.env.BATCH_PLATFORM_UPSTREAM ?? join(ROOT, "../shared/upstream");

/** The folder of one upstream fact set, e.g. `charts/trino-1.42.0` or `trino-479`, if present. */
export function upstreamFolder(relative: string): string | undefined {
  const folder = join(UPSTREAM_ROOT, relative);
  return existsSync(folder) ? folder : undefined;
}
