import * as pulumi from "@pulumi/pulumi";
import { RegistrationCapture, resolveOutputs } from "./capture";
import { compareFindings, type PlanDocument, type PlanResource, type PlanValue } from "./document";
import { ConfigError, parseConfig, type ParseOptions } from "../config";
import { program as platformProgram } from "../program";
import { CUSTOM_RESOURCE_VALIDATORS } from "./custom-resources";
import { planMocks } from "./mocks";
import { readStackConfig, stackFilePath } from "./stack-file";
import { turnOffSdkDebugAids } from "./sdk-debug-aids";
import { withoutStackTraces } from "./stack-traces";
import { validateKubernetesObjects, type CustomResourceValidator } from "./validate-kubernetes";

export const PROJECT = "batch-platform";

/** The configuration is invalid: the plan exits 2 with these lines, and nothing was registered. */
export class PlanConfigError extends Error {
  constructor(readonly stackName: string, message: string, readonly registered: readonly PlanResource[]) {
    super(message);
    this.name = "PlanConfigError";
  }
}

export interface PlanStackOptions {
  /** Folder of the `Pulumi.<stack>.yaml` files. */
  readonly stacksDir: string;
  /** The program to run; defaults to the project's own (`infra/program.ts`). */
  readonly program?: () => Promise<object>;
  /** The program's project name (its config namespace). @default "batch-platform" */
  readonly project?: string;
  /** Check the stack's config before anything runs (throws `ConfigError`). @default the platform's `parseConfig` when `program` is not given */
  readonly validateConfig?: (values: Readonly<Record<string, string>>, stack: string, options: ParseOptions) => void;
  /** Validators for custom resources by `apiVersion/kind`. @default the project's (CUSTOM_RESOURCE_VALIDATORS) */
  readonly customResources?: Readonly<Record<string, CustomResourceValidator>>;
}

function stringInput(config: Record<string, string>, project: string, key: string): string {
  return config[`${project}:${key}`] ?? "";
}

/**
 * Plans one stack in this process: the real program under Pulumi's mocks (preview mode), with
 * every registration captured. The Pulumi runtime is global state, so one stack per process.
 */
export async function planStack(stack: string, options: PlanStackOptions): Promise<PlanDocument> {
  const { values, secretKeys } = readStackConfig(options.stacksDir, stack);
  const project = options.project ?? PROJECT;
  // The program validates its config first too; checking here keeps the runtime out of it entirely.
  const validate = options.validateConfig ?? (options.program === undefined ? parseConfig : undefined);
  try {
    validate?.(values, stack, { secretKeys, stackFile: stackFilePath(options.stacksDir, stack) });
  } catch (error) {
    if (error instanceof ConfigError) throw new PlanConfigError(stack, error.message, []);
    throw error;
  }
  return withoutStackTraces(() => runProgram(stack, values, secretKeys, project, options));
}

async function runProgram(
  stack: string,
  values: Record<string, string>,
  secretKeys: string[],
  project: string,
  options: PlanStackOptions,
): Promise<PlanDocument> {
  turnOffSdkDebugAids();
  pulumi.runtime.setAllConfig(values, secretKeys);
  await pulumi.runtime.setMocks(planMocks, project, stack, true);
  const capture = new RegistrationCapture();
  const program = options.program ?? platformProgram;

  let exported: unknown;
  // The runtime also rejects the root stack's own promises with the program's error; that error
  // is reported below, so its unhandled echoes must not crash the process.
  const swallowRunErrors = (reason: unknown) => {
    if (!(reason instanceof pulumi.RunError)) throw reason;
  };
  process.on("unhandledRejection", swallowRunErrors);
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      exported = await program();
      return exported as pulumi.Inputs;
    });
  } catch (error) {
    await capture.settled();
    if (error instanceof pulumi.RunError) {
      throw new PlanConfigError(stack, error.message, capture.captured().filter((r) => r.type !== "pulumi:pulumi:Stack"));
    }
    throw error;
  } finally {
    setImmediate(() => process.off("unhandledRejection", swallowRunErrors));
  }
  const outputs = (await resolveOutputs(exported ?? {})) as { [key: string]: PlanValue };
  await capture.settled();
  const resources = capture.captured();
  const findings = await validateKubernetesObjects({ resources }, options.customResources ?? CUSTOM_RESOURCE_VALIDATORS);
  return {
    stack,
    variant: stringInput(values, project, "variant"),
    // A composed program without the platform's keys is judged by the dev policies and prices.
    environment: stringInput(values, project, "environment") || "dev",
    outputs,
    resources,
    findings: findings.sort(compareFindings),
  };
}
