import type * as pulumi from "@pulumi/pulumi";

/** What every variant's stack exports; later roles add their endpoints. */
export interface StackOutputs {
  /** `{landing, processing, curated}` → the URI engines address each zone by. */
  readonly lakeZones: pulumi.Output<{ landing: string; processing: string; curated: string }>;
  readonly [key: string]: pulumi.Input<unknown>;
}
