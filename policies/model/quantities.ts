/** Kubernetes and Spark resource quantities, as numbers the rules and the estimator can compare. */

const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 };
const GIB = 2 ** 30;

/** CPU cores of a Kubernetes quantity (`500m` → 0.5, `2` → 2); undefined when not a quantity. */
export function cpuCores(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string") return undefined;
  const match = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(value.trim());
  if (!match) return undefined;
  return match[2] === "m" ? Number(match[1]) / 1000 : Number(match[1]);
}

/** GiB of a Kubernetes memory/storage quantity (`512Mi`, `2Gi`, `1G`, `1e9`, plain bytes). */
export function gibibytes(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value / GIB;
  if (typeof value !== "string") return undefined;
  const match = /^([0-9]+(?:\.[0-9]+)?(?:[eE][0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/.exec(value.trim());
  if (!match) return undefined;
  const suffix = match[2] ?? "";
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? undefined : (Number(match[1]) * factor) / GIB;
}

/**
 * GiB of a Spark (JVM-style) memory string: `512m` is 512 MiB and `2g` 2 GiB — unlike Kubernetes,
 * where `m` means milli. The Spark Operator also accepts Kubernetes-style `2Gi`.
 */
export function sparkMemoryGib(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const jvm = /^([0-9]+)([kmgt])b?$/i.exec(value.trim());
  if (jvm) {
    const exponent = { k: 1, m: 2, g: 3, t: 4 }[jvm[2].toLowerCase() as "k" | "m" | "g" | "t"];
    return (Number(jvm[1]) * 1024 ** exponent) / GIB;
  }
  return gibibytes(value);
}

/** Readable GiB/cores for messages. */
export function formatGib(value: number): string {
  return `${Number(value.toFixed(3))}Gi`;
}

export function formatCores(value: number): string {
  return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
}
