import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/cli";

/**
 * Upstream facts at the pinned versions (chart values, template references, configuration keys),
 * kept beside the repository in `../shared/upstream/` and never copied into it. Tests that read
 * them skip, visibly, when the folder is absent. `BATCH_PLATFORM_UPSTREAM` points elsewhere (an
 * empty folder shows what a clone without the facts runs).
 */
export const UPSTREAM_ROOT = process.env.BATCH_PLATFORM_UPSTREAM ?? join(ROOT, "../shared/upstream");

/** Facts of a nearer version standing in for a pin that has none here. */
export interface StandInFacts {
  readonly facts: string;
  /** True where every value path the platform sets was checked against the pin itself. */
  readonly allValues: boolean;
}

/**
 * Pins without their own facts here, and the nearest version whose facts stand in for them:
 * - airflow 1.22.0: its chart could not be read here (checked up to 1.19.0); 1.16.0's facts hold
 *   for the security-context paths only (1.22.0 reads keys 1.16.0 lacks).
 * - yugabyte 2025.2.5: the chart's diff from 2024.2.6 (yugabyte/charts f940864..d97fc01) was read;
 *   every value path the platform sets is still in values.yaml or read by the same templates
 *   (podSecurityContext and the storage and resources maps rendered whole, as before).
 * - trino 1.42.2: the diff from 1.42.0 (trinodb/charts trino-1.42.0..trino-1.42.2) only adds
 *   values (fullnameOverride, headerAuthenticator, jvm heap percentages, startupProbe,
 *   serviceMonitor scrapeTimeout) and templates catalogs with `tpl`; every path the platform sets is
 *   read as before.
 * - strimzi-kafka-operator 1.2.0: each top-level key the platform sets (replicas, watchNamespaces,
 *   watchAnyNamespace, resources, nodeSelector, tolerations, podSecurityContext, securityContext,
 *   extraEnvs, createGlobalResources, generateNetworkPolicy, labels) is in its values.yaml and read
 *   by its templates (strimzi/strimzi-kafka-operator at tag 1.2.0, packaging/helm-charts/helm3).
 */
export const NEAREST_CHART_FACTS: Readonly<Record<string, StandInFacts>> = {
  "airflow-1.22.0": { facts: "airflow-1.16.0", allValues: false },
  "yugabyte-2025.2.5": { facts: "yugabyte-2024.2.6", allValues: true },
  "strimzi-kafka-operator-1.2.0": { facts: "strimzi-kafka-operator-0.45.0", allValues: true },
  "trino-1.42.2": { facts: "trino-1.42.0", allValues: true },
};

/** The folder of one upstream fact set, e.g. `charts/trino-1.42.0` or `trino-479`, if present. */
export function upstreamFolder(relative: string): string | undefined {
  const folder = join(UPSTREAM_ROOT, relative);
  return existsSync(folder) ? folder : undefined;
}

/**
 * The Spark facts held here are Spark 3.5.5's (with Delta 3.3.0 and Hadoop 3.3.6). They are
 * Zeppelin's line (3.5.8) and stand in for the jobs' Spark 4.1.3, Delta 4.4.0 and hadoop-aws
 * 3.4.2: every key the jobs set (spark.sql.extensions, spark.sql.catalog.spark_catalog,
 * spark.sql.catalogImplementation, spark.sql.ansi.enabled, spark.{driver,executor}.extraClassPath,
 * spark.jars.ivy and fs.s3a.{impl,endpoint,endpoint.region,path.style.access,
 * connection.ssl.enabled,aws.credentials.provider}) is a key of both lines; a key only Spark 4
 * has would be reported here, one Spark 4 dropped would not.
 */
export const SPARK_STAND_IN = { facts: "spark-3.5.5", standsInFor: ["spark-4.1.3", "delta-4.4.0", "hadoop-aws-3.4.2"] } as const;

/**
 * The Trino connector facts held here are Trino 479's; they stand in for the pinned 483. The
 * release notes of 480–483 remove none of the properties the catalogs set, and Trino 481 renamed
 * one (FileSystemConfig: `fs.s3.enabled`, legacy name `fs.native-s3.enabled`), so a catalog is
 * checked with the renamed keys put back under their 479 names.
 */
export const TRINO_STAND_IN = {
  facts: "trino-479",
  renamedSince: { "fs.s3.enabled": "fs.native-s3.enabled" } as Readonly<Record<string, string>>,
} as const;
