import type * as pulumi from "@pulumi/pulumi";

/** What the engine hands a resource transform for one object a chart renders. */
export function transformArgs(
  type: string,
  props: pulumi.Inputs,
  opts: pulumi.CustomResourceOptions = {},
): pulumi.ResourceTransformArgs {
  return { type, name: "chart:rendered-object", custom: true, props, opts };
}
