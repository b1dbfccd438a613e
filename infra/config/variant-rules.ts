import { DELTA_PACKAGE, HADOOP_AWS_PACKAGE, POSTGRES_JDBC_PACKAGE } from "../../components/engine/spark-job-spec";
import { LAKE_ZONE_NAMES } from "../../components/lake/lake-zone";
import { minioServersProblems } from "../../components/lake/minio-lake";
import { minioDrivesProblems } from "../../components/lake/minio-drives";
import { imageReferenceProblems } from "../../components/lake/minio-images";
import {
  ZEPPELIN_SPARK_IMAGE,
  ZEPPELIN_SPARK_PACKAGES,
} from "../../components/notebook/zeppelin-spark-versions";
import { didYouMean } from "../../components/pipeline/spec-issues";
import { AZURE_REGIONS, GCP_REGIONS, OSS_REGION_PATTERN } from "../regions";
import { SPARK_ON_AKS_REFUSAL } from "../settings/azure";
import { ossSettingsProblems } from "../settings/oss";
import { hint, problemLine, type ProblemContext } from "./issues";
import { CONFIG_NAMESPACE, type KeyPath } from "./keys";
import { catalogMachineTypes } from "./machine-types";
import { AZURE_ACCESS_TIERS, GCP_STORAGE_CLASSES, type ParsedConfig } from "./schema";

/** Azure availability zones are numbered per region. */
const AZURE_ZONES = ["1", "2", "3"] as const;

/**
 * Checks that depend on the variant or on several keys at once: the region and zones belong to the
 * stack's cloud, machine types are ones the price catalog lists for it, settings of other variants
 * are absent (they would be ignored), and the cross-field rules of the sections.
 * @param input what the stack file set (before defaults), to tell set keys from defaulted ones
 * @param declaredPipelineNames the pipelines in `pipelines/`
 */
