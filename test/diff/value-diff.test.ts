import { describe, expect, it } from "vitest";
import { diffValues } from "../../infra/diff/value-diff";
import { formatPath } from "../../infra/diff/value-path";
import { replaceOnChangePaths } from "../../infra/diff/replace-on-change";
import { dataBearingReason } from "../../infra/diff/data-bearing";

describe("value paths", () => {
  it("formats dotted paths, indexes, and bracketed odd keys", () => {
    expect(formatPath(["spec", "template", "spec", "containers", 0, "image"])).toBe(
      "spec.template.spec.containers[0].image",
    );
    expect(formatPath(["metadata", "labels", "app.kubernetes.io/name"])).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
    expect(formatPath([0, "a"])).toBe("[0].a");
  });

  it("diffs objects key by key and arrays index by index", () => {
    expect(diffValues({ a: [1, 2], b: { c: 1 } }, { a: [1, 3, 4], b: { c: 1 }, d: null })).toEqual([
      { path: ["a", 1], before: 2, after: 3 },
      { path: ["a", 2], before: undefined, after: 4 },
      { path: ["d"], before: undefined, after: null },
    ]);
    expect(diffValues({ a: 1 }, { a: 1 })).toEqual([]);
    expect(diffValues({}, { toString: "x" })).toEqual([{ path: ["toString"], before: undefined, after: "x" }]);
  });
});

describe("tables", () => {
  it("knows the replace-on-change properties the brief names", () => {
    expect(replaceOnChangePaths("gcp:storage/bucket:Bucket")).toEqual(expect.arrayContaining(["name", "location"]));
    expect(replaceOnChangePaths("azure-native:storage:StorageAccount")).toEqual(
      expect.arrayContaining(["accountName", "location", "isHnsEnabled", "kind"]),
    );
    expect(replaceOnChangePaths("kubernetes:apps/v1:StatefulSet")).toEqual(
      expect.arrayContaining([
        "metadata.name",
        "metadata.namespace",
        "spec.selector",
        "spec.volumeClaimTemplates",
        "spec.serviceName",
      ]),
    );
    expect(replaceOnChangePaths("kubernetes:networking.k8s.io/v1:NetworkPolicy")).toEqual([
      "metadata.name",
      "metadata.namespace",
    ]);
    expect(replaceOnChangePaths("kubernetes:helm.sh/v4:Chart")).toEqual(["name", "namespace"]);
  });

  it("tells data-bearing resources from the rest", () => {
    expect(dataBearingReason("azure-native:storage:BlobContainer", {})).toBeDefined();
    expect(dataBearingReason("kubernetes:apps/v1:StatefulSet", { spec: { volumeClaimTemplates: [] } })).toBeUndefined();
    expect(
      dataBearingReason("kubernetes:helm.sh/v3:Release", { chart: "oci://registry-1.docker.io/bitnamicharts/minio" }),
    ).toContain("MinIO");
    expect(dataBearingReason("kubernetes:helm.sh/v4:Chart", { chart: "spark-operator" })).toBeUndefined();
    expect(dataBearingReason("kubernetes:helm.sh/v4:Chart", { chart: "minio-operator" })).toBeUndefined();
    expect(dataBearingReason("gcp:container/nodePool:NodePool", {})).toBeUndefined();
  });
});
