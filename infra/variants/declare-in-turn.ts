/**
 * Declares one item after another, letting the event loop turn between them, so the registrations
 * of one item finish before the next begins. Declared all at once, a thousand pipelines keep every
 * registration in flight together (inputs, their serialized forms, promises): the live heap grows
 * past a GiB and garbage collection takes most of the time. The order of the results is the
 * order of `items`; what is declared is the same.
 */
export async function declareInTurn<T, R>(items: readonly T[], declare: (item: T) => R): Promise<R[]> {
  const declared: R[] = [];
  for (const item of items) {
    declared.push(declare(item));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return declared;
}
