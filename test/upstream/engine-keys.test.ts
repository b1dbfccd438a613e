import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  hiveSiteProblems,
  parseProperties,
  readTrinoConnector,
  sparkConfProblems,
  sparkDefaultsKeys,
  trinoCatalogProblems,
  type SparkKeys,
} from "./engine-keys";

/** Made-up key lists in the upstream format, so the checks are tested without any upstream copy. */
const folder = mkdtempSync(join(tmpdir(), "engine-keys-"));
writeFileSync(
  join(folder, "delta_lake.txt"),
  [
    "# name\tclass\twhen",
    "hive.metastore.uri\tStaticMetastoreConfig\thive.metastore=thrift",
    "s3.endpoint\tS3FileSystemConfig\tfs.native-s3.enabled=true",
    "delta.enable-non-concurrent-writes\tDeltaLakeConfig\t-",
  ].join("\n"),
);
const load = (connector: string) => readTrinoConnector(folder, connector);
const spark: SparkKeys = {
  keys: new Set(["spark.jars.ivy"]),
  prefixes: ["spark.sql.catalog."],
  hadoop: { keys: new Set(["fs.s3a.endpoint"]), prefixes: ["fs.s3a.bucket."] },
  hive: new Set(["hive.metastore.uris"]),
};

describe("engine key checks", () => {
  it("parse a catalog and accept properties its connector binds with the catalog's settings", () => {
    expect(parseProperties("# c\nconnector.name=delta_lake\ns3.endpoint = http://x:9000\n")).toEqual(
      new Map([
        ["connector.name", "delta_lake"],
        ["s3.endpoint", "http://x:9000"],
      ]),
    );
    expect(
      trinoCatalogProblems(
        "delta",
        [
          "connector.name=delta_lake",
          "hive.metastore.uri=thrift://h:9083",
          "fs.native-s3.enabled=true",
          "s3.endpoint=http://x",
        ].join("\n"),
        load,
      ),
    ).toEqual(["catalog delta: fs.native-s3.enabled is not a property of connector delta_lake"]);
  });

  it("report a property that is unknown, unbound by the catalog's settings, or of a connector without a list", () => {
    expect(
      trinoCatalogProblems("delta", "connector.name=delta_lake\ns3.endpoint=http://x\ndelta.nope=1", load),
    ).toEqual([
      "catalog delta: s3.endpoint is bound only when fs.native-s3.enabled=true",
      "catalog delta: delta.nope is not a property of connector delta_lake",
    ]);
    expect(trinoCatalogProblems("k", "connector.name=kafka\nkafka.nodes=a:9092", load)).toEqual([
      "catalog k: cannot verify, no upstream property list for connector kafka",
    ]);
  });

  it("accept Hive keys by varname or hiveName and DataNucleus/JDO keys, and report others", () => {
    const hive = new Set([
      "metastore.metastore.event.db.notification.api.auth",
      "hive.metastore.event.db.notification.api.auth",
    ]);
    const xml = (name: string) =>
      `<configuration><property><name>${name}</name><value>false</value></property></configuration>`;
    expect(
      hiveSiteProblems(
        xml("metastore.metastore.event.db.notification.api.auth") + xml("javax.jdo.option.ConnectionURL"),
        hive,
      ),
    ).toEqual([]);
    expect(hiveSiteProblems(xml("metastore.event.db.notification.api.auth"), hive)).toEqual([
      "metastore-site.xml: metastore.event.db.notification.api.auth is not a Hive metastore key",
    ]);
  });

  it("check Spark keys, their free-suffix families, and spark.hadoop.* as Hadoop or Hive keys", () => {
    const names = [
      "spark.jars.ivy",
      "spark.sql.catalog.spark_catalog",
      "spark.hadoop.fs.s3a.endpoint",
      "spark.hadoop.hive.metastore.uris",
      "spark.hadoop.fs.s3a.bucket.x.endpoint",
    ];
    expect(sparkConfProblems("conf", names, spark)).toEqual([]);
    expect(
      sparkConfProblems("conf", ["spark.executor.memoryOverheads", "spark.hadoop.fs.s3a.endpoints"], spark),
    ).toEqual([
      "conf: spark.executor.memoryOverheads is not a Spark 3.5.5 or Delta 3.3.0 key",
      "conf: spark.hadoop.fs.s3a.endpoints is neither a Hadoop nor a Hive key (fs.s3a.endpoints)",
    ]);
    expect(sparkDefaultsKeys("# x\nspark.jars.ivy /tmp/.ivy2\n\nspark.master k8s://https://k\n")).toEqual([
      "spark.jars.ivy",
      "spark.master",
    ]);
  });
});
