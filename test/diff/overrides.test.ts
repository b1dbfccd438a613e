import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOverrides } from "../../infra/diff/overrides";

describe("parseOverrides", () => {
  it("accepts the committed override file", () => {
    const file = resolve(__dirname, "../../infra/diff/data-loss-overrides.json");
    expect(() => parseOverrides(JSON.parse(readFileSync(file, "utf8")), file)).not.toThrow();
  });

  it("accepts {urn, reason} entries and trims the reason", () => {
    expect(parseOverrides([{ urn: "urn:pulumi:gcp-prod::p::t::n", reason: "  moved to the shared lake  " }], "f")).toEqual([
      { urn: "urn:pulumi:gcp-prod::p::t::n", reason: "moved to the shared lake" },
    ]);
  });

  it.each([
    [{}, "f: expected a JSON array"],
    [["x"], "f[0]: expected an object"],
    [[{ urn: "lake-landing", reason: "because we can, really" }], 'f[0].urn: expected the id printed in the review (starting with "urn:pulumi:"), got "lake-landing"'],
    [[{ urn: "urn:pulumi:a", reason: "ok" }], "f[0].reason: explain why"],
    [[{ urn: "urn:pulumi:a", reason: "a good long reason", until: "2026" }], 'f[0]: unknown key(s) until; only "urn" and "reason" are allowed'],
  ])("rejects %j", (json, message) => {
    expect(() => parseOverrides(json, "f")).toThrow(message);
  });
});
