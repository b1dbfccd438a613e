/** Thrown when a component argument is invalid; names the property path, the value and the fix. */
export class ArgumentError extends Error {
  constructor(component: string, problems: readonly string[]) {
    super(`${component}: invalid arguments:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ArgumentError";
  }
}

/** Throws an {@link ArgumentError} when any problem was found. */
export function assertNoProblems(component: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new ArgumentError(component, problems);
}
