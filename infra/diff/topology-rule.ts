/**
 * `storage-topology`: reshaping storage that cannot be reshaped in place. A MinIO pool's erasure
 * sets are fixed by its servers × drives (minio chart `replicas`, `drivesPerNode`, `mode`): changing
 * them makes a different pool that does not see the old data; growing means adding a pool (`pools`),
 * and removing one needs a decommission first. Kafka cannot take partitions away from a topic.
 */
import { foundHazard, shown, type ComparedEntity, type FoundHazard } from "./found-hazard";
import { helmChart } from "./helm-chart";
import { valueAt, valuesEqual } from "./value-diff";
import { isStrimziType } from "./strimzi-types";

const MINIO_SHAPE = ["mode", "replicas", "drivesPerNode"] as const;

function minioFindings({ before, after }: ComparedEntity): string[] {
  const [old, current] = [helmChart(before), helmChart(after)];
  if (old?.name !== "minio" || current?.name !== "minio") return [];
  const found: string[] = [];
  for (const key of MINIO_SHAPE) {
    const [a, b] = [old.values[key], current.values[key]];
    if (!valuesEqual(a, b))
      found.push(
        `\`values.${key}\` ${shown(a)} → ${shown(b)}: ` +
          "MinIO cannot reshape a server pool (servers × drives); add a pool instead",
      );
  }
  const [a, b] = [old.values.pools, current.values.pools];
  if (typeof a === "number" && (typeof b !== "number" || b < a)) {
    found.push(
      `\`values.pools\` ${shown(a)} → ${shown(b)}: ` +
        "removing a MinIO pool loses its objects unless it was decommissioned first",
    );
  }
  return found;
}

function partitionFindings({ before, after }: ComparedEntity): string[] {
  if (!isStrimziType(after.type, "KafkaTopic")) return [];
  const [a, b] = [valueAt(before.inputs, "spec.partitions"), valueAt(after.inputs, "spec.partitions")];
  if (typeof a !== "number" || typeof b !== "number" || b >= a) return [];
  return [`\`spec.partitions\` ${a} → ${b}: Kafka cannot remove partitions from a topic (the operator refuses)`];
}

export function topologyHazards(compared: ComparedEntity): FoundHazard[] {
  const found = [...minioFindings(compared), ...partitionFindings(compared)];
  return found.length === 0
    ? []
    : [foundHazard("storage-topology", compared.after, "reshapes storage that cannot be reshaped in place", found)];
}
