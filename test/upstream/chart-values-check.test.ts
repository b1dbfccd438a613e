import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chartName, readChartFacts, type ChartFacts } from "./chart-facts";
import { chartValuesProblems, coalesce, knowsPath, unreadKeys, valuePaths } from "./chart-values-check";

/** A made-up chart: what the checks must accept and refuse, without any upstream copy. */
const facts: ChartFacts = {
  id: "demo-1.0.0",
  defaults: {
    replicas: 1,
    image: { repository: "demo", tag: "1" },
    podLabels: {},
    worker: { affinity: {} },
    db: { enabled: true },
  },
  schema: {
    $schema: "http://json-schema.org/schema#",
    type: "object",
    properties: { replicas: { type: "integer", minimum: 1 }, executor: { enum: ["Local", "Kubernetes"] } },
    required: ["replicas"],
  },
  refs: new Set([
    "replicas",
    "executor",
    "image.repository",
    "image.tag",
    "worker.affinity.nodeAffinity",
    "coordinator.jvm",
  ]),
  wholesale: ["podLabels"],
  subcharts: [{ key: "db", folder: "db-2.0.0", condition: "db.enabled" }],
};
const db: ChartFacts = {
  id: "db-2.0.0",
  defaults: { auth: { username: "app" }, enabled: true },
  schema: { type: "object", properties: { auth: { type: "object", properties: { username: { type: "string" } } } } },
  refs: new Set(["auth.username"]),
  wholesale: [],
  subcharts: [],
};
const load = (folder: string) => (folder === "db-2.0.0" ? db : undefined);

describe("chart values checks", () => {
  it("merge like Helm: maps deeply, null deletes, lists and scalars replace", () => {
    expect(coalesce({ a: { b: 1, c: 2 }, d: [1], e: 1 }, { a: { c: 3 }, d: [2], e: null })).toEqual({
      a: { b: 1, c: 3 },
      d: [2],
    });
    expect(valuePaths({ a: { b: 1, c: {} }, d: [] })).toEqual([["a", "b"], ["a", "c"], ["d"]]);
  });

  it("accept keys in values.yaml, read by templates, under a wholesale subtree, or an empty map read into", () => {
    expect(knowsPath(facts, ["replicas"])).toBe(true);
    expect(knowsPath(facts, ["podLabels", "app.kubernetes.io/part-of"])).toBe(true);
    expect(knowsPath(facts, ["worker", "affinity"])).toBe(true);
    expect(knowsPath(facts, ["coordinator", "jvm"])).toBe(true);
    expect(knowsPath(facts, ["coordinator", "topologySpreadConstraints"])).toBe(false);
  });

  it("report a key no template reads, also inside a subchart's section", () => {
    expect(
      unreadKeys(
        { replicas: 2, useOldPodDisruptionBudget: true, db: { auth: { username: "x", pasword: "y" } } },
        facts,
        load,
      ),
    ).toEqual([
      "useOldPodDisruptionBudget: demo-1.0.0 neither defines it in values.yaml nor reads it in a template",
      "db.auth.pasword: subchart db-2.0.0 neither defines nor reads auth.pasword",
    ]);
    expect(
      unreadKeys({ db: { auth: { user: "x" } } }, { ...facts, subcharts: [{ key: "db", folder: "gone-1.0.0" }] }, load),
    ).toEqual(["db.auth.user: cannot verify, no facts for subchart gone-1.0.0"]);
  });

  it("validate merged values against the chart's schema and an enabled subchart's, masked values aside", () => {
    expect(chartValuesProblems({ replicas: 0, executor: "Celery" }, facts, load)).toEqual([
      'schema of demo-1.0.0: /replicas must be >= 1 {"comparison":">=","limit":1}',
      "schema of demo-1.0.0: /executor must be equal to one of the allowed values " +
        '{"allowedValues":["Local","Kubernetes"]}',
    ]);
    expect(chartValuesProblems({ replicas: "[secret]" }, facts, load)).toEqual([]);
    expect(chartValuesProblems({ db: { auth: { username: 5 } } }, facts, load)).toEqual([
      'schema of db-2.0.0 (as db): /auth/username must be string {"type":"string"}',
    ]);
    expect(chartValuesProblems({ db: { enabled: false, auth: { username: 5 } } }, facts, load)).toEqual([]);
  });

  it("read a facts folder and name charts from any reference", () => {
    const folder = join(mkdtempSync(join(tmpdir(), "chart-facts-")), "demo-1.0.0");
    mkdirSync(folder);
    writeFileSync(join(folder, "values.yaml"), "replicas: 1\n");
    writeFileSync(join(folder, "values-refs.txt"), ".Values.replicas\n.Values.image.tag\n");
    writeFileSync(join(folder, "values-wholesale.txt"), ".Values.podLabels\n");
    writeFileSync(join(folder, "subcharts.txt"), "# key folder condition\ndb db-2.0.0 db.enabled\n");
    const read = readChartFacts(folder);
    expect(read).toMatchObject({
      id: "demo-1.0.0",
      defaults: { replicas: 1 },
      wholesale: ["podLabels"],
      subcharts: [{ key: "db", folder: "db-2.0.0", condition: "db.enabled" }],
    });
    expect([...read.refs]).toEqual(["replicas", "image.tag"]);
    expect(read.schema).toBeUndefined();
    expect([
      chartName("oci://quay.io/jetstack/charts/cert-manager"),
      chartName("bitnami/postgresql"),
      chartName("minio"),
    ]).toEqual(["cert-manager", "postgresql", "minio"]);
  });
});
