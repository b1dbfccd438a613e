import { readFileSync } from "node:fs";
import type { PlanDocument } from "./document";

/** Reads a plan file written by `npm run plan` (`<out>/<stack>.json`) as a plan document. */
export function readPlanFile(path: string): PlanDocument {
  return JSON.parse(readFileSync(path, "utf8")) as PlanDocument;
}