export function variantProblems(
  config: ParsedConfig,
  input: Readonly<Record<string, unknown>>,
  context: ProblemContext,
  declaredPipelineNames: readonly string[],
): string[] {
  const problems: string[] = [];
  const report = (path: KeyPath, value: unknown, expected: string) =>
    problems.push(problemLine(context, path, value, expected));
  const { variant, region } = config;

  if (variant === "gcp" && !(GCP_REGIONS as readonly string[]).includes(region)) {
    report(["region"], region, `a GCP region, one of ${GCP_REGIONS.join(", ")}`);
  }
  if (variant === "azure" && !(AZURE_REGIONS as readonly string[]).includes(region)) {
    report(["region"], region, `an Azure region, one of ${AZURE_REGIONS.join(", ")}`);
  }
  if (variant === "oss" && !OSS_REGION_PATTERN.test(region)) {
    report(["region"], region, "the cluster's region label (lowercase letters, digits, '-')");
  }
  zoneProblems(config, report);
  machineTypeProblems(config, report);
  lakeProblems(config, report);
  otherVariantProblems(config, input, report);

  if (config.lake.minio) {
    const minio = config.lake.minio;
    const path = `${CONFIG_NAMESPACE}:lake.minio`;
    problems.push(...minioServersProblems(minio.servers, `${path}.servers`));
    problems.push(...minioDrivesProblems(minio.servers, minio.drivesPerServer, `${path}.drivesPerServer`));
    problems.push(...imageReferenceProblems(`${path}.image`, minio.image));
    problems.push(...imageReferenceProblems(`${path}.mcImage`, minio.mcImage));
  }
  // Cross-field rules of the variant sections, checked here so the whole config fails at once.
  if (variant === "oss") problems.push(...ossSettingsProblems(config.oss));
  if (variant === "azure" && config.azure.engine === "spark") report(["azure", "engine"], config.azure.engine, SPARK_ON_AKS_REFUSAL);
  if (variant === "oss" && !config.oss.network.packageDownloads && config.oss.spark.image === undefined) {
    report(
      ["oss", "network", "packageDownloads"],
      false,
      `true, or ${CONFIG_NAMESPACE}:oss.spark.image naming an image with ${DELTA_PACKAGE}, ` +
        `${HADOOP_AWS_PACKAGE} (and its AWS SDK bundle) and ${POSTGRES_JDBC_PACKAGE} in $SPARK_HOME/jars ` +
        "(the pinned apache/spark image downloads them from Maven Central when a job starts)",
    );
  }
  if (variant === "oss" && !config.oss.network.packageDownloads && config.oss.spark.notebookImage === undefined) {
    report(
      ["oss", "network", "packageDownloads"],
      false,
      `true, or ${CONFIG_NAMESPACE}:oss.spark.notebookImage naming an image FROM ${ZEPPELIN_SPARK_IMAGE} with ` +
        `${ZEPPELIN_SPARK_PACKAGES.join(" and ")} (and its AWS SDK bundle) in $SPARK_HOME/jars (Zeppelin's Spark)`,
    );
  }
  // Zeppelin's jars are mirrored into `curated`; the weekly refresh must outrun the zone's expiry.
  const curatedDays = config.lake.zones.curated.retentionDays;
  if (variant === "oss" && config.oss.network.packageDownloads && curatedDays !== undefined && curatedDays < 14) {
    report(
      ["lake", "zones", "curated", "retentionDays"],
      curatedDays,
      "at least 14 on oss stacks that download packages (Zeppelin's Spark packages are mirrored into curated " +
        "and re-uploaded weekly), or none",
    );
  }
  if (variant === "oss" && config.environment !== "dev" && !config.oss.tls.enabled) {
    report(["oss", "tls", "enabled"], false, "true in staging and prod (only dev may turn TLS off)");
  }

  (config.pipelines ?? []).forEach((name, i) => {
    if (declaredPipelineNames.includes(name)) {
      if (config.pipelines?.indexOf(name) !== i) report(["pipelines", i], name, "each pipeline once");
      return;
    }
    const suggestion = didYouMean(name, declaredPipelineNames);
    report(
      ["pipelines", i],
      name,
      `the name of a file in pipelines/ (${declaredPipelineNames.join(", ")})` +
        (suggestion ? `; ${hint(suggestion).trim()}` : ""),
    );
  });

  for (const [pool, settings] of Object.entries(config.cluster.nodePools ?? {})) {
    if (settings.minNodes > settings.maxNodes)
      report(["cluster", "nodePools", pool, "minNodes"], settings.minNodes, `at most maxNodes (${settings.maxNodes})`);
    if (pool !== "batch" && settings.spot)
      report(["cluster", "nodePools", pool, "spot"], true, "false (only the batch pool may run on spot capacity)");
  }
  return problems;
}

type Report = (path: KeyPath, value: unknown, expected: string) => void;

/** Zones of the stack's region: `<region>-a` on GCP, `1`–`3` on Azure; each once. */
function zoneProblems(config: ParsedConfig, report: Report): void {
  const zones = config.cluster.zones ?? [];
  zones.forEach((zone, i) => {
    const at = ["cluster", "zones", i];
    if (config.variant === "gcp" && !new RegExp(`^${config.region}-[a-z]$`).test(zone))
      report(at, zone, `a zone of ${config.region}, e.g. ${config.region}-b`);
    if (config.variant === "azure" && !(AZURE_ZONES as readonly string[]).includes(zone))
      report(at, zone, `an Azure availability zone of ${config.region}: ${AZURE_ZONES.join(", ")}`);
    if (zones.indexOf(zone) !== i) report(at, zone, "each zone once");
  });
}

