import { readFileSync } from "node:fs";
import { join } from "node:path";
import { schemaProblems } from "./json-schema";
import { ALL_RULES } from "../rules/packs";
import type { AnyRule, Enforcement } from "../rules/rule";
import type { MonthlyBudgetConfig } from "../rules/monthly-budget";
import type { UsageAssumptions } from "../pricing/usage";

/** The directory of the per-environment config files (`<env>.json`), also passed to `--policy-pack-config`. */
export const POLICY_CONFIG_DIR = join(__dirname, "..", "config");

const ENFORCEMENTS = new Set(["advisory", "mandatory", "remediate", "disabled"]);

/** One policy's effective settings in one environment. */
export interface PolicySettings {
  readonly enforcement: Enforcement;
  /** The rule's defaults overlaid with the file's properties (shallow, as the Pulumi CLI does). */
  readonly config: object;
}

export interface EnvironmentPolicyConfig {
  readonly environment: string;
  readonly file: string;
  readonly settings: ReadonlyMap<string, PolicySettings>;
  /** The usage assumptions of the cost estimate (`monthly-budget.usage`). */
  readonly usage: UsageAssumptions;
}

export class PolicyConfigError extends Error {
  constructor(file: string, problems: readonly string[]) {
    super(`invalid policy config ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PolicyConfigError";
  }
}

function asEnforcement(value: string): Enforcement {
  // Rules only report, so `remediate` behaves as the CLI runs it without a remediation: mandatory.
  return value === "remediate" ? "mandatory" : (value as Enforcement);
}

/**
 * Reads a config file's JSON the way the Pulumi CLI does (`"policy": "advisory"` or
 * `"policy": {"enforcementLevel": …, …properties}`, `"all"` for every policy), and validates the
 * properties against each rule's schema. Stricter than the CLI: unknown policy names are errors, since
 * the one file serves both packs and a typo would silently do nothing.
 */
export function parsePolicyConfig(json: unknown, file: string, environment: string, rules: readonly AnyRule[] = ALL_RULES): EnvironmentPolicyConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new PolicyConfigError(file, ["expected a JSON object keyed by policy name"]);
  const entries = json as Record<string, unknown>;
  const problems: string[] = [];
  const byName = new Map(rules.map((rule) => [rule.name, rule]));
  const levels = new Map<string, string>();
  const properties = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(entries)) {
    if (name !== "all" && !byName.has(name)) {
      problems.push(`${name}: no such policy; known: ${[...byName.keys()].sort().join(", ")}`);
      continue;
    }
    if (typeof value === "string") {
      levels.set(name, value);
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel, ...rest } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined) levels.set(name, String(enforcementLevel));
      properties.set(name, rest);
    } else {
      problems.push(`${name}: got ${JSON.stringify(value)}; expected an enforcement level or an object`);
    }
  }
  for (const [name, level] of levels) {
    if (!ENFORCEMENTS.has(level)) problems.push(`${name}.enforcementLevel: got ${JSON.stringify(level)}; expected advisory, mandatory, remediate or disabled`);
  }
  const settings = new Map<string, PolicySettings>();
  for (const rule of rules) {
    const given = properties.get(rule.name) ?? {};
    problems.push(...schemaProblems(given, { type: "object", properties: rule.configSchema.properties, additionalProperties: false }, rule.name));
    const config = { ...rule.defaults, ...given };
    for (const key of rule.configSchema.required ?? []) {
      if (!(key in config)) problems.push(`${rule.name}.${key}: required`);
    }
    const level = levels.get(rule.name) ?? levels.get("all") ?? rule.enforcementLevel;
    settings.set(rule.name, { enforcement: asEnforcement(level), config });
  }
  if (problems.length > 0) throw new PolicyConfigError(file, problems);
  const budget = settings.get("monthly-budget")?.config as MonthlyBudgetConfig | undefined;
  return { environment, file, settings, usage: budget?.usage ?? {} };
}

const cache = new Map<string, EnvironmentPolicyConfig>();

/** The config of an environment, from `policies/config/<environment>.json` (read once per process). */
export function loadPolicyConfig(environment: string): EnvironmentPolicyConfig {
  const cached = cache.get(environment);
  if (cached) return cached;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(environment)) throw new PolicyConfigError(environment, [`environment ${JSON.stringify(environment)} is not a config file name`]);
  const file = join(POLICY_CONFIG_DIR, `${environment}.json`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new PolicyConfigError(file, [`no policy config for environment ${environment}; expected policies/config/${environment}.json`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  const parsed = parsePolicyConfig(json, file, environment);
  cache.set(environment, parsed);
  return parsed;
}
