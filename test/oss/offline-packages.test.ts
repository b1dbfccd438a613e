// With oss.network.packageDownloads off and an image that has the jars, no pod resolves packages
// from Maven Central and no namespace keeps HTTPS egress to the internet.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SparkApplicationObject } from "../../components/engine/spark-application";
import { plannedKubernetesObjects } from "../../infra/plan/kubernetes-objects";
import { readPlanFile } from "../../infra/plan/plan-file";
import { runPlanCli } from "../helpers/cli";
import { editedStackText, stacksFolder, writeStack } from "../helpers/stack-files";

const P = "batch-platform:";
const IMAGE = "registry.example.com/spark-delta:4.1.3-1";
const NOTEBOOK_IMAGE = "registry.example.com/spark-delta:3.5.8-1";

describe("oss-prod with the Spark jars in its image", () => {
  it("plans no package downloads and no internet egress: jobs and Zeppelin run their images", async () => {
    const dir = stacksFolder();
    const edits = [
      [`${P}oss.network.packageDownloads`, false],
      [`${P}oss.spark.image`, IMAGE],
      [`${P}oss.spark.notebookImage`, NOTEBOOK_IMAGE],
    ] as const;
    writeStack(dir, "offline", editedStackText("oss-prod", edits));
    const out = join(dir, "out");
    const run = await runPlanCli(["--stack", "offline", "--stacks-dir", dir, "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    const document = readPlanFile(join(out, "offline.json"));
    const objects = plannedKubernetesObjects(document);
    const name = (o: (typeof objects)[number]) => (o.object.metadata as { name: string }).name;

    expect(objects.filter((o) => o.kind === "NetworkPolicy" && name(o) === "allow-https-out")).toEqual([]);
    const apps = objects
      .filter((o) => o.kind === "SparkApplication")
      .map((o) => o.object as unknown as SparkApplicationObject);
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      expect(app.spec.image, app.metadata.name).toBe(IMAGE);
      expect(app.spec.deps, app.metadata.name).toBeUndefined();
    }
    const sparkConf = objects.find((o) => o.kind === "ConfigMap" && name(o) === "zeppelin-spark-conf")!;
    const defaults = (sparkConf.object.data as Record<string, string>)["spark-defaults.conf"]!;
    expect(defaults).not.toContain("spark.jars.packages");
    expect(defaults).toContain(`spark.kubernetes.container.image ${NOTEBOOK_IMAGE}\n`);
    expect(objects.filter((o) => o.kind === "Job" && name(o).includes("spark-packages"))).toEqual([]);
  }, 60_000);
});
