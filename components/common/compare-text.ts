/**
 * Code-unit order of two strings, the order of `Array.prototype.sort()` without a comparator.
 * Unlike `localeCompare`, it does not depend on the machine's locale, so generated output (plans,
 * manifests, config checksums) is byte-identical everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
