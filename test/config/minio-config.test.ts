import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../infra/config";
import { DEFAULT_MC_IMAGE, DEFAULT_MINIO_IMAGE } from "../../components/lake/minio-images";

const oss: Record<string, string> = {
  "batch-platform:variant": "oss",
  "batch-platform:environment": "dev",
  "batch-platform:region": "local",
  "batch-platform:namePrefix": "acmebp",
  "batch-platform:labels": JSON.stringify({ costCenter: "data-platform", owner: "data-engineering" }),
};

function withMinio(minio: object): Record<string, string> {
  const zones = { landing: { versioning: false }, processing: { versioning: false }, curated: { versioning: false } };
  return { ...oss, "batch-platform:lake": JSON.stringify({ zones, minio }) };
}

function problems(config: Record<string, string>): string[] {
  try {
    parseConfig(config, "test");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("expected the config to be rejected");
}

describe("lake.minio in stack config", () => {
  it("defaults the images to the pinned releases and keeps the parts a stack leaves out", () => {
    const config = parseConfig(withMinio({ image: { registry: "registry.example.com" } }), "test");
    expect(config.lake.minio?.image).toEqual({ ...DEFAULT_MINIO_IMAGE, registry: "registry.example.com" });
    expect(config.lake.minio?.mcImage).toEqual(DEFAULT_MC_IMAGE);
  });

  it("names the key path of a bad image part and of a second drive on a single server", () => {
    expect(
      problems(withMinio({ drivesPerServer: 2, image: { digest: "sha256:1" }, mcImage: { tag: "latest" } })),
    ).toEqual([
      "batch-platform:lake.minio.drivesPerServer: got 2; expected 1 with a single server " +
        "(standalone has one drive; size it with volumeSize, or run 4 or more servers)",
      'batch-platform:lake.minio.image.digest: got "sha256:1"; expected sha256: and 64 lowercase hex digits',
      'batch-platform:lake.minio.mcImage.tag: got "latest"; expected a release tag (latest moves)',
    ]);
  });

  it("refuses keys the image has not", () => {
    expect(problems(withMinio({ image: { name: "minio" } }))[0]).toMatch(/^batch-platform:lake\.minio\.image/);
  });
});
