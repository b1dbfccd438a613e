import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PlanDocument, PlanValue } from "../../infra/plan/document";
import { plannedKubernetesObjects } from "../../infra/plan/kubernetes-objects";
import { listStacks } from "../../infra/plan/stack-file";
import { renderedNumCpus } from "../../components/warehouse/yugabyte-cpu";
import { ROOT } from "../helpers/cli";
import { sharedPlan } from "../helpers/plans";
import { chartName, readChartFacts, type ChartFacts, type Values } from "./chart-facts";
import { chartValuesProblems } from "./chart-values-check";
import {
  hiveSiteProblems,
  isHadoopKey,
  readHadoopKeys,
  readHiveKeys,
  readSparkKeys,
  readTrinoConnector,
  siteXmlNames,
  sparkConfProblems,
  sparkDefaultsKeys,
  trinoCatalogProblems,
} from "./engine-keys";
import { NEAREST_CHART_FACTS, SPARK_STAND_IN, TRINO_STAND_IN, UPSTREAM_ROOT, upstreamFolder } from "./upstream-root";

/** A catalog file with the properties renamed after Trino 479 under their 479 names. */
function asTrino479(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const at = line.indexOf("=");
      const key = at < 0 ? line : line.slice(0, at);
      const old = TRINO_STAND_IN.renamedSince[key.trim()];
      return old === undefined ? line : `${old}${line.slice(key.length)}`;
    })
    .join("\n");
}

/**
 * What every stack's plan sets, against what upstream reads at the pinned versions: each Helm
 * release's values against its chart (values.yaml, template references, values.schema.json), Trino
 * catalogs, Hive and Hadoop site files and Spark confs against the engines' key lists. The facts
 * live in ../shared/upstream/; a chart or engine without them is skipped, with its name in the test.
 */

const HELM_TYPES = new Set(["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Release"]);

interface HelmUse {
  readonly where: string;
  readonly values: PlanValue;
}

