import * as pulumi from "@pulumi/pulumi";
import { Repository } from "@pulumi/gcp/artifactregistry/repository";
import { RepositoryIamMember } from "@pulumi/gcp/artifactregistry/repositoryIamMember";
import { Firewall } from "@pulumi/gcp/compute/firewall";
import { IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects/iammember";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { IAMMember as ServiceAccountIAMMember } from "@pulumi/gcp/serviceaccount/iammember";
import { BucketObject } from "@pulumi/gcp/storage/bucketObject";
import { assertNoProblems } from "../common/validation";
import type { WorkloadIdentity } from "../identity/workload-identity";
import type { DataLake } from "../lake/data-lake";
import { googleCloudConnection, GOOGLE_CONN_ID } from "../orchestrator/airflow-connections";
import { flexTemplateSpecFile } from "../pipeline/flex-template";
import type { Engine, EngineRun, MedallionJob } from "./engine";
import { flexTemplateTask, type DataflowLaunch } from "./dataflow-dag-tasks";

export interface DataflowArgs {
  readonly project: string;
  /** Region of the jobs, the image repository and the worker subnet. */
  readonly region: string;
  /** A GCS lake: workers read landing and keep staging/temp files in processing; the template spec goes there too. */
  readonly lake: DataLake;
  /** The VPC the workers run in (private IPs only). */
  readonly network: { readonly networkId: pulumi.Input<string>; readonly networkName: string; readonly subnetworkPath: string };
  /** Worker service account id. */
  readonly serviceAccountId: string;
  /** Worker machine type. */
  readonly machineType: string;
  /** Autoscaling bound per job. */
  readonly maxWorkers: number;
  /** Tag of the template image CI pushes to the repository. */
  readonly imageTag: string;
  /** Artifact Registry repository id. @default "batch-platform" */
  readonly repositoryId?: string;
  /** Object name of the template spec in the processing bucket. @default "templates/medallion.json" */
  readonly templateObject?: string;
  /** Labels on the repository and the template object; `component` is added. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Project-level roles of the workers. The BigQuery two carry no data access: jobs and read sessions exist only per project. */
export const DATAFLOW_WORKER_PROJECT_ROLES = ["roles/dataflow.worker", "roles/bigquery.jobUser", "roles/bigquery.readSessionUser"] as const;
/** The image name inside the repository. */
export const FLEX_TEMPLATE_IMAGE_NAME = "medallion-template";
/** Ports Dataflow workers use to talk to each other (shuffle), allowed between `dataflow`-tagged VMs only. */
export const DATAFLOW_WORKER_PORTS = "12345-12346";

/** Pure validation of {@link DataflowArgs}. */
export function dataflowProblems(args: DataflowArgs): string[] {
  const problems: string[] = [];
  const show = JSON.stringify;
  if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(args.serviceAccountId)) problems.push(`serviceAccountId: got ${show(args.serviceAccountId)}; expected 6-30 lowercase letters, digits and -`);
  if (!/^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(args.machineType)) problems.push(`machineType: got ${show(args.machineType)}; expected a Compute Engine machine type, e.g. n2-standard-4`);
  if (!Number.isInteger(args.maxWorkers) || args.maxWorkers < 1 || args.maxWorkers > 1000) problems.push(`maxWorkers: got ${args.maxWorkers}; expected a whole number from 1 to 1000`);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(args.imageTag)) problems.push(`imageTag: got ${show(args.imageTag)}; expected a Docker tag`);
  if (!/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(args.repositoryId ?? "batch-platform")) problems.push(`repositoryId: got ${show(args.repositoryId)}; expected lowercase letters, digits and -`);
  if (!/^[a-z0-9][a-z0-9._/-]*\.json$/.test(args.templateObject ?? "templates/medallion.json")) problems.push(`templateObject: got ${show(args.templateObject)}; expected an object name ending in .json`);
  if (args.lake.kind !== "gcs") problems.push(`lake: got a ${args.lake.kind} lake; expected a GCS lake (Dataflow reads gs:// only)`);
  if (!args.network.subnetworkPath.startsWith(`regions/${args.region}/`)) problems.push(`network.subnetworkPath: got ${show(args.network.subnetworkPath)}; expected a subnet of ${args.region} (regions/${args.region}/subnetworks/<name>)`);
  return problems;
}

/**
 * Dataflow as the medallion engine: a worker service account with least-privilege roles, the
 * Artifact Registry repository of the Flex Template image, the template spec file in the processing
 * bucket, staging and temp locations there, and a firewall rule for worker-to-worker traffic.
 * Bronze, silver and gold live in the warehouse's BigQuery datasets, which the warehouse lets the
 * workers write. Airflow launches one job per run (DataflowStartFlexTemplateOperator).
 * The image itself is built and pushed by CI from `flexTemplateBuildContext()`.
 */
export class Dataflow extends pulumi.ComponentResource implements Engine {
  readonly kind = "dataflow" as const;
  readonly title = "Dataflow";
  readonly medallionStore = "warehouse" as const;
  /** The workers' identity (a Google service account; no Kubernetes service account). */
  readonly identity: WorkloadIdentity;
  /** The launch settings rendered into DAG files. */
  readonly launch: DataflowLaunch;
  /** The image CI must push, `<region>-docker.pkg.dev/<project>/<repo>/medallion-template:<tag>`. */
  readonly imageUri: string;
  readonly serviceAccountEmail: pulumi.Output<string>;
  readonly templateGcsPath: string;
  /** The template spec file's JSON (the provider keeps object content secret, so plans show a mask). */
  readonly templateSpec: string;
  private readonly workerAccount: Account;
  private readonly project: string;
  private readonly lake: DataLake;

