import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../infra/config";

const valid: Record<string, string> = {
  "batch-platform:variant": "gcp",
  "batch-platform:environment": "dev",
  "batch-platform:region": "europe-west4",
  "batch-platform:namePrefix": "acmebp",
  "batch-platform:labels": JSON.stringify({ costCenter: "data-platform", owner: "data-engineering" }),
  "batch-platform:lake": JSON.stringify({
    zones: {
      landing: { retentionDays: 7, versioning: false },
      processing: { retentionDays: 14, versioning: false },
      curated: { versioning: true },
    },
  }),
  "gcp:project": "acme-data-dev",
};

function problems(overrides: Record<string, string | undefined>): string[] {
  const raw = Object.fromEntries(
    Object.entries({ ...valid, ...overrides }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  try {
    parseConfig(raw, "test");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("expected the config to be rejected");
}

function lakeWith(landing: object): string {
  return JSON.stringify({ zones: { landing, processing: { versioning: false }, curated: { versioning: false } } });
}

describe("stack configuration", () => {
  it("accepts a valid stack and derives protection from the environment", () => {
    const config = parseConfig(valid, "gcp-dev");
    expect(config.variant).toBe("gcp");
    expect(config.lake.zones.landing.retentionDays).toBe(7);
    expect(config.protectData).toBe(false);
    const lake = JSON.parse(valid["batch-platform:lake"]!) as { zones: { landing: object } };
    // Prod also needs a versioned landing zone.
    const prodLake = JSON.stringify({ ...lake, zones: { ...lake.zones, landing: { ...lake.zones.landing, versioning: true } } });
    const prod = { ...valid, "batch-platform:environment": "prod", "batch-platform:lake": prodLake };
    expect(parseConfig(prod, "gcp-prod").protectData).toBe(true);
  });

  it("names the key, the value and the allowed variants for an unknown variant", () => {
    expect(problems({ "batch-platform:variant": "aws" })).toEqual([
      `batch-platform:variant: got "aws"; expected one of "oss", "azure", "gcp"`,
    ]);
  });

  it("reports a missing region", () => {
    expect(problems({ "batch-platform:region": undefined })).toEqual([
      "batch-platform:region: got nothing; expected string",
    ]);
  });

  it("reports a region of another cloud", () => {
    const [problem] = problems({ "batch-platform:region": "westeurope" });
    expect(problem).toMatch(/^batch-platform:region: got "westeurope"; expected a GCP region, one of .*europe-west4/);
  });

  it("reports negative and non-integer retention with the key path", () => {
    expect(problems({ "batch-platform:lake": lakeWith({ retentionDays: -3, versioning: false }) })).toEqual([
      "batch-platform:lake.zones.landing.retentionDays: got -3; expected an integer >= 1",
    ]);
    expect(problems({ "batch-platform:lake": lakeWith({ retentionDays: 1.5, versioning: false }) })).toEqual([
      "batch-platform:lake.zones.landing.retentionDays: got 1.5; expected an integer",
    ]);
  });

  it("reports unknown keys at the top and nested, listing what is allowed", () => {
    const [top] = problems({ "batch-platform:colour": "blue" });
    expect(top).toMatch(
      /^batch-platform:colour: unknown key \(got "blue"\); allowed keys here: variant, environment, region/,
    );
    const [nested] = problems({ "batch-platform:lake": lakeWith({ versioning: false, retention: 3 }) });
    expect(nested).toBe(
      'batch-platform:lake.zones.landing.retention: unknown key (got 3); did you mean "retentionDays"? ' +
        "allowed keys here: retentionDays, coldAfterDays, versioning, storageClass",
    );
  });

  it("reports wrong types", () => {
    expect(problems({ "batch-platform:lake": lakeWith({ versioning: "yes" }) })).toEqual([
      'batch-platform:lake.zones.landing.versioning: got "yes"; ' +
        "expected true or false (lowercase; `pulumi config set --path --type bool` stores a boolean)",
    ]);
    expect(problems({ "batch-platform:labels": "data-team" })).toEqual([
      `batch-platform:labels: got "data-team"; expected object`,
    ]);
  });

  it("reports every problem at once, one line each", () => {
    const all = problems({
      "batch-platform:variant": "aws",
      "batch-platform:environment": "qa",
      "batch-platform:namePrefix": "A",
    });
    expect(all).toHaveLength(3);
    expect(all.map((p) => p.split(":")[1])).toEqual(["variant", "environment", "namePrefix"]);
  });

  it("rejects settings that do not fit the variant", () => {
    expect(problems({ "batch-platform:lake": lakeWith({ versioning: false, storageClass: "Cool" }) })).toEqual([
      'batch-platform:lake.zones.landing.storageClass: got "Cool"; ' +
        "expected one of STANDARD, NEARLINE, COLDLINE, ARCHIVE for variant gcp",
    ]);
  });

  it("keeps only the batch pool on spot", () => {
    const pools = JSON.stringify({
      nodePools: {
        system: { machineType: "e2-standard-2", minNodes: 1, maxNodes: 1, spot: true },
        stateful: { machineType: "e2-standard-4", minNodes: 1, maxNodes: 2 },
        batch: { machineType: "e2-standard-4", minNodes: 0, maxNodes: 3, spot: true },
      },
    });
    expect(problems({ "batch-platform:cluster": pools })).toEqual([
      "batch-platform:cluster.nodePools.system.spot: got true; " +
        "expected false (only the batch pool may run on spot capacity)",
    ]);
  });

  it("ignores other namespaces (provider settings such as gcp:project)", () => {
    expect(() => parseConfig({ ...valid, "gcp:region": "anything" }, "test")).not.toThrow();
  });
});

describe("the Google project of a gcp stack", () => {
  it("is read once with the rest of the config and required for the gcp variant", () => {
    expect(parseConfig(valid, "gcp-dev").googleProject).toBe("acme-data-dev");
    expect(problems({ "gcp:project": undefined })).toEqual([
      "gcp:project: got nothing; expected the id of the project to deploy into, e.g. acme-data-prod",
    ]);
    expect(problems({ "gcp:project": "Bad_Project" })).toEqual([
      `gcp:project: got "Bad_Project"; expected the id of the project to deploy into, e.g. acme-data-prod`,
    ]);
  });
});

describe("cross-field rules of the variant sections", () => {
  it("are checked with the rest of the config, before the program declares anything", () => {
    const oss = {
      ...valid,
      "batch-platform:variant": "oss",
      "batch-platform:region": "local",
      "gcp:project": undefined,
    };
    expect(problems({ ...oss, "batch-platform:pipelines": JSON.stringify(["orders", "nope"]) })).toEqual([
      `batch-platform:pipelines[1]: got "nope"; expected the name of a file in pipelines/ (card-transactions, orders)`,
    ]);
    expect(
      problems({
        ...oss,
        "batch-platform:lake": JSON.stringify({
          zones: { landing: { versioning: false }, processing: { versioning: false }, curated: { versioning: false } },
          minio: { servers: 3 },
        }),
      }),
    ).toEqual([
      "batch-platform:lake.minio.servers: got 3; expected 1 (standalone) or 4 and more (distributed, erasure-coded)",
    ]);
  });
});
