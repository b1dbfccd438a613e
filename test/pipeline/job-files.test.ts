import { describe, expect, it } from "vitest";
import { specFilePath, sparkJobConfigMapData } from "../../components/pipeline/job-files";
import { medallionSparkJob } from "../../components/pipeline/medallion-spark-job";
import { declaredPipelines } from "../../infra/pipelines";
import { ossSpark, ossZones } from "../fixtures/pipeline/spark-settings";
import { pipelineNamed } from "../helpers/pipelines";

describe("job ConfigMap", () => {
  const data = sparkJobConfigMapData(declaredPipelines);

  it("holds the Spark job, its planning module and one spec per pipeline", () => {
    expect(Object.keys(data).sort()).toEqual(["card_transactions.spec.json", "medallion_job.py", "medallion_plan.py", "orders.spec.json"]);
    expect(data["medallion_job.py"]).toContain("import medallion_plan as plan");
    expect(JSON.parse(data["orders.spec.json"])).toEqual(pipelineNamed("orders"));
    for (const key of Object.keys(data)) expect(key).toMatch(/^[-._a-zA-Z0-9]+$/);
  });

  it("is where the SparkApplication looks for the job and the spec", () => {
    const job = medallionSparkJob(pipelineNamed("card-transactions"), ossSpark, ossZones, { stage: "process", landingUri: "s3a://l/x/" }, "r");
    expect(job.mainApplicationFile).toBe("local:///opt/batch-platform/jobs/medallion_job.py");
    expect(job.arguments).toContain(specFilePath(pipelineNamed("card-transactions")));
    expect(specFilePath(pipelineNamed("card-transactions"))).toBe("/opt/batch-platform/jobs/card_transactions.spec.json");
    expect(job.jobFiles).toEqual({ configMapName: "medallion-jobs", mountPath: "/opt/batch-platform/jobs" });
  });

  it("stays well under the 1 MiB ConfigMap limit", () => {
    const size = Object.values(data).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    expect(size).toBeLessThan(512 * 1024);
  });
});