  constructor(name: string, args: DataflowArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("Dataflow", dataflowProblems(args));
    super("batch-platform:engine:Dataflow", name, {}, opts);
    this.project = args.project;
    this.lake = args.lake;
    const labels = { ...args.labels, component: "engine" };
    const repositoryId = args.repositoryId ?? "batch-platform";
    const templateObject = args.templateObject ?? "templates/medallion.json";

    const worker = new Account(
      `${name}-worker`,
      { accountId: args.serviceAccountId, project: args.project, displayName: "Dataflow workers of the medallion pipelines" },
      { parent: this },
    );
    this.workerAccount = worker;
    for (const role of DATAFLOW_WORKER_PROJECT_ROLES) {
      new ProjectIAMMember(`${name}-worker-${role.split("/")[1]}`, { project: args.project, role, member: worker.member }, { parent: this });
    }
    this.identity = { name: `${name}-worker`, serviceAccounts: [], google: { email: worker.email } };
    args.lake.grant(this.identity, "landing", "read");
    args.lake.grant(this.identity, "processing", "write");

    const repository = new Repository(
      `${name}-images`,
      {
        repositoryId,
        project: args.project,
        location: args.region,
        format: "DOCKER",
        description: "Flex Template images of the batch-platform medallion pipelines",
        dockerConfig: { immutableTags: true },
        cleanupPolicies: [
          { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: 10 } },
          { id: "drop-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: "604800s" } },
        ],
        labels,
      },
      { parent: this },
    );
    // The launcher VM and the workers pull the template image as the worker account.
    new RepositoryIamMember(
      `${name}-worker-images-read`,
      { project: args.project, location: args.region, repository: repository.repositoryId, role: "roles/artifactregistry.reader", member: worker.member },
      { parent: this },
    );

    this.imageUri = `${args.region}-docker.pkg.dev/${args.project}/${repositoryId}/${FLEX_TEMPLATE_IMAGE_NAME}:${args.imageTag}`;
    const processing = args.lake.zoneRoots.processing.uri;
    this.templateGcsPath = `${processing}/${templateObject}`;
    this.templateSpec = `${JSON.stringify(flexTemplateSpecFile(this.imageUri), null, 2)}\n`;
    new BucketObject(
      `${name}-template`,
      {
        bucket: args.lake.zones.processing.bucket,
        name: templateObject,
        content: this.templateSpec,
        contentType: "application/json",
        metadata: { component: "engine", "image-tag": args.imageTag },
      },
      { parent: this },
    );

    new Firewall(
      `${name}-workers`,
      {
        name: `${args.network.networkName}-dataflow-workers`,
        project: args.project,
        network: args.network.networkId,
        description: "Dataflow worker-to-worker traffic (shuffle)",
        direction: "INGRESS",
        priority: 1000,
        allows: [{ protocol: "tcp", ports: [DATAFLOW_WORKER_PORTS] }],
        sourceTags: ["dataflow"],
        targetTags: ["dataflow"],
      },
      { parent: this },
    );

    const workerEmail = `${args.serviceAccountId}@${args.project}.iam.gserviceaccount.com`;
    this.serviceAccountEmail = worker.email;
    this.launch = {
      project: args.project,
      region: args.region,
      templateGcsPath: this.templateGcsPath,
      tempLocation: `${processing}/dataflow/tmp`,
      stagingLocation: `${processing}/dataflow/staging`,
      network: args.network.networkName,
      subnetwork: args.network.subnetworkPath,
      machineType: args.machineType,
      maxWorkers: args.maxWorkers,
      serviceAccountEmail: workerEmail,
      sdkContainerImage: this.imageUri,
    };
    this.registerOutputs({ serviceAccountEmail: this.serviceAccountEmail });
  }

  /**
   * Lets an identity (the orchestrator) launch this engine's jobs: Dataflow developer on the project
   * (jobs exist only per project), act as the worker account (that account only), read the template.
   */
  grantLaunch(identity: WorkloadIdentity): void {
    const email = identity.google?.email;
    if (email === undefined) throw new Error(`Dataflow: ${identity.name} has no Google service account; it cannot launch Dataflow jobs`);
    const member = pulumi.interpolate`serviceAccount:${email}`;
    new ProjectIAMMember(`${identity.name}-dataflow-developer`, { project: this.project, role: "roles/dataflow.developer", member }, { parent: this });
    new ServiceAccountIAMMember(`${identity.name}-act-as-worker`, { serviceAccountId: this.workerAccount.name, role: "roles/iam.serviceAccountUser", member }, { parent: this });
    this.lake.grant(identity, "processing", "read");
  }

  /** A pipeline on Dataflow: one Flex Template launch that writes bronze, silver and gold into BigQuery. */
  pipelineRun(_name: string, job: MedallionJob, _parent: pulumi.Resource): EngineRun {
    if (job.gold.kind !== "bigquery") {
      throw new Error(`Dataflow: pipeline ${job.spec.name}: the warehouse takes gold over ${job.gold.kind}; Dataflow writes bronze, silver and gold to BigQuery only`);
    }
    const target = { landingUri: job.landingUri, bigqueryProject: job.gold.project, datasets: job.gold.datasets };
    return {
      tasks: [flexTemplateTask(job.spec, this.launch, target, GOOGLE_CONN_ID)],
      dagFiles: {},
      objects: [],
      needs: [
        { kind: "connection", connId: GOOGLE_CONN_ID, connection: () => ({ value: googleCloudConnection(this.project) }) },
        { kind: "access", key: `dataflow:${this.launch.templateGcsPath}:launch`, grant: (identity) => this.grantLaunch(identity) },
      ],
    };
  }
}
