/**
 * The real preview's job matrix: one entry per stack file found in stacks/ (not a fixed list),
 * each with every policy pack found in policies/ (a folder with a PulumiPolicy.yaml) and, per
 * pack, the stack's environment config `policies/config/<env>.json` — as pulumi/actions takes them
 * (`policyPacks` and `policyPackConfigs`, one per line, in the same order).
 * Run: node --import tsx infra/diff/preview-matrix.ts [repo root] → {"include": [...]} on stdout.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { listStacks, readStackConfig } from "../plan/stack-file";

export interface PreviewJob {
  readonly stack: string;
  readonly variant: string;
  readonly environment: string;
  /** Pack folders, one per line. */
  readonly policyPacks: string;
  /** The config of each pack, one per line, in the same order. */
  readonly policyPackConfigs: string;
}

/** Pack folders under policies/, sorted. */
export function policyPacks(root: string): string[] {
  const dir = join(root, "policies");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "PulumiPolicy.yaml")))
    .map((entry) => `policies/${entry.name}`)
    .sort();
}

/** Throws with the stack file and key when a stack names no variant or environment, or its config file is missing. */
export function previewMatrix(root: string): { readonly include: readonly PreviewJob[] } {
  const packs = policyPacks(root);
  if (packs.length === 0) throw new Error(`no policy packs (policies/*/PulumiPolicy.yaml) under ${root}`);
  const stacksDir = join(root, "stacks");
  const include = listStacks(stacksDir).map((stack): PreviewJob => {
    const { values } = readStackConfig(stacksDir, stack);
    const file = `stacks/Pulumi.${stack}.yaml`;
    const variant = values["batch-platform:variant"];
    const environment = values["batch-platform:environment"];
    if (!variant) throw new Error(`${file}: config.batch-platform:variant is missing; expected oss, azure or gcp`);
    if (!environment)
      throw new Error(`${file}: config.batch-platform:environment is missing; expected dev, staging or prod`);
    const config = `policies/config/${environment}.json`;
    if (!existsSync(join(root, config)))
      throw new Error(
        `${file}: config.batch-platform:environment is ${JSON.stringify(environment)}, but ${config} does not exist`,
      );
    return {
      stack,
      variant,
      environment,
      policyPacks: packs.join("\n"),
      policyPackConfigs: packs.map(() => config).join("\n"),
    };
  });
  return { include };
}

if (typeof require !== "undefined" && require.main === module) {
  try {
    process.stdout.write(`${JSON.stringify(previewMatrix(resolve(process.argv[2] ?? process.cwd())))}\n`);
  } catch (error) {
    process.stderr.write(`preview-matrix: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
