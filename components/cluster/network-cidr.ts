/** IPv4 CIDR arithmetic for validating a VPC's ranges before anything is created. */

const CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;

/** A parsed block: first address and prefix length. */
export interface Ipv4Block {
  readonly start: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR or has host bits set. */
export function parseCidr(cidr: string): Ipv4Block | undefined {
  if (!CIDR.test(cidr)) return undefined;
  const [address, length] = cidr.split("/");
  const start = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const prefix = Number(length);
  const size = 2 ** (32 - prefix);
  return start % size === 0 ? { start, prefix } : undefined;
}

/** True when the two blocks share an address. */
export function cidrsOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  const aEnd = a.start + 2 ** (32 - a.prefix);
  const bEnd = b.start + 2 ** (32 - b.prefix);
  return a.start < bEnd && b.start < aEnd;
}

/**
 * Problems of a set of named ranges that must be valid, host-bit free and disjoint:
 * `<path>: got "<cidr>"; expected …` lines.
 */
export function rangeProblems(ranges: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const parsed: [string, string, Ipv4Block][] = [];
  for (const [path, cidr] of Object.entries(ranges)) {
    const block = parseCidr(cidr);
    if (block === undefined) problems.push(`${path}: got ${JSON.stringify(cidr)}; expected an IPv4 CIDR without host bits, e.g. 10.10.0.0/20`);
    else parsed.push([path, cidr, block]);
  }
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      if (cidrsOverlap(parsed[i][2], parsed[j][2])) {
        problems.push(`${parsed[j][0]}: got ${JSON.stringify(parsed[j][1])}; it overlaps ${parsed[i][0]} (${parsed[i][1]}), expected disjoint ranges`);
      }
    }
  }
  return problems;
}
