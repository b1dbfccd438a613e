import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseBoundedYaml } from "../config/yaml-input";

/** A usage or stack-file problem: the plan exits 2 and prints the message, no stack trace. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanInputError";
  }
}

/** The stack's config as the Pulumi CLI hands it to a program: `project:key` → string. */
export interface StackConfig {
  readonly values: Record<string, string>;
  /** Keys whose values were `secure:` in the file. */
  readonly secretKeys: string[];
}

/** The stand-in for a `secure:` value: the plan cannot decrypt, and the value must stay secret. */
export function secretPlaceholder(key: string): string {
  return `plan-placeholder-secret-${key.replace(/[^a-zA-Z0-9]/g, "-")}`;
}

const STACK_FILE = /^Pulumi\.([a-z0-9][a-z0-9-]*)\.yaml$/;

/** Stack names that have a `Pulumi.<stack>.yaml` in the directory, sorted. */
export function listStacks(stacksDir: string): string[] {
  return readdirSync(stacksDir)
    .map((file) => STACK_FILE.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

export function stackFilePath(stacksDir: string, stack: string): string {
  return join(stacksDir, `Pulumi.${stack}.yaml`);
}

function containsSecure(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (!Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) return true;
  return Object.values(value).some(containsSecure);
}

function replaceSecure(value: unknown, key: string): unknown {
  if (value === null || typeof value !== "object") return value;
  if (!Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) return secretPlaceholder(key);
  if (Array.isArray(value)) return value.map((item) => replaceSecure(item, key));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v, key)]));
}

/**
 * Reads `Pulumi.<stack>.yaml` the way the Pulumi CLI does for a program: scalars become strings,
 * objects become JSON, `secure:` values become fixed placeholders that the program sees as secrets.
 */
export function readStackConfig(stacksDir: string, stack: string): StackConfig {
  const path = stackFilePath(stacksDir, stack);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new PlanInputError(`stack ${JSON.stringify(stack)}: no stack file ${path}`);
  }
  const yaml = parseBoundedYaml(text);
  if (!yaml.ok) {
    throw new PlanInputError(`malformed YAML:\n${yaml.problems.map((p) => `  - ${path}: ${p}`).join("\n")}`);
  }
  const root: unknown = yaml.value;
  const config = root !== null && typeof root === "object" && "config" in root ? (root as { config: unknown }).config : undefined;
  if (config === undefined || config === null) return { values: {}, secretKeys: [] };
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new PlanInputError(`${path}: config: got ${JSON.stringify(config)}; expected a map of project:key → value`);
  }
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!key.includes(":")) {
      throw new PlanInputError(`${path}: config.${key}: expected a namespaced key such as batch-platform:${key}`);
    }
    if (containsSecure(value)) secretKeys.push(key);
    const plain = replaceSecure(value, key);
    values[key] = typeof plain === "string" ? plain : JSON.stringify(plain);
  }
  return { values, secretKeys: secretKeys.sort() };
}
