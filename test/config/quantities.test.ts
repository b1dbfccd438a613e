import { describe, expect, it } from "vitest";
import {
  byteQuantitySchema,
  bytes,
  canonicalBytes,
  canonicalCpu,
  cpuQuantitySchema,
  millicores,
  parseQuantity,
} from "../../components/k8s/quantities";

describe("Kubernetes quantities (one parser)", () => {
  it.each([
    ["500m", 500],
    ["0.5", 500],
    [".5", 500],
    ["5.", 5000],
    ["2", 2000],
    ["1e3", 1_000_000],
    ["1.5m", 2], // rounded up, as the API server does
    ["+1", 1000],
  ])("millicores of %s = %d", (text, expected) => expect(millicores(text)).toBe(expected));

  it.each([
    ["512Mi", 512 * 2 ** 20],
    [".5Gi", 2 ** 29],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["1G", 1e9],
    ["1e9", 1e9],
    ["1E", 1e18],
    ["1Ki", 1024],
    ["0.5", 1],
  ])("bytes of %s = %d", (text, expected) => expect(bytes(text)).toBe(expected));

  it.each(["", "abc", "1 Gi", "1GB", "1.2.3", "Gi", "--1", "1e", "1Kb", "0x10", "1\n"])(
    "%j is not a quantity",
    (text) => {
      expect(parseQuantity(text)).toBeUndefined();
      expect(millicores(text)).toBeUndefined();
    },
  );

  it("writes canonical forms that keep the family and whole numbers", () => {
    expect([canonicalCpu("0.5"), canonicalCpu("2000m"), canonicalCpu("250m"), canonicalCpu("1")]).toEqual([
      "500m",
      "2",
      "250m",
      "1",
    ]);
    expect([
      canonicalBytes("1.5Gi"),
      canonicalBytes("1024Mi"),
      canonicalBytes("1000M"),
      canonicalBytes("1e9"),
      canonicalBytes("4Gi"),
    ]).toEqual(["1536Mi", "1Gi", "1G", "1G", "4Gi"]);
  });

  it("the CPU schema takes numbers and text, normalised; refuses memory units, zero and words", () => {
    expect([2, 0.5, "0.5", "250m"].map((v) => cpuQuantitySchema.parse(v))).toEqual(["2", "500m", "500m", "250m"]);
    for (const value of ["1Gi", "0", "fast", "rm -rf /", true])
      expect(cpuQuantitySchema.safeParse(value).success, String(value)).toBe(false);
  });

  it("the memory schema refuses milli-bytes, plain bytes below 1Mi and numbers", () => {
    expect(byteQuantitySchema.parse(".5Gi")).toBe("512Mi");
    const message = (value: unknown) => byteQuantitySchema.safeParse(value).error?.issues[0].message;
    expect(message("512m")).toMatch(/512Mi \(m means milli/);
    expect(message("4")).toMatch(/at least 1Mi/);
    expect(message(4)).toMatch(/with a unit/);
  });
});
