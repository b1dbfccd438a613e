import * as pulumi from "@pulumi/pulumi";

/**
 * The SDK's debugging aids, which a plan under mocks never reads:
 * - its leak detector wraps each of its promises (several per resource): three property
 *   definitions, a stack trace, a set entry and two more promises (~2 s at 1,000 pipelines);
 * - each resource records its source position: a full stack trace, formatted, parsed frame by
 *   frame and sent with the registration (~1 s at 1,000 pipelines).
 * Both are looked up at every call (`debuggable_1.debuggablePromise`, `Resource.callsites`), so
 * replacing them is enough: promises are handed back as they are, and no source position is sent.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>) => Promise<T> };

export function turnOffSdkDebugAids(): void {
  debuggable.debuggablePromise = <T>(promise: Promise<T>): Promise<T> => promise;
  (pulumi.Resource as unknown as { callsites: () => object[] }).callsites = () => [];
}
