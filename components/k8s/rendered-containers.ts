/**
 * Editing the containers of workloads a chart renders, for Pulumi transforms: the engine hands a
 * transform the rendered manifest as plain data, and a transform returns a changed copy (never
 * mutating its input) or nothing when there is nothing to change.
 */

export type PlainObject = Readonly<Record<string, unknown>>;

export const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The lists of a pod spec that hold containers. */
export type ContainerList = "containers" | "initContainers";

/**
 * A copy of the workload (`spec.template.spec`: Deployment, StatefulSet, Job) with each container
 * that `edit` returns a replacement for replaced, or undefined when `edit` replaces none.
 */
export function editRenderedContainers(
  workload: PlainObject,
  lists: readonly ContainerList[],
  edit: (container: PlainObject) => PlainObject | undefined,
): PlainObject | undefined {
  const spec = workload.spec;
  if (!isPlainObject(spec) || !isPlainObject(spec.template) || !isPlainObject(spec.template.spec)) return undefined;
  const pod = spec.template.spec;
  let changed = false;
  const edited: Record<string, unknown> = {};
  for (const list of lists) {
    const containers = pod[list];
    if (!Array.isArray(containers)) continue;
    edited[list] = containers.map((container: unknown) => {
      const replacement = isPlainObject(container) ? edit(container) : undefined;
      if (replacement === undefined) return container;
      changed = true;
      return replacement;
    });
  }
  if (!changed) return undefined;
  return { ...workload, spec: { ...spec, template: { ...spec.template, spec: { ...pod, ...edited } } } };
}
