import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { layerSettingsProblems } from "../../components/warehouse/bigquery-layers";
import { BRONZE_FIELDS, pipelineTableSpecs } from "../../components/warehouse/bigquery-table-specs";
import { BigQueryPipelineTables } from "../../components/warehouse/bigquery-tables";
import { BigQueryWarehouse, type BigQueryWarehouseArgs } from "../../components/warehouse/bigquery-warehouse";
import { declaredPipelines } from "../../infra/pipelines";
import { mockPulumi, registered } from "../helpers/pulumi";
import { JOBS_DIR } from "../pipeline/python";

const orders = declaredPipelines.find((p) => p.name === "orders")!;
const DAY = 86_400_000;

const args: BigQueryWarehouseArgs = {
  project: "acme-data-prod",
  location: "europe-west4",
  layers: { bronze: { partitionExpirationDays: 90, requirePartitionFilter: true }, silver: { partitionExpirationDays: 400 }, gold: { expectedSizeGb: 10 }, serving: { partitionExpirationDays: 1095 } },
  labels: { environment: "prod", "cost-center": "data", owner: "team" },
  protect: true,
};

describe("BigQuery table specs (derived from the pipeline declaration)", () => {
  const specs = pipelineTableSpecs(orders, args.layers!);
  const byLayer = Object.fromEntries(specs.map((s) => [s.layer, s]));

  it("declares bronze, gold and serving, leaving silver to the job", () => {
    expect(specs.map((s) => `${s.layer}.${s.tableId}`)).toEqual(["bronze.orders", "gold.orders", "serving.daily_revenue"]);
  });

  it("types gold and serving from the gold view and partitions them by the business date", () => {
    expect(byLayer.gold.schema.map((f) => `${f.name}:${f.type}`)).toEqual(["order_date:DATE", "country:STRING", "revenue:NUMERIC", "orders:INT64"]);
    expect(byLayer.serving.schema).toEqual(byLayer.gold.schema);
    expect(byLayer.serving.timePartitioning).toEqual({ type: "DAY", field: "order_date", expirationMs: 1095 * DAY });
    expect(byLayer.serving.clusterings).toEqual(["country"]);
    expect(byLayer.gold.labels).toEqual({ layer: "gold", pipeline: "orders", "expected-size-gb": "10" });
  });

  it("partitions bronze by ingestion time, with expiration and a required partition filter", () => {
    expect(byLayer.bronze.timePartitioning).toEqual({ type: "DAY", field: "_ingested_at", expirationMs: 90 * DAY });
    expect(byLayer.bronze.requirePartitionFilter).toBe(true);
    expect(byLayer.gold.requirePartitionFilter).toBe(false);
  });

  it("keeps bronze's schema in step with the Beam job's BRONZE_SCHEMA", () => {
    const beam = readFileSync(join(JOBS_DIR, "medallion_beam.py"), "utf8");
    const declared = /^BRONZE_SCHEMA = "([^"]+)"$/m.exec(beam)?.[1];
    expect(declared).toBe(BRONZE_FIELDS.map((f) => `${f.name}:${f.type}`).join(","));
  });

  it("refuses a partition filter where the job or the MERGE reads a table whole", () => {
    expect(layerSettingsProblems({ gold: { requirePartitionFilter: true }, bronze: { partitionExpirationDays: 0 } })).toEqual([
      "layers.gold.requirePartitionFilter: got true; expected false, the load step MERGEs the whole gold table into serving (only bronze can require a partition filter)",
      "layers.bronze.partitionExpirationDays: got 0; expected a whole number of days >= 1",
    ]);
  });
});

describe("BigQueryWarehouse and a pipeline's tables", () => {
  let capture: RegistrationCapture;
  let warehouse: BigQueryWarehouse;
  beforeAll(async () => {
    capture = await mockPulumi();
    warehouse = new BigQueryWarehouse("warehouse", args);
    new BigQueryPipelineTables("orders", { warehouse, pipeline: orders });
    warehouse.grant({ name: "dataflow", serviceAccounts: [], google: { email: "df@acme-data-prod.iam.gserviceaccount.com" } }, "bronze", "write");
    warehouse.grant({ name: "airflow", serviceAccounts: [], google: { email: "af@acme-data-prod.iam.gserviceaccount.com" } }, "gold", "read");
  });

  it("creates one labelled dataset per layer in the stack's region", async () => {
    const datasets = await registered(capture, "gcp:bigquery/dataset:Dataset");
    expect(datasets.map((d) => d.inputs.datasetId).sort()).toEqual(["bronze", "gold", "serving", "silver"]);
    for (const dataset of datasets) {
      expect(dataset.inputs.location).toBe("europe-west4");
      expect(dataset.inputs.labels).toMatchObject({ "cost-center": "data", owner: "team", component: "warehouse", layer: dataset.inputs.datasetId });
    }
    const silver = datasets.find((d) => d.inputs.datasetId === "silver")!;
    expect(silver.inputs.defaultPartitionExpirationMs).toBe(400 * DAY);
  });

  it("protects datasets and tables in prod", async () => {
    for (const dataset of await registered(capture, "gcp:bigquery/dataset:Dataset")) {
      expect(dataset.inputs).toMatchObject({ deletionPolicy: "PREVENT", deleteContentsOnDestroy: false });
      expect(dataset.options).toMatchObject({ protect: true, retainOnDelete: true });
    }
    const tables = await registered(capture, "gcp:bigquery/table:Table");
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(table.inputs.deletionProtection).toBe(true);
      expect(table.options).toMatchObject({ protect: true, retainOnDelete: true });
    }
  });

  it("grants per dataset, never on the project", async () => {
    const members = await registered(capture, "gcp:bigquery/datasetIamMember:DatasetIamMember");
    expect(members.map((m) => [m.inputs.datasetId, m.inputs.role, m.inputs.member]).sort()).toEqual([
      ["bronze", "roles/bigquery.dataEditor", "serviceAccount:df@acme-data-prod.iam.gserviceaccount.com"],
      ["gold", "roles/bigquery.dataViewer", "serviceAccount:af@acme-data-prod.iam.gserviceaccount.com"],
    ]);
    expect(await registered(capture, "gcp:projects/iAMMember:IAMMember")).toEqual([]);
  });

  it("rejects bad settings before registering", () => {
    expect(() => new BigQueryWarehouse("bad", { ...args, layers: { serving: { requirePartitionFilter: true } } })).toThrow(/layers\.serving\.requirePartitionFilter: got true/);
  });
});
