import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Configuration keys of the engines at the pinned versions (Trino 479 connectors, the Hive 4.0.1
 * metastore, Spark 3.5.5 with Delta 3.3.0 and Hadoop 3.3.x), read from the upstream key lists, and
 * checks of the keys the project sets against them. Trino refuses a property its catalog does not
 * bind; Hive, Hadoop and Spark ignore an unknown key silently — both are defects.
 */

/** First column of every non-comment line of a TAB-separated key list; the rest, split. */
function listRows(file: string): string[][] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => line.split("\t"));
}

/** When a Trino property is bound: alternatives (any) of conditions (all) `key=value`; empty = always. */
type Binding = readonly (readonly (readonly [string, string])[])[];

export interface TrinoConnectorKeys {
  readonly connector: string;
  readonly properties: ReadonlyMap<string, Binding>;
}

function binding(column: string | undefined): Binding {
  const text = (column ?? "").trim();
  if (text === "" || text === "-") return [];
  return text.split(" | ").map((alternative) =>
    alternative.split(" & ").map((condition) => {
      const at = condition.indexOf("=");
      return [condition.slice(0, at).trim(), condition.slice(at + 1).trim()] as const;
    }),
  );
}

/** The property list of one connector (`<folder>/<connector.name>.txt`), if upstream has it. */
export function readTrinoConnector(folder: string, connector: string): TrinoConnectorKeys | undefined {
  const file = join(folder, `${connector}.txt`);
  if (!existsSync(file)) return undefined;
  const properties = new Map<string, Binding>();
  for (const [name, , when] of listRows(file)) properties.set(name, binding(when));
  return { connector, properties };
}

/** `key=value` lines of a Java properties file (what the Trino chart writes per catalog). */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("!")) continue;
    const at = trimmed.search(/[=:]/);
    properties.set((at < 0 ? trimmed : trimmed.slice(0, at)).trim(), at < 0 ? "" : trimmed.slice(at + 1).trim());
  }
  return properties;
}

/** Trino's own defaults for the settings bindings depend on. */
function settingOf(catalog: ReadonlyMap<string, string>, key: string): string {
  return catalog.get(key) ?? (key === "hive.metastore" ? "thrift" : /^fs\..*enabled$/.test(key) ? "false" : "");
}

/** Properties of a catalog the connector does not have, or does not bind with the catalog's settings. */
export function trinoCatalogProblems(
  catalog: string,
  text: string,
  load: (connector: string) => TrinoConnectorKeys | undefined,
): string[] {
  const properties = parseProperties(text);
  const connector = properties.get("connector.name");
  if (connector === undefined) return [`catalog ${catalog}: no connector.name`];
  const keys = load(connector);
  if (keys === undefined)
    return [`catalog ${catalog}: cannot verify, no upstream property list for connector ${connector}`];
  const problems: string[] = [];
  for (const name of properties.keys()) {
    if (name === "connector.name") continue;
    const bound = keys.properties.get(name);
    if (bound === undefined) {
      problems.push(`catalog ${catalog}: ${name} is not a property of connector ${connector}`);
    } else if (
      bound.length > 0 &&
      !bound.some((all) => all.every(([key, value]) => settingOf(properties, key) === value))
    ) {
      const when = bound.map((all) => all.map(([key, value]) => `${key}=${value}`).join(" & ")).join(" or ");
      problems.push(`catalog ${catalog}: ${name} is bound only when ${when}`);
    }
  }
  return problems;
}

/** Names a Hadoop/Hive `*-site.xml` sets. */
export function siteXmlNames(xml: string): string[] {
  return [...xml.matchAll(/<name>\s*([^<]+?)\s*<\/name>/g)].map((match) => match[1]);
}

/** Every key the Hive metastore reads: MetastoreConf varnames and hiveNames. */
export function readHiveKeys(folder: string): ReadonlySet<string> {
  return new Set(
    listRows(join(folder, "metastore-conf.txt")).flatMap(([varname, hiveName]) => [varname, hiveName].filter(Boolean)),
  );
}

/** `metastore-site.xml` keys the metastore never reads (DataNucleus/JDO keys pass through to DataNucleus). */
export function hiveSiteProblems(xml: string, hive: ReadonlySet<string>): string[] {
  return siteXmlNames(xml)
    .filter((name) => !hive.has(name) && !/datanucleus|jdo/i.test(name))
    .map((name) => `metastore-site.xml: ${name} is not a Hive metastore key`);
}

export interface HadoopKeys {
  readonly keys: ReadonlySet<string>;
  readonly prefixes: readonly string[];
}

/** fs.s3a.* (hadoop-aws) and core-default.xml keys, with the per-bucket prefixes. */
export function readHadoopKeys(sparkFolder: string): HadoopKeys {
  const keys = new Set(
    [...listRows(join(sparkFolder, "hadoop-aws.txt")), ...listRows(join(sparkFolder, "hadoop-core-default.txt"))].map(
      ([key]) => key,
    ),
  );
  return { keys, prefixes: listRows(join(sparkFolder, "hadoop-aws-prefixes.txt")).map(([prefix]) => prefix) };
}

export function isHadoopKey(name: string, hadoop: HadoopKeys): boolean {
  return hadoop.keys.has(name) || hadoop.prefixes.some((prefix) => name.startsWith(prefix));
}

export interface SparkKeys {
  readonly keys: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly hadoop: HadoopKeys;
  /** Keys a `spark.hadoop.` entry may also carry into the Hive client (e.g. hive.metastore.uris). */
  readonly hive: ReadonlySet<string>;
}

/** Spark 3.5.5 and Delta 3.3.0 keys and Spark's free-suffix families. */
export function readSparkKeys(sparkFolder: string, hive: ReadonlySet<string>): SparkKeys {
  const keys = new Set(
    [...listRows(join(sparkFolder, "spark.txt")), ...listRows(join(sparkFolder, "delta.txt"))].map(([key]) => key),
  );
  const prefixes = listRows(join(sparkFolder, "spark-prefixes.txt")).map(([prefix]) => prefix);
  return { keys, prefixes, hadoop: readHadoopKeys(sparkFolder), hive };
}

/** Spark conf keys Spark (or, for `spark.hadoop.*`, Hadoop and the Hive client) never reads. */
export function sparkConfProblems(where: string, names: Iterable<string>, spark: SparkKeys): string[] {
  const problems: string[] = [];
  for (const name of names) {
    if (name.startsWith("spark.hadoop.")) {
      const hadoopName = name.slice("spark.hadoop.".length);
      if (!isHadoopKey(hadoopName, spark.hadoop) && !spark.hive.has(hadoopName))
        problems.push(`${where}: ${name} is neither a Hadoop nor a Hive key (${hadoopName})`);
    } else if (!spark.keys.has(name) && !spark.prefixes.some((prefix) => name.startsWith(prefix))) {
      problems.push(`${where}: ${name} is not a Spark 3.5.5 or Delta 3.3.0 key`);
    }
  }
  return problems;
}

/** `key value` lines of a spark-defaults.conf. */
export function sparkDefaultsKeys(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(/\s+/)[0]);
}
