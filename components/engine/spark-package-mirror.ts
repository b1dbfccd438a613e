import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { Chart } from "cdk8s";
import { KubeCronJob, KubeJob, Quantity, type Container, type Volume } from "cdk8s-plus-34/lib/imports/k8s";
import { assertNoProblems } from "../common/validation";
import { kubernetesIdentity } from "../identity/workload-identity";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import type { DataLake } from "../lake/data-lake";
import { lakeCredentialsSecret } from "../lake/lake-credentials";
import { RESTRICTED_CONTAINER, restrictedJobPodSpec } from "../k8s/restricted-container";
import type { LakeZoneName } from "../lake/lake-zone";
import { MC, MC_LAKE_ALIAS, mcCaVolume, mcCommand, mcLakeContainer, mcTrustLines } from "../lake/mc-client";
import { DEFAULT_MC_IMAGE, type ImageReference } from "../lake/minio-images";
import { SPARK_IMAGE, SPARK_UID } from "./spark-job-spec";

/** Where a mirror's jars are in the lake, and how a consumer knows the copy is whole. */
export interface SparkPackageSource {
  readonly bucket: string;
  /** `<prefix>/jars/*.jar`, then `<prefix>/_COMPLETE` once every jar is there. */
  readonly prefix: string;
}

export interface SparkPackageMirrorArgs {
  /** Namespace of the mirror Job; it must allow HTTPS out (Maven Central). */
  readonly namespace: string;
  /** An S3 lake (MinIO): the Job uploads with its own keys. */
  readonly lake: DataLake;
  /** Maven coordinates, as `spark.jars.packages` takes them. */
  readonly packages: readonly string[];
  /** The zone the jars go to, under `area`. @default "curated" */
  readonly zone?: LakeZoneName;
  /**
   * The mirror's own area of the zone: only its user writes there, every other writer is denied
   * it. Two mirrors need two areas. @default "platform/spark-packages/"
   */
  readonly area?: string;
  /**
   * The zone's `retentionDays`, if it expires objects: the weekly refresh re-uploads the jars well
   * before, and a zone that keeps objects less than two weeks is refused. @default never expires
   */
  readonly zoneRetentionDays?: number;
  /** When the refresh runs (five-field cron, UTC). @default "17 3 * * 0" (weekly) */
  readonly refreshSchedule?: string;
  /** The Spark image whose Ivy resolves the packages (the one the consumers run). @default SPARK_IMAGE */
  readonly sparkImage?: string;
  /** The `mc` image that uploads. @default DEFAULT_MC_IMAGE */
  readonly uploaderImage?: ImageReference;
  /** The CA (a Secret key in `namespace`) that signed an https lake's certificate. @default the image's roots */
  readonly endpointCA?: { readonly name: string; readonly key: string };
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Labels on every object (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const COORDINATE = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+$/;
const WORK = "/mirror";
/** Spark's Ivy puts the resolved jars in `<spark.jars.ivy>/jars`, named `<org>_<artifact>-<revision>.jar`. */
const IVY_DIR = `${WORK}/ivy`;
export const MIRROR_MARKER = "_COMPLETE";
/** The key prefix of every mirror in its zone; only the mirror's user may write there. */
const DEFAULT_MIRROR_AREA = "platform/spark-packages/";
const AREA = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*\/$/;
const MIN_RETENTION_DAYS = 14;

/** Problems of the arguments, by property path. */
export function sparkPackageMirrorProblems(args: SparkPackageMirrorArgs): string[] {
  const problems: string[] = [];
  if (args.lake.kind !== "minio")
    problems.push(`lake: got a ${args.lake.kind} lake; the mirror uploads with S3 keys, use an S3 lake (MinIO)`);
  if (args.lake.reserveWrites === undefined)
    problems.push(`lake: got a ${args.lake.kind} lake that cannot reserve a prefix for the mirror's writes`);
  if (args.area !== undefined && !AREA.test(args.area))
    problems.push(
      `area: got ${JSON.stringify(args.area)}; expected lower-case path segments ending in "/", e.g. "platform/notebook-packages/"`,
    );
  if (args.packages.length === 0) problems.push("packages: got none; expected Maven coordinates to mirror");
  const days = args.zoneRetentionDays;
  if (days !== undefined && days < MIN_RETENTION_DAYS)
    problems.push(
      `zoneRetentionDays: got ${days}; expected at least ${MIN_RETENTION_DAYS} (the weekly refresh must re-upload the jars before the zone expires them)`,
    );
  if (args.refreshSchedule !== undefined && args.refreshSchedule.trim().split(/\s+/).length !== 5)
    problems.push(`refreshSchedule: got ${JSON.stringify(args.refreshSchedule)}; expected five cron fields`);
  for (const [index, coordinate] of args.packages.entries()) {
    if (!COORDINATE.test(coordinate))
      problems.push(`packages[${index}]: got ${JSON.stringify(coordinate)}; expected group:artifact:version`);
  }
  return problems;
}

/** The mirror's pods: the only ones that may need HTTPS out of the cluster. */
export const SPARK_PACKAGE_MIRROR_POD_LABELS = { "app.kubernetes.io/component": "spark-package-mirror" } as const;

/** A mirror's copy as its consumers use it: where it is and which packages it holds. */
export interface SparkPackageCopy {
  readonly source: SparkPackageSource;
  readonly packages: readonly string[];
  /** The `mc` image that copies the jars into a pod. @default DEFAULT_MC_IMAGE */
  readonly image?: ImageReference;
}

/** The packages `needed` that `copy` does not hold, one problem line each. */
export function missingPackageProblems(copy: SparkPackageCopy, needed: readonly string[]): string[] {
  return needed
    .filter((coordinate) => !copy.packages.includes(coordinate))
    .map((coordinate) => `packageSource: the mirror holds no ${coordinate}; add it to the mirror's packages`);
}

/** The file Spark's Ivy gives a resolved package (`[organization]_[artifact]-[revision].jar`). */
export function ivyJarName(coordinate: string): string {
  const [group, artifact, version] = coordinate.split(":");
  return `${group}_${artifact}-${version}.jar`;
}

/**
 * The shell script that copies a mirror's jars into `dir` once the mirror's marker is there, with
 * `mc` (config directory `configDir`, alias `lake` from `MC_HOST_lake`, trusting `caFile` if given).
 */
export function packageCopyScript(source: SparkPackageSource, dir: string, configDir: string, caFile?: string): string {
  const mc = mcCommand(configDir);
  const from = `${MC_LAKE_ALIAS}/${source.bucket}/${source.prefix}`;
  return [
    "set -eu",
    ...(caFile !== undefined ? mcTrustLines(configDir, caFile) : []),
    `until ${mc} stat "${from}/${MIRROR_MARKER}" > /dev/null; do`,
    '  echo "waiting for the Spark package mirror"; sleep 10',
    "done",
    `${mc} mirror --overwrite "${from}/jars" ${dir}`,
  ].join("\n");
}

/** The lake location of a package set: a new set (or Spark image) gets a new prefix, so no copy is half-replaced. */
export function sparkPackagePrefix(
  packages: readonly string[],
  sparkImage: string,
  area: string = DEFAULT_MIRROR_AREA,
): string {
  const digest = createHash("sha256")
    .update(JSON.stringify({ sparkImage, packages: [...packages].sort() }))
    .digest("hex");
  return `${area}${digest.slice(0, 12)}`;
}

/** What the mirror Job needs, as plain values. */
export interface SparkPackageMirrorJobProps {
  /** Of the first Job (with the package set's digest: a new set runs a new Job). */
  readonly name: string;
  /** Of the refresh CronJob. */
  readonly refreshName: string;
  readonly refreshSchedule: string;
  readonly namespace: string;
  readonly packages: readonly string[];
  readonly sparkImage: string;
  readonly uploaderImage: ImageReference;
  /** `http(s)://host:port` of the lake's S3 API. */
  readonly endpoint: string;
  readonly source: SparkPackageSource;
  /** Secret in `namespace` with the mirror's own lake keys. */
  readonly lakeCredentialsSecret: string;
  readonly endpointCA?: { readonly name: string; readonly key: string };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

const resources = (memory: string) => ({
  requests: { cpu: Quantity.fromString("250m"), memory: Quantity.fromString(memory) },
  limits: { cpu: Quantity.fromString("1"), memory: Quantity.fromString(memory) },
});

/**
 * Adds the mirror Job: Spark's own `spark-submit` resolves the packages with the Ivy settings the
 * consumers would use (a no-op Python script as the application: nothing runs after resolution),
 * then `mc` uploads the jars and, last, the marker consumers wait for.
 */
export function addSparkPackageMirrorJob(chart: Chart, props: SparkPackageMirrorJobProps): KubeJob {
  const labels = {
    ...props.labels,
    "app.kubernetes.io/part-of": "batch-platform",
    "app.kubernetes.io/name": props.name,
    ...SPARK_PACKAGE_MIRROR_POD_LABELS,
  };
  const work = [{ name: "work", mountPath: WORK }];
  const tmp = { name: "tmp", mountPath: "/tmp" };
  const resolve: Container = {
    name: "resolve",
    image: props.sparkImage,
    imagePullPolicy: "IfNotPresent",
    command: ["sh", "-c"],
    args: [
      [
        "set -eu",
        `: > ${WORK}/resolve.py`,
        `/opt/spark/bin/spark-submit --master 'local[1]' --conf spark.jars.ivy=${IVY_DIR} \\`,
        `  --conf spark.jars.packages=${props.packages.join(",")} ${WORK}/resolve.py`,
        `ls ${IVY_DIR}/jars/*.jar`,
      ].join("\n"),
    ],
    resources: resources("1Gi"),
    securityContext: RESTRICTED_CONTAINER,
    volumeMounts: [...work, tmp],
  };
  const target = `${MC_LAKE_ALIAS}/${props.source.bucket}/${props.source.prefix}`;
  const upload = mcLakeContainer({
    name: "upload",
    image: props.uploaderImage,
    script: [
      // Every run uploads every jar again: the zone's expiry counts from the last upload.
      // `$$(` keeps Kubernetes from reading the command substitution as a variable reference.
      `for jar in ${IVY_DIR}/jars/*.jar; do`,
      `  ${MC} cp "$jar" "${target}/jars/$$(basename "$jar")"`,
      "done",
      `: > /tmp/${MIRROR_MARKER}`,
      `${MC} cp /tmp/${MIRROR_MARKER} "${target}/${MIRROR_MARKER}"`,
    ],
    lakeCredentialsSecret: props.lakeCredentialsSecret,
    endpoint: props.endpoint,
    trustsLakeCa: props.endpointCA !== undefined,
    resources: resources("256Mi"),
    volumeMounts: work,
  });
  const volumes: Volume[] = [
    { name: "work", emptyDir: { sizeLimit: Quantity.fromString("4Gi") } },
    { name: "tmp", emptyDir: { sizeLimit: Quantity.fromString("1Gi") } },
    ...(props.endpointCA ? [mcCaVolume(props.endpointCA)] : []),
  ];
  const jobSpec = {
    backoffLimit: 3,
    activeDeadlineSeconds: 3600,
    template: {
      metadata: { labels },
      spec: {
        ...restrictedJobPodSpec(SPARK_UID, props.nodeSelector),
        // Resolution finishes before the upload starts.
        initContainers: [resolve],
        containers: [upload],
        volumes,
      },
    },
  };
  // The first copy (Pulumi waits for it), then the refresh that keeps it from expiring.
  const job = new KubeJob(chart, props.name, {
    metadata: { name: props.name, namespace: props.namespace, labels },
    spec: jobSpec,
  });
  new KubeCronJob(chart, `${props.name}-refresh`, {
    metadata: { name: props.refreshName, namespace: props.namespace, labels },
    spec: {
      schedule: props.refreshSchedule,
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: { metadata: { labels }, spec: jobSpec },
    },
  });
  return job;
}

/**
 * A copy of Spark packages in the lake, so that the workloads that use them need no internet: a
 * Job in a namespace with HTTPS egress resolves them (Maven Central) and uploads the jars with its
 * own lake user, which may write under its area (`platform/spark-packages/`) only; a weekly CronJob does it
 * again, so a zone that expires objects never expires the copy. Consumers read the jars with their
 * lake grants (the zone's readers) once the marker is there. A new package set (or Spark image)
 * gets a new prefix and a new Job.
 */
export class SparkPackageMirror extends pulumi.ComponentResource {
  /** What consumers pass on: SparkEngine's `packageSource`, and `copy.source` as Zeppelin's. */
  readonly copy: SparkPackageCopy;
  /** The zone the jars are in (consumers need read on it). */
  readonly zone: LakeZoneName;
  /** The Job's manifests: consumers depend on them (Pulumi waits for the Job to complete). */
  readonly ready: pulumi.Resource;

  constructor(name: string, args: SparkPackageMirrorArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("SparkPackageMirror", sparkPackageMirrorProblems(args));
    super("batch-platform:engine:SparkPackageMirror", name, {}, opts);
    const labels = args.labels ?? {};
    const sparkImage = args.sparkImage ?? SPARK_IMAGE;
    this.zone = args.zone ?? "curated";
    const area = args.area ?? DEFAULT_MIRROR_AREA;
    const prefix = sparkPackagePrefix(args.packages, sparkImage, area);
    const source = { bucket: args.lake.zoneRoots[this.zone].bucket, prefix };
    const uploader = args.uploaderImage ?? DEFAULT_MC_IMAGE;
    this.copy = { source, packages: [...args.packages], image: uploader };
    const { identity } = kubernetesIdentity(name, []);
    args.lake.grant(identity, this.zone, "write", area);
    // Spark writes the zone too: nobody but the mirror may replace the jars other workloads load.
    args.lake.reserveWrites!(this.zone, area, identity);
    const access = args.lake.hadoopAccess(identity);
    if (access.kind !== "s3a") throw new Error(`SparkPackageMirror ${name}: needs an S3 lake`);
    const keys = lakeCredentialsSecret(`${name}-lake-credentials`, args.namespace, access, labels, this);
    const chart = newManifestChart(name, args.namespace);
    addSparkPackageMirrorJob(chart, {
      name: `${name}-${prefix.split("/").pop()!}`,
      refreshName: `${name}-refresh`,
      refreshSchedule: args.refreshSchedule ?? "17 3 * * 0",
      namespace: args.namespace,
      packages: args.packages,
      sparkImage,
      uploaderImage: uploader,
      endpoint: access.endpoint,
      source,
      lakeCredentialsSecret: keys.secretName,
      nodeSelector: args.nodeSelector ?? {},
      labels,
      ...(args.endpointCA ? { endpointCA: args.endpointCA } : {}),
    });
    this.ready = deployManifests(name, chart, { parent: this, dependsOn: keys.dependsOn });
    this.registerOutputs({ bucket: source.bucket, prefix });
  }
}
