// The MinIO root key reaches no workload: the oss-prod program runs under mocks that record every
// resource's inputs unmasked (secrets included), and only the lake's own root Secret and chart may
// hold the root password or name the root Secret.
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { planMocks } from "../../infra/plan/mocks";
import { readStackConfig } from "../../infra/plan/stack-file";
import { program } from "../../infra/program";
import { ROOT } from "../helpers/cli";

interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly text: string;
}

const ROOT_PASSWORD = "plan-random-lake-root-password";
/**
 * The lake's own: the root Secret itself, the chart whose servers read it, and the setup Job that
 * creates buckets, users and policies (what the chart's post-install hook would do; Chart v4 omits hooks).
 */
const LAKE_OWN = [
  "kubernetes:core/v1:Secret/lake-root-credentials",
  "kubernetes:helm.sh/v4:Chart/lake-minio",
  "kubernetes:yaml/v2:ConfigGroup/lake-setup",
];

describe("oss-prod: the MinIO root credentials", () => {
  const recorded: Recorded[] = [];
  beforeAll(async () => {
    const { values, secretKeys } = readStackConfig(join(ROOT, "stacks"), "oss-prod");
    pulumi.runtime.setAllConfig(values, secretKeys);
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          recorded.push({ type: args.type, name: args.name, text: JSON.stringify(args.inputs) });
          return planMocks.newResource(args);
        },
        call: (args) => planMocks.call(args),
      },
      "batch-platform",
      "oss-prod",
      false,
    );
    await pulumi.runtime.runInPulumiStack(async () => (await program()) as pulumi.Inputs);
  }, 120_000);

  const holders = (needle: string) =>
    recorded
      .filter((r) => r.text.includes(needle))
      .map((r) => `${r.type}/${r.name}`)
      .sort();

  it("are held by the lake alone: 0 consumers with the root password", () => {
    expect(recorded.length).toBeGreaterThan(50);
    expect(holders(ROOT_PASSWORD)).toEqual(["kubernetes:core/v1:Secret/lake-root-credentials"]);
  });

  it("no workload references the root Secret or the root user", () => {
    expect(holders("lake-root-credentials").filter((h) => !LAKE_OWN.includes(h))).toEqual([]);
    expect(holders('"lake-admin"').filter((h) => !LAKE_OWN.includes(h))).toEqual([]);
  });

  it("every lake consumer holds its own key, in a Secret of its own namespace", () => {
    const keys = ["spark", "trino", "zeppelin", "hive-metastore", "airflow", "airflow-db-backup", "warehouse-backup"];
    for (const user of keys) expect(holders(`plan-random-lake-${user}-password`).length).toBeGreaterThanOrEqual(2);
    // Nobody but the lake's user Secret and the consumer's own Secret(s) hold a consumer's password.
    expect(holders("plan-random-lake-trino-password")).toEqual([
      "kubernetes:core/v1:Secret/lake-user-trino",
      "kubernetes:core/v1:Secret/trino-lake-credentials",
    ]);
  });
});
