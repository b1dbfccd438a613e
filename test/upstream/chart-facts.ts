import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";

/** A chart's values as plain data. */
export type Values = { [key: string]: unknown };

/** A dependency of a chart: its values live under `key` and are checked with its own facts. */
export interface SubchartFacts {
  /** The parent's values key (the dependency's name or alias), e.g. `postgresql`. */
  readonly key: string;
  /** The folder of the dependency's facts beside the parent's, e.g. `postgresql-13.2.24`. */
  readonly folder: string;
  /** The parent's values path that enables it (Chart.yaml `condition`), if any. */
  readonly condition?: string;
}

/**
 * What is known of one chart at one version (a folder `charts/<chart>-<version>/`): its default
 * values, its values schema when it ships one, and the `.Values` paths its templates read —
 * `refs` one by one, `wholesale` where a template renders the whole subtree (e.g. `toYaml`).
 */
export interface ChartFacts {
  /** `<chart>-<version>`, the folder's name. */
  readonly id: string;
  readonly defaults: Values;
  readonly schema?: object;
  /** Paths read by the templates, dot-joined without `.Values.`. */
  readonly refs: ReadonlySet<string>;
  /** Paths whose whole subtree the templates render. */
  readonly wholesale: readonly string[];
  readonly subcharts: readonly SubchartFacts[];
}

function pathLines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith(".Values."))
    .map((line) => line.slice(".Values.".length));
}

function subchartLines(file: string): SubchartFacts[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [key, folder, condition] = line.split(/\s+/);
      return { key, folder, ...(condition ? { condition } : {}) };
    });
}

/** Reads a chart's facts folder (`values.yaml`, optional `values.schema.json`, `values-refs.txt`, …). */
export function readChartFacts(folder: string): ChartFacts {
  const schemaFile = join(folder, "values.schema.json");
  return {
    id: basename(folder),
    defaults: (parse(readFileSync(join(folder, "values.yaml"), "utf8")) ?? {}) as Values,
    ...(existsSync(schemaFile) ? { schema: JSON.parse(readFileSync(schemaFile, "utf8")) as object } : {}),
    refs: new Set(pathLines(join(folder, "values-refs.txt"))),
    wholesale: pathLines(join(folder, "values-wholesale.txt")),
    subcharts: subchartLines(join(folder, "subcharts.txt")),
  };
}

/** `minio` from `minio`, `oci://registry/charts/minio` or `bitnami/minio`. */
export function chartName(reference: string): string {
  return reference.replace(/\/+$/, "").split("/").pop() ?? reference;
}
