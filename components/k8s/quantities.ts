/**
 * Kubernetes resource quantities as numbers, for checks between requests, limits and quotas.
 * Only the forms this project writes are accepted: CPU as cores (`2`, `0.5`) or millicores (`500m`),
 * memory and storage with a binary or decimal suffix (`512Mi`, `4Gi`, `1Ti`, `500M`).
 */

const CPU = /^([0-9]+(?:\.[0-9]+)?)(m?)$/;
const BYTES = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;
const FACTORS: Readonly<Record<string, number>> = {
  "": 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
};

/** Millicores of a CPU quantity, or undefined when it is not one. */
export function millicores(quantity: string): number | undefined {
  const match = CPU.exec(quantity);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] === "m" ? value : value * 1000;
}

/** Bytes of a memory or storage quantity, or undefined when it is not one. */
export function bytes(quantity: string): number | undefined {
  const match = BYTES.exec(quantity);
  if (!match) return undefined;
  return Number(match[1]) * FACTORS[match[2] ?? ""];
}

/** The regex a CPU quantity must match (for config schemas). */
export const CPU_QUANTITY = CPU;
/** The regex a memory/storage quantity must match (for config schemas). */
export const BYTE_QUANTITY = BYTES;
