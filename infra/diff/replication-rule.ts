/**
 * `replication-decrease`: fewer copies of the data — a YugabyteDB replication factor, a
 * CloudNativePG cluster's instances, a Kafka topic's replicas. Increases are fine.
 */
import type { PlanValue } from "../plan/document";
import { foundHazard, type ComparedEntity, type FoundHazard } from "./found-hazard";
import { helmChart } from "./helm-chart";
import { valueAt } from "./value-diff";
import { isStrimziType } from "./strimzi-types";

type Values = { readonly [key: string]: PlanValue };

/**
 * The yugabyte chart's replication factor: `replicas.master`, or `replicas.totalMasters` with
 * `isMultiAz` (values.yaml of 2025.2.5, as of 2024.2.6); a `replication_factor` master gflag overrides both.
 */
export function yugabyteReplicationFactor(values: Values): number | undefined {
  const flag = valueAt(values, "gflags.master.replication_factor");
  if (typeof flag === "number") return flag;
  if (typeof flag === "string" && /^[0-9]+$/.test(flag)) return Number(flag);
  const rf = valueAt(values, values.isMultiAz === true ? "replicas.totalMasters" : "replicas.master");
  return typeof rf === "number" ? rf : undefined;
}

function decrease(
  what: string,
  path: string,
  before: PlanValue | undefined,
  after: PlanValue | undefined,
  consequence: string,
): string[] {
  if (typeof before !== "number" || typeof after !== "number" || after >= before) return [];
  return [`${what} (\`${path}\`) ${before} → ${after}: ${consequence}`];
}

export function replicationHazards({ before, after }: ComparedEntity): FoundHazard[] {
  const found: string[] = [];
  const [old, current] = [helmChart(before), helmChart(after)];
  if (old?.name === "yugabyte" && current?.name === "yugabyte") {
    found.push(
      ...decrease(
        "replication factor",
        "values.replicas.master",
        yugabyteReplicationFactor(old.values),
        yugabyteReplicationFactor(current.values),
        "YugabyteDB keeps fewer copies of every tablet, and losing a node can now lose data",
      ),
    );
  }
  if (after.type === "kubernetes:postgresql.cnpg.io/v1:Cluster") {
    found.push(
      ...decrease(
        "instances",
        "spec.instances",
        valueAt(before.inputs, "spec.instances"),
        valueAt(after.inputs, "spec.instances"),
        "fewer PostgreSQL copies (replicas) to fail over to",
      ),
    );
  }
  if (isStrimziType(after.type, "KafkaTopic")) {
    found.push(
      ...decrease(
        "replicas",
        "spec.replicas",
        valueAt(before.inputs, "spec.replicas"),
        valueAt(after.inputs, "spec.replicas"),
        "fewer copies of every partition",
      ),
    );
  }
  return found.length === 0
    ? []
    : [foundHazard("replication-decrease", after, "keeps fewer copies of the data", found)];
}
