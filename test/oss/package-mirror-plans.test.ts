// Spark's packages come from the lake's mirror: the mirror's Job in `processing` downloads them and
// is the only pod with internet egress; Spark's jobs and Zeppelin copy exactly what it uploads.
import { describe, expect, it } from "vitest";
import type { PlanDocument } from "../../infra/plan/document";
import { plannedKubernetesObjects, type PlannedKubernetesObject } from "../../infra/plan/kubernetes-objects";
import type { SparkApplicationObject } from "../../components/engine/spark-application";
import { sharedPlan } from "../helpers/plans";

const STACKS = ["oss-dev", "oss-staging", "oss-prod"] as const;

type Metadata = { name: string; namespace?: string };
type Container = { name: string; args?: string[] };
type PodSpec = { initContainers?: Container[]; containers: Container[] };

const metadata = (o: PlannedKubernetesObject) => o.object.metadata as Metadata;

function objects(document: PlanDocument): PlannedKubernetesObject[] {
  return plannedKubernetesObjects(document);
}

/** The jobs' mirror and Zeppelin's: each its own Job, and an area of `curated` of its own. */
const MIRRORS = { jobs: "spark-packages", notebooks: "notebook-spark-packages" } as const;

/** `lake/<bucket>/<prefix>` a mirror's Job uploads to (its marker's key, without the marker). */
function mirrorTarget(all: readonly PlannedKubernetesObject[], mirror: keyof typeof MIRRORS): string {
  const name = MIRRORS[mirror];
  const job = all.find((o) => o.kind === "Job" && metadata(o).name.startsWith(`${name}-`))!;
  const upload = ((job.object.spec as { template: { spec: PodSpec } }).template.spec.containers[0]!.args ?? [])[0]!;
  const target = new RegExp(`"(lake/curated/platform/${name}/[0-9a-f]{12})/_COMPLETE"`).exec(upload)?.[1];
  expect(target, upload).toBeDefined();
  return target!;
}

describe.each(STACKS)("%s: Zeppelin's packages from the lake's mirror", (stack) => {
  const document = sharedPlan(stack);
  const all = objects(document);

  it("leaves HTTPS out of the cluster to the mirror's pods only", () => {
    const egress = all.filter((o) => o.kind === "NetworkPolicy" && metadata(o).name === "allow-https-out");
    expect(egress.map((o) => metadata(o).namespace)).toEqual(["processing"]);
    expect((egress[0]!.object.spec as { podSelector: unknown }).podSelector).toEqual({
      matchLabels: { "app.kubernetes.io/component": "spark-package-mirror" },
    });
    for (const name of Object.values(MIRRORS)) {
      const jobs = all.filter((o) => ["Job", "CronJob"].includes(o.kind) && metadata(o).name.startsWith(`${name}-`));
      expect(jobs.map((o) => `${o.kind}/${metadata(o).namespace}`)).toEqual(["Job/processing", "CronJob/processing"]);
    }
  });

  it("runs every Spark job on the mirror's copy: nothing resolved, the jars on both classpaths", () => {
    const target = mirrorTarget(all, "jobs");
    const apps = all
      .filter((o) => o.kind === "SparkApplication")
      .map((o) => o.object as unknown as SparkApplicationObject);
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      expect(app.spec.deps, app.metadata.name).toEqual({
        pyFiles: ["local:///opt/spark/packages/io.delta_delta-spark_4.1_2.13-4.4.0.jar"],
      });
      expect(app.spec.sparkConf).toMatchObject({
        "spark.driver.extraClassPath": "/opt/spark/packages/*",
        "spark.executor.extraClassPath": "/opt/spark/packages/*",
      });
      expect(app.spec.sparkConf["spark.jars.ivy"]).toBeUndefined();
      for (const pod of [app.spec.driver, app.spec.executor]) {
        const copy = (pod.initContainers ?? []).find((c) => c.name === "spark-packages");
        expect(copy && "args" in copy ? copy.args[0] : undefined, app.metadata.name).toContain(
          `"${target}/jars" /opt/spark/packages`,
        );
        expect(pod.volumeMounts).toContainEqual({
          name: "spark-packages",
          mountPath: "/opt/spark/packages",
          readOnly: true,
        });
      }
    }
  });

  it("copies into the Zeppelin pod the prefix its own mirror's Job uploads to, and resolves nothing at start", () => {
    const target = mirrorTarget(all, "notebooks");
    expect(target).not.toBe(mirrorTarget(all, "jobs"));
    const zeppelin = all.find((o) => o.kind === "Deployment" && metadata(o).name === "zeppelin")!;
    const pod = (zeppelin.object.spec as { template: { spec: PodSpec } }).template.spec;
    const copy = (pod.initContainers ?? []).find((c) => c.name === "spark-packages")!;
    expect(copy.args![0]).toContain(`"${target}/jars" /opt/zeppelin/spark-packages`);
    const conf = all.find((o) => o.kind === "ConfigMap" && metadata(o).name === "zeppelin-spark-conf")!;
    const defaults = (conf.object.data as Record<string, string>)["spark-defaults.conf"]!;
    expect(defaults).toContain("spark.jars file:///opt/zeppelin/spark-packages/*.jar\n");
    expect(defaults).not.toContain("spark.jars.packages");
  });

  it("starts Zeppelin after its mirror's first Job (Pulumi waits for it to complete)", () => {
    const mirror = document.resources.find(
      (r) => r.type === "kubernetes:yaml/v2:ConfigGroup" && r.name === MIRRORS.notebooks,
    );
    const zeppelin = document.resources.find((r) => r.type === "batch-platform:notebook:Zeppelin");
    expect(mirror).toBeDefined();
    expect(zeppelin?.options.dependsOn).toContain(mirror!.urn);
  });
});

/** Every container spec in a planned object (pods, Jobs, CronJobs, Deployments, SparkApplication roles). */
function containersIn(value: unknown): { args?: string[]; volumeMounts?: { mountPath: string }[] }[] {
  if (Array.isArray(value)) return value.flatMap(containersIn);
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = ["containers", "initContainers"].flatMap((key) =>
    Array.isArray(record[key]) ? (record[key] as { args?: string[]; volumeMounts?: { mountPath: string }[] }[]) : [],
  );
  return [...own, ...Object.values(record).flatMap(containersIn)];
}

describe.each(STACKS)("%s: mc's config directory", (stack) => {
  it("has no volume mounted inside it (the runtime would create it as root and mc could not write its config)", () => {
    const users = objects(sharedPlan(stack))
      .flatMap((o) => containersIn(o.object))
      .map((c) => ({ script: (c.args ?? []).join("\n"), mounts: (c.volumeMounts ?? []).map((m) => m.mountPath) }))
      .filter((c) => c.script.includes("mc --config-dir "));
    expect(users.length).toBeGreaterThan(0);
    for (const { script, mounts } of users) {
      const dirs = [...script.matchAll(/mc --config-dir (\S+)/g)].map((m) => m[1]!);
      for (const dir of dirs)
        expect(
          mounts.filter((m) => m.startsWith(`${dir}/`)),
          dir,
        ).toEqual([]);
    }
  });
});
