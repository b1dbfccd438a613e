import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { PlanDocument, PlanResource, PlanValue } from "../../infra/plan/document";
import { main, synthesize } from "../../infra/synth/cli";
import {
  CLUSTER_SCOPED_FILE,
  GENERATED_MARKER,
  gitOpsManifests,
  renderIndex,
} from "../../infra/synth/gitops-manifests";
import { ROOT } from "../helpers/cli";

type Obj = { [key: string]: PlanValue };

function resource(type: string, name: string, inputs: Obj): PlanResource {
  return {
    urn: `urn:pulumi:s::p::${type}::${name}`,
    type,
    name,
    parent: null,
    custom: true,
    inputs,
    options: { protect: false, retainOnDelete: false, dependsOn: [], provider: null },
  };
}
const object = (kind: string, name: string, namespace?: string, extra: Obj = {}): Obj => ({
  apiVersion: "v1",
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...extra,
});

const resources: PlanResource[] = [
  resource("kubernetes:yaml/v2:ConfigGroup", "layout", {
    objs: [
      object("ConfigMap", "b", "lake", { data: { k: "v" } }),
      object("Namespace", "lake"),
      object("ConfigMap", "a", "lake"),
      object("Secret", "inline", "lake"),
    ],
  }),
  resource("kubernetes:yaml/v2:ConfigGroup", "later", {
    objs: [object("ConfigMap", "pending", "query", { data: { uri: "[unknown]" } })],
  }),
  resource(
    "kubernetes:core/v1:Secret",
    "root",
    object("Secret", "root-credentials", "lake", { stringData: "[secret]" }),
  ),
  resource("kubernetes:helm.sh/v4:Chart", "lake-minio", {
    name: "minio",
    chart: "minio",
    version: "5.4.0",
    namespace: "lake",
    repositoryOpts: { repo: "https://charts.min.io/" },
  }),
];

describe("the GitOps manifests of a plan", () => {
  const manifests = gitOpsManifests({ stack: "demo", resources });

  it("writes cdk8s objects per namespace, cluster-scoped ones apart, sorted by kind and name", () => {
    expect([...manifests.files.keys()]).toEqual([CLUSTER_SCOPED_FILE, "lake.yaml"]);
    const lake = parseAllDocuments(manifests.files.get("lake.yaml")!)
      .map((d) => d.toJS() as Obj)
      .filter(Boolean);
    expect(lake.map((o) => (o.metadata as Obj).name)).toEqual(["a", "b"]);
    expect(manifests.files.get("lake.yaml")!.startsWith(`${GENERATED_MARKER} demo; do not edit.\n`)).toBe(true);
  });

  it("lists Secrets, objects with deploy-time values and Helm releases instead of writing them", () => {
    expect(manifests.notWritten).toEqual([
      { kind: "Secret", namespace: "lake", name: "inline", reason: "Secret: its data stays in Pulumi state" },
      { kind: "Secret", namespace: "lake", name: "root-credentials", reason: "Secret: its data stays in Pulumi state" },
      { kind: "ConfigMap", namespace: "query", name: "pending", reason: "holds a value known only at deploy time" },
    ]);
    expect(manifests.releases).toEqual([
      { release: "minio", namespace: "lake", chart: "minio", version: "5.4.0", repository: "https://charts.min.io/" },
    ]);
    expect(renderIndex(manifests)).toContain("| lake | minio | minio | 5.4.0 | https://charts.min.io/ |");
    expect([...manifests.files.values()].join("")).not.toMatch(/Secret|\[secret\]|\[unknown\]/);
  });

  it("is the same text whatever order the plan lists resources in", () => {
    const again = gitOpsManifests({ stack: "demo", resources: [...resources].reverse() });
    expect([...again.files]).toEqual([...manifests.files]);
  });
});

/** Every container's volumeMounts name a volume of the pod (or a claim template of the StatefulSet). */
function unmountedVolumes(objects: readonly Obj[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const spec = o.spec as Obj | undefined;
    const template = (o.kind === "CronJob" ? ((spec?.jobTemplate as Obj)?.spec as Obj)?.template : spec?.template) as
      | Obj
      | undefined;
    const pod = template?.spec as Obj | undefined;
    if (!pod) continue;
    const names = new Set(
      [...((pod.volumes ?? []) as Obj[]), ...((spec?.volumeClaimTemplates ?? []) as Obj[])].map((v) =>
        String(v.name ?? (v.metadata as Obj)?.name),
      ),
    );
    for (const container of [...((pod.containers ?? []) as Obj[]), ...((pod.initContainers ?? []) as Obj[])]) {
      for (const mount of (container.volumeMounts ?? []) as Obj[]) {
        if (!names.has(String(mount.name)))
          problems.push(
            `${String(o.kind)} ${String((o.metadata as Obj).name)}: mount ${String(mount.name)} has no volume`,
          );
      }
    }
  }
  return problems;
}

