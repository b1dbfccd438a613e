import Module from "node:module";

/**
 * `@pulumi/pulumi` loads TypeScript (~9 MB of JS) and npm's Arborist at import time for function
 * serialization and code-path discovery — features a plan never uses, which cost ~0.5 s per
 * process. This loads them on first use instead. Only those two requests, only from the SDK.
 */
const DEFERRED = new Set(["typescript", "@npmcli/arborist"]);

type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;

loader._load = function deferredLoad(request, parent, isMain) {
  if (!DEFERRED.has(request) || !parent?.filename?.includes("@pulumi/pulumi")) return load(request, parent, isMain);
  let real: object | undefined;
  const target = () => (real ??= load(request, parent, isMain) as object);
  return new Proxy({}, {
    // The SDK's compiled `import * as ts` asks for `__esModule` first; answering keeps it lazy.
    // Claiming `__esModule` means `__importDefault` reads `.default`: hand it the module itself then.
    get: (_, key) => {
      if (key === "__esModule") return true;
      const module = target() as { __esModule?: boolean };
      return key === "default" && !module.__esModule ? module : Reflect.get(module, key);
    },
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      // Loaders probe every module's exports for interop markers (tsx: "module.exports").
      if (key === "__esModule") return { value: true, configurable: true, enumerable: false, writable: false };
      if (key === "module.exports" && real === undefined) return undefined;
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
};
