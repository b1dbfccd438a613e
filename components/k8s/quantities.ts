import { z } from "zod";

/**
 * Kubernetes resource quantities: the one parser of the project, after the grammar the API server
 * documents (`<signedNumber><suffix>`, suffix binary `Ki…Ei`, decimal `n u m "" k M G T P E`, or an
 * exponent `e3`/`E-2`), so `0.5`, `.5Gi`, `5.`, `1e3` and `500m` read the way Kubernetes reads them.
 * Values are computed exactly (BigInt) and rounded up like the API server's `MilliValue`/`Value`.
 */

const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

const BINARY_SUFFIXES = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;
/** Decimal suffixes by power of ten; `""` is 10^0. */
const DECIMAL_POWERS: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/** How a quantity was written; a canonical form keeps the family (binary, or decimal). */
export type QuantityFormat = "binary" | "decimal";

/** A parsed quantity: the exact value as `numerator / denominator`, and the suffix family. */
export interface Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly format: QuantityFormat;
}

const TEN = BigInt(10);
const ONE_KI = BigInt(1024);

/** Parses a Kubernetes quantity; undefined when the text is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number, suffix = ""] = match;
  const [whole, fraction = ""] = number.split(".");
  let numerator = BigInt(`${whole || "0"}${fraction}` || "0") * (sign === "-" ? BigInt(-1) : BigInt(1));
  let denominator = TEN ** BigInt(fraction.length);
  const binary = (BINARY_SUFFIXES as readonly string[]).indexOf(suffix);
  let power = 0;
  if (binary >= 0) numerator *= ONE_KI ** BigInt(binary + 1);
  else if (/^[eE][+-]?[0-9]+$/.test(suffix)) power = Number(suffix.slice(1));
  else power = DECIMAL_POWERS[suffix];
  if (Math.abs(power) > 30) return undefined; // beyond what any resource amount needs
  if (power >= 0) numerator *= TEN ** BigInt(power);
  else denominator *= TEN ** BigInt(-power);
  return { numerator, denominator, format: binary >= 0 ? "binary" : "decimal" };
}

/** `ceil(numerator × scale / denominator)` for non-negative values, like Kubernetes rounds. */
function roundedUp(quantity: Quantity, scale: bigint): bigint {
  const scaled = quantity.numerator * scale;
  const quotient = scaled / quantity.denominator;
  return scaled % quantity.denominator > BigInt(0) ? quotient + BigInt(1) : quotient;
}

/** Millicores of a CPU quantity (`500m` → 500, `2` → 2000, `0.5` → 500), or undefined when it is not one. */
export function millicores(quantity: string): number | undefined {
  const parsed = parseQuantity(quantity);
  return parsed === undefined ? undefined : Number(roundedUp(parsed, BigInt(1000)));
}

/** Bytes of a memory or storage quantity (`512Mi`, `.5Gi`, `1e9`), or undefined when it is not one. */
export function bytes(quantity: string): number | undefined {
  const parsed = parseQuantity(quantity);
  return parsed === undefined ? undefined : Number(roundedUp(parsed, BigInt(1)));
}

/** Canonical CPU text: whole cores when they are whole (`2`), millicores otherwise (`500m`). */
export function canonicalCpu(quantity: string): string | undefined {
  const milli = millicores(quantity);
  if (milli === undefined) return undefined;
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/**
 * Canonical byte text in the family the value was written in: the largest binary suffix that keeps
 * the number whole (`1.5Gi` → `1536Mi`), or the largest decimal one (`1000M` → `1G`).
 */
export function canonicalBytes(quantity: string): string | undefined {
  const parsed = parseQuantity(quantity);
  if (parsed === undefined) return undefined;
  let value = roundedUp(parsed, BigInt(1));
  if (value === BigInt(0)) return "0";
  const [base, suffixes]: [bigint, readonly string[]] =
    parsed.format === "binary"
      ? [ONE_KI, ["", ...BINARY_SUFFIXES]]
      : [BigInt(1000), ["", "k", "M", "G", "T", "P", "E"]];
  let step = 0;
  while (step < suffixes.length - 1 && value % base === BigInt(0)) {
    value /= base;
    step += 1;
  }
  return `${value}${suffixes[step]}`;
}

const MIN_MEMORY = 2 ** 20;
const MAX_CPU_MILLICORES = 10_000 * 1000;
const MAX_BYTES = 2 ** 60;

/**
 * Numbers where a quantity is expected: `pulumi config set --path … 2` stores the number 2, which
 * means what the text "2" means. Other types are left for the string check to refuse.
 */
function numberAsText(value: unknown): unknown {
  return typeof value === "number" && Number.isFinite(value) ? String(value) : value;
}

/** A CPU quantity (at least 1m, at most 10000 cores), normalised to `2` or `500m`. */
export const cpuQuantitySchema = z.preprocess(
  numberAsText,
  z
    .string({ error: "a CPU quantity like 500m or 2" })
    .superRefine((text, ctx) => {
      const parsed = parseQuantity(text);
      if (parsed === undefined) ctx.addIssue({ code: "custom", message: "a CPU quantity like 500m, 0.5 or 2" });
      else if (parsed.format === "binary")
        ctx.addIssue({ code: "custom", message: "a CPU quantity like 500m or 2 (Ki, Mi, Gi … are for memory)" });
      else {
        const milli = millicores(text) ?? 0;
        if (milli < 1 || milli > MAX_CPU_MILLICORES)
          ctx.addIssue({ code: "custom", message: "a CPU quantity from 1m to 10000" });
      }
    })
    .transform((text) => canonicalCpu(text) ?? text),
);

/**
 * A memory or storage quantity of at least 1Mi, normalised (`1.5Gi` → `1536Mi`). A plain number is
 * bytes to Kubernetes and `m` is milli, so `512m` or `4` would be a typo for `512Mi` or `4Gi`.
 */
export const byteQuantitySchema = z
  .string({ error: "a quantity with a unit like 512Mi or 4Gi" })
  .superRefine((text, ctx) => {
    const parsed = parseQuantity(text);
    const value = bytes(text);
    if (parsed === undefined || value === undefined)
      ctx.addIssue({ code: "custom", message: "a quantity like 512Mi, 4Gi or 1.5Ti" });
    else if (/[0-9.]m$/.test(text))
      ctx.addIssue({
        code: "custom",
        message: `a quantity like ${text.slice(0, -1)}Mi (m means milli: ${text} is a fraction of a byte)`,
      });
    else if (value < MIN_MEMORY)
      ctx.addIssue({
        code: "custom",
        message: "at least 1Mi, with a unit like 512Mi or 4Gi (a plain number is bytes)",
      });
    else if (value > MAX_BYTES) ctx.addIssue({ code: "custom", message: "at most 1Ei" });
  })
  .transform((text) => canonicalBytes(text) ?? text);
