import * as pulumi from "@pulumi/pulumi";
import { SECRET_MASK, UNKNOWN_VALUE, type PlanResource, type PlanValue } from "./document";

/** The SDK's wire markers: secrets, unknowns, resource references, assets. */
const {
  specialSigKey: SIG_KEY,
  specialSecretSig: SECRET_SIG,
  specialResourceSig: RESOURCE_SIG,
  specialAssetSig: ASSET_SIG,
  specialArchiveSig: ARCHIVE_SIG,
  unknownValue: UNKNOWN_SENTINEL,
} = pulumi.runtime;

/** The parts of a RegisterResourceRequest the plan reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): unknown;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }) => void): void };
  getAliasesList(): AliasMessage[];
}

/** An alias as the SDK sends it: a URN, or a spec relative to the resource. */
interface AliasMessage {
  hasUrn(): boolean;
  getUrn(): string;
  getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type of a URN (`parentType$type`). */
function qualifiedType(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/** Resolves alias specs to URNs the way the engine does (the resource's own aliases only). */
export function aliasUrns(request: Pick<RegisterRequest, "getAliasesList" | "getName" | "getType" | "getParent">, urn: string): string[] {
  const [, stackPart, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn) ?? [];
  return request.getAliasesList().map((alias) => {
    if (alias.hasUrn()) return alias.getUrn();
    const spec = alias.getSpec();
    const name = spec?.getName() || request.getName();
    const type = spec?.getType() || request.getType();
    const parent = spec?.getNoparent() ? "" : spec?.getParenturn() || request.getParent();
    // Under mocks a top-level resource's parent is the root stack, whose type its URN carries.
    const parentType = parent ? qualifiedType(parent).split("$").pop() : ROOT_STACK_TYPE;
    const stack = spec?.getStack() || stackPart;
    return `urn:pulumi:${stack}::${spec?.getProject() || project}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
  });
}

interface RegisterResponse {
  getUrn(): string;
}

type Callback = (error: Error | null, response?: RegisterResponse) => void;

interface MonitorLike {
  registerResource(request: RegisterRequest, callback: Callback): void;
  /** The mock monitor's mocks: it decodes each request's inputs for `newResource`. */
  mocks?: pulumi.runtime.Mocks;
}

/** Turns a deserialized wire value into plan JSON: secrets masked, unknowns marked. */
export function toPlanValue(value: unknown): PlanValue {
  if (value === undefined || value === null) return null;
  if (value === UNKNOWN_SENTINEL) return UNKNOWN_VALUE;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(toPlanValue);
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    switch (record[SIG_KEY]) {
      case SECRET_SIG:
        return SECRET_MASK;
      case RESOURCE_SIG:
        return { resourceUrn: String(record.urn) };
      case ASSET_SIG:
      case ARCHIVE_SIG:
        return { asset: typeof record.path === "string" ? record.path : "[inline]" };
    }
    const out: { [key: string]: PlanValue } = {};
    for (const [key, inner] of Object.entries(record)) {
      if (inner !== undefined) out[key] = toPlanValue(inner);
    }
    return out;
  }
  return String(value);
}

function providerUrn(reference: string): string | null {
  // A provider reference is `<urn>::<id>`; URNs themselves contain `::`.
  if (!reference) return null;
  const cut = reference.lastIndexOf("::");
  return cut > 0 ? reference.slice(0, cut) : reference;
}

/** The SDK's wait for its outstanding RPCs (internal to `@pulumi/pulumi`, so not in its typings). */
function sdkRpcsDone(): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (typeof runtime.waitForRPCs !== "function") throw new Error("@pulumi/pulumi no longer has runtime.waitForRPCs");
  return runtime.waitForRPCs();
}

/**
 * Records every registration the program makes, with its options, by wrapping the mock monitor:
 * the request carries protect, retainOnDelete, parent, provider and dependencies, which the
 * mocks' `newResource` alone does not see (pulumi/pulumi#14421).
 */
export class RegistrationCapture {
  private readonly resources: PlanResource[] = [];
  private pending = 0;
  /** Inputs the mock monitor already decoded, by request: decoding them again cost a second pass. */
  private readonly decoded = new WeakMap<RegisterRequest, unknown>();
  /** The names of the transforms a request declared (the mock monitor hands over the functions). */
  private readonly transforms = new WeakMap<RegisterRequest, string[]>();

  constructor() {
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike | undefined;
    if (!monitor) throw new Error("RegistrationCapture needs pulumi.runtime.setMocks first");
    const register = monitor.registerResource.bind(monitor);
    // The monitor decodes a request's inputs and calls `newResource` synchronously, before its first
    // await: the request being registered is the one those inputs belong to.
    let registering: RegisterRequest | undefined;
    const mocks = monitor.mocks;
    if (mocks) {
      const wrapped = Object.create(mocks) as pulumi.runtime.Mocks;
      wrapped.newResource = (args) => {
        if (registering) {
          this.decoded.set(registering, args.inputs);
          const names = (args.transforms ?? []).map((transform) => transform.name || "(anonymous)");
          if (names.length > 0) this.transforms.set(registering, names);
        }
        return mocks.newResource.call(mocks, args);
      };
      monitor.mocks = wrapped;
    }
    monitor.registerResource = (request, callback) => {
      this.pending++;
      registering = request;
      register(request, (error, response) => {
        this.pending--;
        if (!error && response) this.resources.push(this.describe(request, response.getUrn()));
        callback(error, response);
      });
      registering = undefined;
    };
  }

  private describe(request: RegisterRequest, urn: string): PlanResource {
    const decoded = this.decoded.get(request) ?? pulumi.runtime.deserializeProperties(request.getObject() as never);
    const inputs = toPlanValue(decoded) as { [key: string]: PlanValue };
    const inputDependencies = new Set<string>();
    request.getPropertydependenciesMap().forEach((deps) => deps.getUrnsList().forEach((dep) => inputDependencies.add(dep)));
    const dependsOn = [...new Set(request.getDependenciesList())].filter((dep) => !inputDependencies.has(dep)).sort();
    const aliases = aliasUrns(request, urn).sort();
    const transforms = this.transforms.get(request) ?? [];
    return {
      urn,
      type: request.getType(),
      name: request.getName(),
      parent: request.getParent() || null,
      custom: request.getCustom(),
      inputs,
      options: {
        protect: request.getProtect() ?? false,
        retainOnDelete: request.getRetainondelete() ?? false,
        dependsOn,
        provider: providerUrn(request.getProvider()),
        ...(aliases.length > 0 ? { aliases } : {}),
        ...(transforms.length > 0 ? { transforms } : {}),
      },
    };
  }

  /**
   * Resolves once no registration is in flight and the event loop has settled. The SDK's own queue
   * comes first: a resource with transforms reaches the monitor only after the SDK's callback server
   * answers on loopback, real I/O that no number of quiet turns waits for.
   */
  async settled(): Promise<void> {
    await sdkRpcsDone();
    for (let quietTurns = 0; quietTurns < 3; ) {
      await new Promise((resolve) => setImmediate(resolve));
      quietTurns = this.pending === 0 ? quietTurns + 1 : 0;
    }
  }

  /** Every registered resource, sorted by URN. */
  captured(): PlanResource[] {
    return [...this.resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  }
}

interface OutputInternals {
  readonly isKnown: Promise<boolean>;
  readonly isSecret: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

/** Resolves a program's return value (Outputs, promises, plain values) to plan JSON, masking secrets. */
export async function resolveOutputs(value: unknown): Promise<PlanValue> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as OutputInternals;
    const [known, secret] = await Promise.all([output.isKnown, output.isSecret]);
    if (secret) return SECRET_MASK;
    if (!known) return UNKNOWN_VALUE;
    return resolveOutputs(await output.promise());
  }
  if (value instanceof Promise) return resolveOutputs(await value);
  if (pulumi.Resource.isInstance(value)) return { resourceUrn: await resolveOutputs(value.urn) };
  if (Array.isArray(value)) return Promise.all(value.map(resolveOutputs));
  if (value !== null && typeof value === "object") {
    const entries = await Promise.all(Object.entries(value).filter(([, v]) => v !== undefined).map(async ([k, v]) => [k, await resolveOutputs(v)] as const));
    return Object.fromEntries(entries);
  }
  return toPlanValue(value);
}
