import { isAbsolute, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { didYouMean } from "../../components/pipeline/spec-issues";
import { declaredPipelines, pipelineDeclarationProblems } from "../pipelines";
import { componentProblems } from "./component-checks";
import { describeIssues, expectedText, hint, showValue, type ProblemContext } from "./issues";
import { CONFIG_NAMESPACE, PROVIDER_NAMESPACES } from "./keys";
import { allowedKeysAt, configSchema, type ParsedConfig } from "./schema";
import { secretKeyProblems } from "./secret-keys";
import { variantProblems } from "./variant-rules";

/** The validated stack configuration every component receives its arguments from. */
export interface PlatformConfig extends Omit<ParsedConfig, "kubeconfig" | "protectData"> {
  readonly stack: string;
  /** `gcp:project`, the Google provider's own setting (gcp variant): the one project everything goes in. */
  readonly googleProject?: string;
  /** The kubeconfig as a Pulumi secret, when given. */
  readonly kubeconfig?: pulumi.Output<string>;
  readonly protectData: boolean;
}

/**
 * Thrown for an invalid configuration (or pipeline declaration): one line per problem, under a
 * header naming the stack file. A RunError, so `pulumi up` prints it without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
  constructor(
    readonly problems: readonly string[],
    readonly stackFile: string,
    readonly pipelineProblems: readonly string[] = [],
  ) {
    const section = (header: string, lines: readonly string[]) =>
      lines.length ? [`${header}:`, ...lines.map((p) => `  - ${p}`)] : [];
    super(
      [
        ...section(`invalid stack configuration in ${stackFile}`, problems),
        ...section("invalid pipeline declarations in pipelines/", pipelineProblems),
      ].join("\n"),
    );
    this.name = "ConfigError";
  }
}

export interface ParseOptions {
  /** Keys (`batch-platform:kubeconfig`) whose values were `secure:`: problem lines mask them. */
  readonly secretKeys?: readonly string[];
  /** The stack file the values came from. @default stacks/Pulumi.<stack>.yaml (the project's stackConfigDir) */
  readonly stackFile?: string;
}

/**
 * Stack config values arrive as strings (objects as JSON, as the Pulumi CLI passes them).
 * A value that parses as JSON is taken as such; anything else stays a string.
 */
function decodeValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function shownPath(file: string): string {
  const fromHere = relative(process.cwd(), file);
  return isAbsolute(file) && !fromHere.startsWith("..") ? fromHere : file;
}

/** Keys of other namespaces than the providers': a misspelt `batch-platfrom:` would otherwise be ignored. */
function namespaceProblems(raw: Readonly<Record<string, string>>, context: ProblemContext): string[] {
  const known = [CONFIG_NAMESPACE, ...PROVIDER_NAMESPACES];
  return Object.keys(raw)
    .filter((key) => !known.includes(key.split(":")[0]))
    .sort()
    .map((key) => {
      const namespace = key.split(":")[0];
      const suggestion = didYouMean(namespace, known);
      const value = context.secretKeys.has(key) ? "[secret]" : showValue(raw[key]);
      const allowed = `${CONFIG_NAMESPACE}:<key> or a provider's key (${PROVIDER_NAMESPACES.join(", ")})`;
      return `${key}: unknown namespace (got ${value}); ${hint(suggestion, ":")}expected ${allowed}`;
    });
}

/**
 * Parses and validates the raw `project:key → value` map; pure, so tests call it directly.
 * Throws a {@link ConfigError} listing every problem, and every problem of the pipeline declarations.
 */
export function parseConfig(
  raw: Readonly<Record<string, string>>,
  stack: string,
  options: ParseOptions = {},
): PlatformConfig {
  const stackFile = shownPath(options.stackFile ?? `stacks/Pulumi.${stack}.yaml`);
  const prefix = `${CONFIG_NAMESPACE}:`;
  const given = new Set<string>();
  for (const key of options.secretKeys ?? []) if (key.startsWith(prefix)) given.add(key.slice(prefix.length));
  // The kubeconfig is a credential even when the stack file holds it in plain text.
  const secretKeys = new Set(["kubeconfig", ...given]);
  const context: ProblemContext = { secretKeys };
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith(prefix)) continue; // provider settings such as gcp:project
    const name = key.slice(prefix.length);
    input[name] = name === "kubeconfig" ? value : decodeValue(value);
  }
  const fail = (problems: readonly string[]) => new ConfigError(problems, stackFile, pipelineDeclarationProblems);
  // Secrets first and alone: no later check may print a value that came from a secure key.
  const secretProblems = secretKeyProblems(Object.keys(input), given);
  if (secretProblems.length > 0) throw fail(secretProblems);
  const result = configSchema.safeParse(input, { error: expectedText });
  const unknownNamespaces = namespaceProblems(raw, { secretKeys: new Set(options.secretKeys ?? []) });
  if (!result.success)
    throw fail([...unknownNamespaces, ...describeIssues(result.error.issues, input, context, allowedKeysAt)]);
  const config = result.data;
  const problems = [
    ...unknownNamespaces,
    ...variantProblems(
      config,
      input,
      context,
      declaredPipelines.map((p) => p.name),
    ),
  ];
  const googleProject = raw["gcp:project"];
  if (
    config.variant === "gcp" &&
    (googleProject === undefined || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(googleProject))
  ) {
    const expected = "the id of the project to deploy into, e.g. acme-data-prod";
    problems.push(`gcp:project: got ${showValue(googleProject)}; expected ${expected}`);
  }
  // The components' own checks, on what the variant derives: only once the keys themselves are fine.
  if (problems.length === 0) problems.push(...componentProblems(config));
  if (problems.length > 0 || pipelineDeclarationProblems.length > 0) throw fail(problems);
  const { kubeconfig, protectData, ...rest } = config;
  return {
    ...rest,
    stack,
    ...(googleProject !== undefined ? { googleProject } : {}),
    // Always a secret, whether or not the stack file encrypted it.
    kubeconfig: kubeconfig === undefined ? undefined : pulumi.secret(kubeconfig),
    protectData: protectData ?? config.environment === "prod",
  };
}

/** `PULUMI_CONFIG_SECRET_KEYS` as the runtime holds it (the CLI, or the plan's `setAllConfig`). */
function runtimeSecretKeys(keys: readonly string[]): string[] {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  if (typeof runtime.isConfigSecret === "function") return keys.filter((key) => runtime.isConfigSecret?.(key));
  const fromEnv: unknown = decodeValue(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]");
  return Array.isArray(fromEnv) ? fromEnv.filter((key): key is string => typeof key === "string") : [];
}

/** Reads the running stack's configuration once; components get typed args from it. */
export function loadConfig(): PlatformConfig {
  const raw = pulumi.runtime.allConfig();
  return parseConfig(raw, pulumi.getStack(), { secretKeys: runtimeSecretKeys(Object.keys(raw)) });
}