function isValues(value: PlanValue | undefined): value is { [key: string]: PlanValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Helm releases of all plans, grouped by `<chart>-<version>` (the facts folder's name). */
function helmUses(plans: ReadonlyMap<string, PlanDocument>): Map<string, HelmUse[]> {
  const uses = new Map<string, HelmUse[]>();
  for (const [stack, document] of plans) {
    for (const resource of document.resources) {
      if (!HELM_TYPES.has(resource.type)) continue;
      const id = `${chartName(String(resource.inputs.chart))}-${String(resource.inputs.version)}`;
      uses.set(id, [
        ...(uses.get(id) ?? []),
        { where: `${stack} ${resource.name}`, values: resource.inputs.values ?? {} },
      ]);
    }
  }
  return new Map([...uses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const factsCache = new Map<string, ChartFacts | undefined>();
function chartFacts(id: string): ChartFacts | undefined {
  if (!factsCache.has(id)) {
    const stand = NEAREST_CHART_FACTS[id];
    const folder = upstreamFolder(join("charts", stand?.allValues ? stand.facts : id));
    factsCache.set(id, folder ? readChartFacts(folder) : undefined);
  }
  return factsCache.get(id);
}

function configMapFiles(document: PlanDocument, file: string): { where: string; text: string }[] {
  return plannedKubernetesObjects(document)
    .filter((o) => o.kind === "ConfigMap" && isValues(o.object.data) && typeof o.object.data[file] === "string")
    .map((o) => ({
      where: `${document.stack} ${o.label} ${file}`,
      text: (o.object.data as Record<string, string>)[file],
    }));
}

describe("the plans against upstream", () => {
  const plans = new Map<string, PlanDocument>();
  for (const stack of listStacks(join(ROOT, "stacks"))) plans.set(stack, sharedPlan(stack));
  const releases = helmUses(plans);

  it("installs Helm charts (the list below is every chart and version the plans use)", () => {
    expect([...releases.keys()].length).toBeGreaterThan(0);
  });

  for (const [id, uses] of releases) {
    const facts = chartFacts(id);
    const stand = NEAREST_CHART_FACTS[id];
    const title = facts
      ? `${id}: every key is in values.yaml or read by a template; merged values pass its schema` +
        (stand?.allValues ? ` (facts of ${stand.facts}, the nearest version held)` : "")
      : `${id}: SKIPPED, no upstream facts in ${join(UPSTREAM_ROOT, "charts", id)}`;
    it.skipIf(facts === undefined)(title, () => {
      const problems = uses.flatMap((use) => {
        if (!isValues(use.values))
          return [`${use.where}: values not known in the plan (${JSON.stringify(use.values)})`];
        return chartValuesProblems(use.values as Values, facts!, chartFacts).map((p) => `${use.where}: ${p}`);
      });
      expect(problems).toEqual([]);
    });
  }

  it("renders --num_cpus of at least 1 for every YugabyteDB server (the chart ceils requests.cpu)", () => {
    const found: string[] = [];
    for (const [id, uses] of releases) {
      if (!id.startsWith("yugabyte-")) continue;
      for (const use of uses) {
        const resource = (use.values as { resource: Record<"master" | "tserver", { requests: { cpu: string } }> })
          .resource;
        for (const server of ["master", "tserver"] as const) {
          found.push(`${use.where} ${server}`);
          expect(renderedNumCpus(resource[server].requests.cpu), `${use.where} ${server}`).toBeGreaterThanOrEqual(1);
        }
      }
    }
    expect(found).toContain("oss-dev warehouse-yugabyte master");
  });

  const trino = upstreamFolder(TRINO_STAND_IN.facts);
  it.skipIf(!trino)(
    trino
      ? "Trino catalogs set only properties their Trino 479 connector binds (standing in for 483, renames mapped back)"
      : `Trino catalogs: SKIPPED, no ${join(UPSTREAM_ROOT, TRINO_STAND_IN.facts)}`,
    () => {
      const problems: string[] = [];
      let catalogs = 0;
      for (const [id, uses] of releases) {
        if (!id.startsWith("trino-")) continue;
        for (const use of uses) {
          for (const [name, text] of Object.entries((use.values as { catalogs: Record<string, string> }).catalogs)) {
            catalogs += 1;
            problems.push(
              ...trinoCatalogProblems(name, asTrino479(text), (connector) => readTrinoConnector(trino!, connector)).map(
                (p) => `${use.where}: ${p}`,
              ),
            );
          }
        }
      }
      expect(catalogs).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
  );

  const hive = upstreamFolder("hive-4.0.1");
  const spark = upstreamFolder(SPARK_STAND_IN.facts);
  it.skipIf(!hive || !spark)(
    hive && spark
      ? "the Hive Metastore's site files set only Hive 4.0.1 and Hadoop keys"
      : `Hive site files: SKIPPED, no ${UPSTREAM_ROOT}/hive-4.0.1 or spark-3.5.5`,
    () => {
      const hiveKeys = readHiveKeys(hive!);
      const hadoop = readHadoopKeys(spark!);
      const problems: string[] = [];
      const sites = [...plans.values()].flatMap((d) => configMapFiles(d, "metastore-site.xml"));
      for (const site of sites)
        problems.push(...hiveSiteProblems(site.text, hiveKeys).map((p) => `${site.where}: ${p}`));
      for (const core of [...plans.values()].flatMap((d) => configMapFiles(d, "core-site.xml"))) {
        for (const name of siteXmlNames(core.text))
          if (!isHadoopKey(name, hadoop)) problems.push(`${core.where}: ${name} is not a Hadoop key`);
      }
      expect(sites.length).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
  );

  it.skipIf(!hive || !spark)(
    hive && spark
      ? "SparkApplications and Zeppelin set only Spark 3.5.5 / Delta 3.3.0 keys (spark.hadoop.* as Hadoop or Hive keys; " +
        "the facts nearest the jobs' Spark 4.1.3, see SPARK_STAND_IN)"
      : `Spark confs: SKIPPED, no ${UPSTREAM_ROOT}/spark-3.5.5 or hive-4.0.1`,
    () => {
      const keys = readSparkKeys(spark!, readHiveKeys(hive!));
      const problems: string[] = [];
      let confs = 0;
      for (const document of plans.values()) {
        for (const object of plannedKubernetesObjects(document)) {
          if (object.kind !== "SparkApplication" && object.kind !== "ScheduledSparkApplication") continue;
          const root = object.object.spec as {
            template?: Record<string, PlanValue>;
            sparkConf?: PlanValue;
            hadoopConf?: PlanValue;
          };
          const spec = (object.kind === "ScheduledSparkApplication" ? root.template : root) as {
            sparkConf?: PlanValue;
            hadoopConf?: PlanValue;
          };
          const where = `${document.stack} ${object.label}`;
          confs += 1;
          problems.push(
            ...sparkConfProblems(
              `${where} sparkConf`,
              Object.keys(isValues(spec.sparkConf) ? spec.sparkConf : {}),
              keys,
            ),
          );
          const hadoopNames = Object.keys(isValues(spec.hadoopConf) ? spec.hadoopConf : {});
          problems.push(
            ...sparkConfProblems(
              `${where} hadoopConf`,
              hadoopNames.map((name) => `spark.hadoop.${name}`),
              keys,
            ),
          );
        }
        for (const conf of configMapFiles(document, "spark-defaults.conf")) {
          confs += 1;
          problems.push(...sparkConfProblems(conf.where, sparkDefaultsKeys(conf.text), keys));
        }
      }
      expect(confs).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
  );
});
