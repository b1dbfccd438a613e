import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOverrides } from "../../infra/diff/overrides";

describe("parseOverrides", () => {
  it("accepts the committed override file", () => {
    const file = resolve(__dirname, "../../infra/diff/review-overrides.json");
    expect(() => parseOverrides(JSON.parse(readFileSync(file, "utf8")), file)).not.toThrow();
  });

  it("accepts {rule, id, reason} entries and trims the reason", () => {
    expect(
      parseOverrides(
        [{ rule: "data-loss", id: "urn:pulumi:gcp-prod::p::t::n", reason: "  moved to the shared lake  " }],
        "f",
      ),
    ).toEqual([{ rule: "data-loss", id: "urn:pulumi:gcp-prod::p::t::n", reason: "moved to the shared lake" }]);
  });

  it.each([
    [{}, "f: expected a JSON array"],
    [["x"], "f[0]: expected an object"],
    [
      [{ rule: "data-loss", id: "lake-landing", reason: "because we can, really" }],
      'f[0].id: expected the id printed in the review (starting with "urn:pulumi:"), got "lake-landing"',
    ],
    [[{ rule: "data-loss", id: "urn:pulumi:a", reason: "ok" }], "f[0].reason: explain why"],
    [
      [{ rule: "data-loss", id: "urn:pulumi:a", reason: "a good long reason", until: "2026" }],
      'f[0]: unknown key(s) until; only "rule", "id" and "reason" are allowed',
    ],
    [
      [{ rule: "lossy", id: "urn:pulumi:a", reason: "a good long reason" }],
      'f[0].rule: got "lossy"; expected one of cluster-replacement, data-loss, immutable-field',
    ],
    [[{ rule: "plan-failed", id: "urn:pulumi:a", reason: "a good long reason" }], 'f[0].rule: got "plan-failed"'],
    [[{ id: "urn:pulumi:a", reason: "the old format without a rule" }], "f[0].rule: got undefined"],
  ])("rejects %j", (json, message) => {
    expect(() => parseOverrides(json, "f")).toThrow(message);
  });
});
