import * as proxyModule from "@pulumi/policy/proxy";
import { UNKNOWN_MARKER, type Props } from "../model/values";

/**
 * `@pulumi/policy`'s unknown handling, used offline exactly as a real preview uses it: unknown inputs
 * become the SDK's sentinels, props go behind `unknownCheckingProxy`, and a rule that reads an unknown
 * throws `UnknownValueError`, which the runner turns into the advisory "can't run during preview".
 * The module is loaded directly (not via `@pulumi/policy`'s index, which pulls in gRPC, ~1 s).
 */
interface ProxyInternals {
  unknownCheckingProxy<T extends object>(value: T): T;
  readonly UnknownValueError: new (...args: never[]) => Error;
  readonly getSpecialProxyTarget: string;
  readonly unknownBooleanValue: string;
  readonly unknownNumberValue: string;
  readonly unknownStringValue: string;
  readonly unknownArrayValue: string;
  readonly unknownAssetValue: string;
  readonly unknownArchiveValue: string;
  readonly unknownObjectValue: string;
}

const internals = proxyModule as unknown as ProxyInternals;

/** The sentinels the SDK uses for unknown values of each type. */
const SENTINELS = new Set([
  internals.unknownBooleanValue,
  internals.unknownNumberValue,
  internals.unknownStringValue,
  internals.unknownArrayValue,
  internals.unknownAssetValue,
  internals.unknownArchiveValue,
  internals.unknownObjectValue,
]);

export const unknownCheckingProxy = internals.unknownCheckingProxy;
export const UnknownValueError = internals.UnknownValueError;

function mapDeep(value: unknown, leaf: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapDeep(item, leaf));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapDeep(inner, leaf)]));
  }
  return leaf(value);
}

/**
 * Plan props as a preview hands them to policies: `[unknown]` becomes the SDK's unknown sentinel
 * (the plan does not record the type, so the string sentinel stands for all) behind the proxy.
 */
export function asPreviewProps(props: Props): Props {
  const withSentinels = mapDeep(props, (v) => (v === UNKNOWN_MARKER ? internals.unknownStringValue : v)) as Record<string, unknown>;
  return unknownCheckingProxy(withSentinels);
}

/** Proxied preview props back to plain plan-style JSON (sentinels → `[unknown]`), for the estimator. */
export function fromPreviewProps(props: Props): Props {
  const target = (props as Record<string, unknown>)[internals.getSpecialProxyTarget];
  const raw = typeof target === "object" && target !== null ? target : props;
  return mapDeep(raw, (v) => (typeof v === "string" && SENTINELS.has(v) ? UNKNOWN_MARKER : v)) as Props;
}

export function isUnknownValueError(error: unknown): error is Error {
  return error instanceof UnknownValueError;
}
