import * as pulumi from "@pulumi/pulumi";

/**
 * Thrown when a component argument is invalid; names the property path, the value and the fix.
 * A RunError, so `pulumi up` prints the message without a stack trace.
 */
export class ArgumentError extends pulumi.RunError {
  constructor(component: string, readonly problems: readonly string[]) {
    super(`${component}: invalid arguments:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ArgumentError";
  }
}

/** Throws an {@link ArgumentError} when any problem was found. */
export function assertNoProblems(component: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new ArgumentError(component, problems);
}
