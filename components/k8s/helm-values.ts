import type * as pulumi from "@pulumi/pulumi";

/**
 * Typed chart values as a Helm resource's `values` input. The project's values are interfaces (a
 * misspelt key is a compile error); interfaces carry no index signature, hence this one conversion.
 */
export function helmValues<T extends object>(values: T): Record<string, pulumi.Input<unknown>> {
  return values as unknown as Record<string, pulumi.Input<unknown>>;
}
