/**
 * The SDK wraps each of its promises (several per resource) for its leak detector: three property
 * definitions, a stack trace, a set entry and two more promises. The leak report only helps a
 * program that hangs a real deployment; a plan runs under mocks, where it cost ~2 s at 1,000
 * pipelines. In the plan's process the wrapper hands the promise back as it is. `debuggablePromise`
 * is looked up on the module at every call, so replacing the export is enough.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>) => Promise<T> };

export function usePlainSdkPromises(): void {
  debuggable.debuggablePromise = <T>(promise: Promise<T>): Promise<T> => promise;
}
