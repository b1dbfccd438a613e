import * as pulumi from "@pulumi/pulumi";

/**
 * Aliases for gcp stacks deployed before one `BatchPipeline` served every variant: the pipeline was a
 * `GcpBatchPipeline` named `pipeline-<name>` whose DAG ConfigGroup was `pipeline-<name>-dag`. Its
 * children (the tables) follow the component's alias by name; the ConfigGroup, renamed, gets its own.
 * Without them `pulumi up` would delete and recreate the tables (protected in prod) and the DAG.
 */
export function movedFromGcpBatchPipeline(pipeline: string): pulumi.ComponentResourceOptions {
  const oldName = `pipeline-${pipeline}`;
  const oldParent = pulumi.createUrn(oldName, "batch-platform:pipeline:GcpBatchPipeline");
  return {
    aliases: [{ name: oldName, type: "batch-platform:pipeline:GcpBatchPipeline" }],
    transformations: [
      (resource) =>
        resource.type === "kubernetes:yaml/v2:ConfigGroup" && resource.name === `${pipeline}-manifests`
          ? {
              props: resource.props,
              opts: pulumi.mergeOptions(resource.opts, { aliases: [{ name: `${oldName}-dag`, parent: oldParent }] }),
            }
          : undefined,
    ],
  };
}