/** GKE and AKS pools (and Dataflow workers) use machine types the price catalog lists for the cloud. */
function machineTypeProblems(config: ParsedConfig, report: Report): void {
  if (config.variant === "oss") return; // an existing cluster's nodes are only described
  const known = catalogMachineTypes(config.variant);
  const check = (path: KeyPath, machineType: string) => {
    if (known.includes(machineType)) return;
    const suggestion = didYouMean(machineType, known);
    report(
      path,
      machineType,
      `a ${config.variant === "gcp" ? "Compute Engine" : "Azure VM"} machine type of the price catalog ` +
        `(unknown machine type${suggestion ? `; ${hint(suggestion).trim()}` : ""}): ${known.join(", ")}`,
    );
  };
  for (const [pool, settings] of Object.entries(config.cluster.nodePools ?? {}))
    check(["cluster", "nodePools", pool, "machineType"], settings.machineType);
  if (config.variant === "gcp") check(["gcp", "dataflow", "machineType"], config.gcp.dataflow.machineType);
}

/** Storage classes and tiers of the lake's cloud, cold tiering before expiry. */
function lakeProblems(config: ParsedConfig, report: Report): void {
  // Landed files are the only copy of the source data: in prod an overwrite or delete must be undoable
  // (ADLS with a hierarchical namespace has no blob versioning; its soft delete covers this).
  if (config.environment === "prod" && config.variant !== "azure" && !config.lake.zones.landing.versioning) {
    const why = "true in prod (landed files are the only copy of the source data)";
    report(["lake", "zones", "landing", "versioning"], false, why);
  }
  const allowed: readonly string[] =
    config.variant === "gcp" ? GCP_STORAGE_CLASSES : config.variant === "azure" ? AZURE_ACCESS_TIERS : [];
  for (const zone of LAKE_ZONE_NAMES) {
    const settings = config.lake.zones[zone];
    const at = ["lake", "zones", zone];
    if (settings.storageClass !== undefined && !allowed.includes(settings.storageClass)) {
      const what = allowed.length
        ? `one of ${allowed.join(", ")} for variant ${config.variant}`
        : `nothing for variant ${config.variant} (MinIO has one storage class)`;
      report([...at, "storageClass"], settings.storageClass, what);
    }
    if (config.variant === "oss" && settings.coldAfterDays !== undefined) {
      report([...at, "coldAfterDays"], settings.coldAfterDays, "nothing for variant oss (MinIO has no cold tier here)");
    }
    if (
      settings.retentionDays !== undefined &&
      settings.coldAfterDays !== undefined &&
      settings.coldAfterDays >= settings.retentionDays
    ) {
      report(
        [...at, "coldAfterDays"],
        settings.coldAfterDays,
        `fewer days than retentionDays (${settings.retentionDays})`,
      );
    }
  }
}

/** Keys only one variant reads: set on another, they would be silently ignored. */
function otherVariantProblems(config: ParsedConfig, input: Readonly<Record<string, unknown>>, report: Report): void {
  const { variant } = config;
  const only = (path: KeyPath, value: unknown, owner: string, why: string) =>
    report(path, value, `nothing for variant ${variant} (${owner} only: ${why})`);
  if (config.lake.redundancy !== undefined && variant !== "azure")
    only(["lake", "redundancy"], config.lake.redundancy, "azure", "storage account redundancy");
  if (config.lake.minio !== undefined && variant !== "oss")
    only(["lake", "minio"], (input.lake as { minio?: unknown } | undefined)?.minio, "oss", "MinIO is the oss lake");
  if (config.kubeconfig !== undefined && variant !== "oss")
    only(["kubeconfig"], config.kubeconfig, "oss", "the other variants create their cluster");
  if (config.cluster.context !== undefined && variant !== "oss")
    only(["cluster", "context"], config.cluster.context, "oss", "the other variants create their cluster");
  for (const [pool, settings] of Object.entries(config.cluster.nodePools ?? {})) {
    if (settings.hourlyUsd !== undefined && variant !== "oss") {
      only(
        ["cluster", "nodePools", pool, "hourlyUsd"],
        settings.hourlyUsd,
        "oss",
        "cloud nodes are priced from the catalog",
      );
    }
  }
  for (const section of ["oss", "azure", "gcp"] as const) {
    // Only what the stack file set counts, not the defaults the schema filled in.
    if (section !== variant && input[section] !== undefined)
      only([section], input[section], section, "they would be ignored");
  }
}
