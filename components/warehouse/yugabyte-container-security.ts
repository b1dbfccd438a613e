import type * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_CONTAINER } from "../k8s/restricted-container";
import { editRenderedContainers, isPlainObject, type PlainObject } from "../k8s/rendered-containers";

/**
 * The restricted container settings YugabyteDB's containers can take: everything but a read-only
 * root file system (the servers' start scripts write outside their volumes). They already run as
 * uid 10001 from the pod context; these add what the restricted Pod Security Standard asks of each
 * container, which no value of the chart reaches.
 */
const { readOnlyRootFilesystem: _writable, ...YUGABYTE_CONTAINER } = RESTRICTED_CONTAINER;
export const YUGABYTE_CONTAINER_SECURITY: PlainObject = YUGABYTE_CONTAINER;

function restricted(container: PlainObject): PlainObject | undefined {
  const current = isPlainObject(container.securityContext) ? container.securityContext : {};
  const merged = { ...current, ...YUGABYTE_CONTAINER_SECURITY };
  return JSON.stringify(merged) === JSON.stringify(current) ? undefined : { ...container, securityContext: merged };
}

/** The StatefulSet (or Job) with the restricted settings on every container and init container. */
export function withRestrictedYugabyteContainers(workload: PlainObject): PlainObject | undefined {
  return editRenderedContainers(workload, ["initContainers", "containers"], restricted);
}

const WORKLOADS = new Set(["kubernetes:apps/v1:StatefulSet", "kubernetes:batch/v1:Job"]);

/**
 * A Pulumi transform for the yugabyte chart (2025.2.5 renders a container `securityContext`
 * nowhere: masters, tservers, the log cleanup, the cert-manager init container; its credentials
 * Job is a Helm hook, which Chart v4 never renders, and the platform sets no credentials for it).
 * The engine runs it on every object the chart renders, Chart v4 being a packaged component.
 */
export const yugabyteRestrictedContainers: pulumi.ResourceTransform = (args) => {
  if (!WORKLOADS.has(args.type)) return undefined;
  const props = withRestrictedYugabyteContainers(args.props);
  return props ? { props, opts: args.opts } : undefined;
};
