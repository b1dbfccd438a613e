import { readFileSync } from "node:fs";
import type { PlanDocument } from "./document";
import { expandPlanFile, type PlanFileDocument } from "./shared-texts";

/**
 * Reads a plan file written by `npm run plan` (`<out>/<stack>.json`) as the plan document it
 * captured: long texts, stored once under `texts`, are put back where they stood.
 */
export function readPlanFile(path: string): PlanDocument {
  return expandPlanFile(JSON.parse(readFileSync(path, "utf8")) as PlanFileDocument, path);
}
