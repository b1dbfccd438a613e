import type * as pulumi from "@pulumi/pulumi";

/**
 * Resource options for data-bearing resources: when protected, Pulumi refuses to delete them and
 * a removal from the program leaves the data in place.
 */
export function dataProtection(protect: boolean): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
  return protect ? { protect: true, retainOnDelete: true } : {};
}