describe("npm run synth -- --stack oss-dev --out DIR", () => {
  const out = mkdtempSync(join(tmpdir(), "synth-"));
  let plan: PlanDocument | undefined;
  let exitCode: number;
  beforeAll(async () => {
    writeFileSync(join(out, "retired.yaml"), `${GENERATED_MARKER} oss-dev; do not edit.\n---\n{}\n`);
    writeFileSync(join(out, "kustomization.yaml"), "resources: []\n");
    ({ exitCode, document: plan } = await synthesize("oss-dev", join(ROOT, "stacks"), out));
  });

  it("writes YAML that parses into exactly the plan's cdk8s objects, Secrets aside", () => {
    expect(exitCode).toBe(0);
    const written: Obj[] = [];
    for (const file of readdirSync(out).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")) {
      for (const document of parseAllDocuments(readFileSync(join(out, file), "utf8"))) {
        expect(document.errors, file).toEqual([]);
        const value = document.toJS() as Obj | null;
        if (value === null) continue;
        const metadata = value.metadata as Obj;
        expect(file, `${String(value.kind)} ${String(metadata.name)}`).toBe(
          metadata.namespace ? `${String(metadata.namespace)}.yaml` : CLUSTER_SCOPED_FILE,
        );
        written.push(value);
      }
    }
    const planned = plan!.resources
      .filter((r) => r.type === "kubernetes:yaml/v2:ConfigGroup")
      .flatMap((r) => r.inputs.objs as Obj[])
      .filter((o) => o.kind !== "Secret");
    const canonical = (objects: Obj[]) => objects.map((o) => JSON.stringify(sortedKeys(o))).sort();
    expect(written.length).toBe(planned.length);
    expect(canonical(written)).toEqual(canonical(planned));
    expect(written.some((o) => o.kind === "StatefulSet")).toBe(true);
    expect(unmountedVolumes(written)).toEqual([]);
  });

  it("lists what it does not write, removes only files an earlier synth wrote", () => {
    const index = readFileSync(join(out, "README.md"), "utf8");
    expect(index).toContain("| serving | warehouse | yugabyte | 2025.2.5 | https://charts.yugabyte.com |");
    expect(index).toMatch(/\| lake \| Secret \| lake-root-credentials \|/);
    expect(existsSync(join(out, "retired.yaml"))).toBe(false);
    expect(existsSync(join(out, "kustomization.yaml"))).toBe(true);
  });

  it("exits 2 with the usage, and no stack trace, on a missing or unknown stack", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["--out", out])).toBe(2);
      expect(await main(["--stack", "nope", "--out", out])).toBe(2);
      const printed = stderr.mock.calls.map((call) => String(call[0])).join("");
      expect(printed).toContain("missing --stack");
      expect(printed).toContain('unknown stack "nope"; stacks here: azure-dev');
      expect(printed).toContain("usage: npm run synth");
      expect(printed).not.toMatch(/\n\s+at /);
      // A stack file the config check refuses (oss-staging with the second standalone drive it once had).
      const stacksDir = mkdtempSync(join(tmpdir(), "synth-stacks-"));
      const staging = readFileSync(join(ROOT, "stacks/Pulumi.oss-staging.yaml"), "utf8").replace(
        "drivesPerServer: 1",
        "drivesPerServer: 2",
      );
      writeFileSync(join(stacksDir, "Pulumi.oss-staging.yaml"), staging);
      expect(await main(["--stack", "oss-staging", "--out", out, "--stacks-dir", stacksDir])).toBe(2);
      expect(stderr.mock.calls.map((call) => String(call[0])).join("")).toContain(
        "batch-platform:lake.minio.drivesPerServer: got 2",
      );
    } finally {
      stderr.mockRestore();
    }
  });
});

/** The same value with every object's keys in code-unit order, for a key-order-independent comparison. */
function sortedKeys(value: PlanValue): PlanValue {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys(value[key])]),
  );
}
