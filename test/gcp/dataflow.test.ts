import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { DATAFLOW_WORKER_PROJECT_ROLES, Dataflow, dataflowProblems, type DataflowArgs } from "../../components/engine/dataflow";
import { GcsLake } from "../../components/lake/gcs-lake";
import { flexTemplateMetadata } from "../../components/pipeline/flex-template";
import { BigQueryWarehouse } from "../../components/warehouse/bigquery-warehouse";
import { mockPulumi, registered } from "../helpers/pulumi";
import { pipelineNamed } from "../helpers/pipelines";

const labels = { environment: "dev", "cost-center": "data", owner: "team" };
const project = "acme-data-dev";

describe("Dataflow", () => {
  let capture: RegistrationCapture;
  let dataflow: Dataflow;
  let args: DataflowArgs;
  beforeAll(async () => {
    capture = await mockPulumi();
    const lake = new GcsLake("lake", {
      project,
      location: "europe-west4",
      namePrefix: "acme",
      environment: "dev",
      zones: { landing: { versioning: false }, processing: { versioning: false }, curated: { versioning: false } },
      labels,
    });
    const warehouse = new BigQueryWarehouse("warehouse", { project, location: "europe-west4", labels });
    args = {
      project,
      region: "europe-west4",
      lake,
      network: { networkId: "net-id", networkName: "acme-dev", subnetworkPath: "regions/europe-west4/subnetworks/acme-dev-europe-west4" },
      serviceAccountId: "acme-dev-dataflow",
      machineType: "e2-standard-2",
      maxWorkers: 2,
      imageTag: "0.1.0",
      labels,
    };
    dataflow = new Dataflow("dataflow", args);
    // Bronze, silver and gold writes come from the warehouse, for the engine that computes a pipeline.
    warehouse.pipelineSink("orders", { spec: pipelineNamed("orders"), engine: dataflow }, warehouse);
    dataflow.grantLaunch({ name: "airflow", serviceAccounts: [], google: { email: "acme-dev-airflow@acme-data-dev.iam.gserviceaccount.com" } });
  });

  it("launches jobs with the configured size, the private subnet, the worker account and lake locations", () => {
    expect(dataflow.launch).toEqual({
      project,
      region: "europe-west4",
      templateGcsPath: "gs://acme-dev-processing/templates/medallion.json",
      tempLocation: "gs://acme-dev-processing/dataflow/tmp",
      stagingLocation: "gs://acme-dev-processing/dataflow/staging",
      network: "acme-dev",
      subnetwork: "regions/europe-west4/subnetworks/acme-dev-europe-west4",
      machineType: "e2-standard-2",
      maxWorkers: 2,
      serviceAccountEmail: "acme-dev-dataflow@acme-data-dev.iam.gserviceaccount.com",
      sdkContainerImage: "europe-west4-docker.pkg.dev/acme-data-dev/batch-platform/medallion-template:0.1.0",
    });
  });

  it("uploads the Flex Template spec (image + the pipeline engineer's metadata) into the processing bucket", async () => {
    const [object] = await registered(capture, "gcp:storage/bucketObject:BucketObject");
    expect(object.inputs).toMatchObject({ bucket: "acme-dev-processing", name: "templates/medallion.json", contentType: "application/json" });
    expect(JSON.parse(dataflow.templateSpec)).toEqual({ image: dataflow.imageUri, sdkInfo: { language: "PYTHON" }, metadata: flexTemplateMetadata() });
    const [repository] = await registered(capture, "gcp:artifactregistry/repository:Repository");
    expect(repository.inputs).toMatchObject({ repositoryId: "batch-platform", format: "DOCKER", location: "europe-west4", labels: { ...labels, component: "engine" } });
  });

  it("gives the workers least privilege: landing read, processing write, bronze/silver/gold datasets", async () => {
    const buckets = (await registered(capture, "gcp:storage/bucketIAMMember:BucketIAMMember")).filter((m) => String(m.inputs.member).includes("dataflow"));
    expect(buckets.map((m) => `${m.inputs.bucket} ${m.inputs.role}`).sort()).toEqual(["acme-dev-landing roles/storage.objectViewer", "acme-dev-processing roles/storage.objectUser"]);
    const datasets = await registered(capture, "gcp:bigquery/datasetIamMember:DatasetIamMember");
    expect(datasets.map((m) => `${m.inputs.datasetId} ${m.inputs.role}`).sort()).toEqual(["bronze roles/bigquery.dataEditor", "gold roles/bigquery.dataEditor", "silver roles/bigquery.dataEditor"]);
    const project = (await registered(capture, "gcp:projects/iAMMember:IAMMember")).filter((m) => String(m.inputs.member).includes("dataflow"));
    expect(project.map((m) => m.inputs.role).sort()).toEqual([...DATAFLOW_WORKER_PROJECT_ROLES].sort());
  });

  it("lets the launcher act as the worker account only and read the template", async () => {
    const actAs = await registered(capture, "gcp:serviceaccount/iAMMember:IAMMember");
    expect(actAs.map((m) => [m.inputs.serviceAccountId, m.inputs.role, m.inputs.member])).toEqual([
      ["acme-dev-dataflow", "roles/iam.serviceAccountUser", "serviceAccount:acme-dev-airflow@acme-data-dev.iam.gserviceaccount.com"],
    ]);
    const launcher = (await registered(capture, "gcp:projects/iAMMember:IAMMember")).filter((m) => String(m.inputs.member).includes("airflow"));
    expect(launcher.map((m) => m.inputs.role)).toEqual(["roles/dataflow.developer"]);
    const read = (await registered(capture, "gcp:storage/bucketIAMMember:BucketIAMMember")).filter((m) => String(m.inputs.member).includes("airflow"));
    expect(read.map((m) => `${m.inputs.bucket} ${m.inputs.role}`)).toEqual(["acme-dev-processing roles/storage.objectViewer"]);
  });

  it("opens worker-to-worker ports between Dataflow VMs only", async () => {
    const [firewall] = await registered(capture, "gcp:compute/firewall:Firewall");
    expect(firewall.inputs).toMatchObject({ allows: [{ protocol: "tcp", ports: ["12345-12346"] }], sourceTags: ["dataflow"], targetTags: ["dataflow"], direction: "INGRESS" });
    expect(firewall.inputs.sourceRanges).toBeUndefined();
  });

  it("validates its arguments", () => {
    expect(dataflowProblems({ ...args, maxWorkers: 0, network: { ...args.network, subnetworkPath: "regions/us-central1/subnetworks/x" } })).toEqual([
      "maxWorkers: got 0; expected a whole number from 1 to 1000",
      `network.subnetworkPath: got "regions/us-central1/subnetworks/x"; expected a subnet of europe-west4 (regions/europe-west4/subnetworks/<name>)`,
    ]);
  });
});
