/**
 * `volume-change`: volume changes the cluster cannot apply or that lose data — a StatefulSet's
 * selector or volumeClaimTemplates, a claim that shrinks or changes class (as an object, a chart
 * value, a CloudNativePG Cluster or a Strimzi pool), a Kafka volume removed.
 */
import { gibibytes } from "../../policies/model/quantities";
import type { PlanValue } from "../plan/document";
import { CHART_VOLUMES, type ChartVolume } from "./chart-volumes";
import { foundHazard, shown, type ComparedEntity, type FoundHazard } from "./found-hazard";
import { helmChart } from "./helm-chart";
import { strimziKind } from "./strimzi-types";
import { isPlanRecord, valueAt, valuesEqual } from "./value-diff";

type Values = { readonly [key: string]: PlanValue };

const TEMPLATE_CHANGE =
  "Kubernetes refuses to change a StatefulSet's volumeClaimTemplates: the upgrade fails or the " +
  "StatefulSet is recreated, and the existing claims keep their old size and class";

/** Smaller size, or undefined when either side is not a quantity. */
function shrinks(before: PlanValue | undefined, after: PlanValue | undefined): boolean {
  const a = gibibytes(before);
  const b = gibibytes(after);
  return a !== undefined && b !== undefined && b < a;
}

function chartVolumeFindings(volume: ChartVolume, before: Values, after: Values): string[] {
  const on = (values: Values) => volume.enabledBy.every((path) => valueAt(values, path) !== false);
  if (!on(before) && !on(after)) return [];
  const kind = typeof volume.kind === "function" ? volume.kind(after) : volume.kind;
  const at = (key: string) => `${volume.base}.${key}`;
  const found: string[] = [];
  const size = [valueAt(before, at(volume.size)), valueAt(after, at(volume.size))] as const;
  const storageClass = [valueAt(before, at(volume.storageClass)), valueAt(after, at(volume.storageClass))] as const;
  const sizeNote = shrinks(...size) ? " (a shrink)" : "";
  if (kind === "template") {
    for (const key of [volume.size, volume.storageClass, ...volume.shape]) {
      const [a, b] = [valueAt(before, at(key)), valueAt(after, at(key))];
      if (!valuesEqual(a, b))
        found.push(
          `\`values.${at(key)}\` ${shown(a)} → ${shown(b)}${key === volume.size ? sizeNote : ""}: ${TEMPLATE_CHANGE}`,
        );
    }
    return found;
  }
  if (shrinks(...size))
    found.push(`\`values.${at(volume.size)}\` ${shown(size[0])} → ${shown(size[1])}: a claim cannot shrink`);
  if (!valuesEqual(...storageClass)) {
    found.push(
      `\`values.${at(volume.storageClass)}\` ${shown(storageClass[0])} → ${shown(storageClass[1])}: ` +
        "a claim's storage class cannot change (a new claim, empty)",
    );
  }
  return found;
}

function statefulSetFindings(before: Values, after: Values): string[] {
  const found: string[] = [];
  if (!valuesEqual(valueAt(before, "spec.selector"), valueAt(after, "spec.selector"))) {
    found.push(
      "`spec.selector` changed: a StatefulSet's selector is immutable (it is deleted and recreated, its pods with it)",
    );
  }
  if (!valuesEqual(valueAt(before, "spec.volumeClaimTemplates"), valueAt(after, "spec.volumeClaimTemplates"))) {
    found.push(`\`spec.volumeClaimTemplates\` changed: ${TEMPLATE_CHANGE}`);
  }
  return found;
}

function claimFindings(before: Values, after: Values, sizePath: string, classPath: string, what: string): string[] {
  const found: string[] = [];
  const [a, b] = [valueAt(before, sizePath), valueAt(after, sizePath)];
  if (shrinks(a, b)) found.push(`\`${sizePath}\` ${shown(a)} → ${shown(b)}: ${what} cannot shrink`);
  const [c, d] = [valueAt(before, classPath), valueAt(after, classPath)];
  if (!valuesEqual(c, d))
    found.push(
      `\`${classPath}\` ${shown(c)} → ${shown(d)}: ` +
        "existing volumes keep their class (moving needs new volumes and a copy)",
    );
  return found;
}

/** Strimzi storage: one volume, or `jbod` with `volumes[]` keyed by id. */
function kafkaStorageFindings(before: PlanValue | undefined, after: PlanValue | undefined, path: string): string[] {
  if (!isPlanRecord(before) || !isPlanRecord(after)) return [];
  if (before.type !== after.type)
    return [`\`${path}.type\` ${shown(before.type)} → ${shown(after.type)}: Strimzi cannot change the storage type`];
  const volumes = (storage: Values): Map<string, Values> => {
    if (storage.type !== "jbod") return new Map([["", storage]]);
    const list = Array.isArray(storage.volumes) ? storage.volumes : [];
    return new Map(list.filter(isPlanRecord).map((volume, i) => [`.volumes[id=${String(volume.id ?? i)}]`, volume]));
  };
  const found: string[] = [];
  const current = volumes(after);
  for (const [key, old] of volumes(before)) {
    const where = `${path}${key}`;
    const now = current.get(key);
    if (!now) {
      found.push(`\`${where}\` removed: the data on that broker volume is lost`);
      continue;
    }
    if (old.type !== now.type)
      found.push(`\`${where}.type\` ${shown(old.type)} → ${shown(now.type)}: Strimzi cannot change a volume's type`);
    if (shrinks(old.size, now.size))
      found.push(`\`${where}.size\` ${shown(old.size)} → ${shown(now.size)}: Strimzi cannot shrink a volume`);
    if (!valuesEqual(old.class, now.class))
      found.push(`\`${where}.class\` ${shown(old.class)} → ${shown(now.class)}: existing volumes keep their class`);
  }
  return found;
}

/** Where each Strimzi kind that holds storage declares it (under either API version). */
const KAFKA_STORAGE: Readonly<Record<string, string>> = { KafkaNodePool: "spec.storage", Kafka: "spec.kafka.storage" };

export function volumeHazards({ before, after }: ComparedEntity): FoundHazard[] {
  const found: string[] = [];
  const chart = [helmChart(before), helmChart(after)] as const;
  if (chart[0] && chart[1] && chart[0].name === chart[1].name) {
    for (const volume of CHART_VOLUMES.filter((v) => v.chart === chart[1]?.name))
      found.push(...chartVolumeFindings(volume, chart[0].values, chart[1].values));
  }
  switch (after.type) {
    case "kubernetes:apps/v1:StatefulSet":
      found.push(...statefulSetFindings(before.inputs, after.inputs));
      break;
    case "kubernetes:core/v1:PersistentVolumeClaim":
      found.push(
        ...claimFindings(
          before.inputs,
          after.inputs,
          "spec.resources.requests.storage",
          "spec.storageClassName",
          "a claim",
        ),
      );
      break;
    case "kubernetes:postgresql.cnpg.io/v1:Cluster":
      found.push(
        ...claimFindings(
          before.inputs,
          after.inputs,
          "spec.storage.size",
          "spec.storage.storageClass",
          "CloudNativePG storage",
        ),
      );
      found.push(
        ...claimFindings(
          before.inputs,
          after.inputs,
          "spec.walStorage.size",
          "spec.walStorage.storageClass",
          "CloudNativePG WAL storage",
        ),
      );
      if (
        valueAt(before.inputs, "spec.walStorage") !== undefined &&
        valueAt(after.inputs, "spec.walStorage") === undefined
      ) {
        found.push("`spec.walStorage` removed: CloudNativePG cannot turn WAL storage off once configured");
      }
      break;
  }
  const kafkaStorage = KAFKA_STORAGE[strimziKind(after.type) ?? ""];
  if (kafkaStorage)
    found.push(
      ...kafkaStorageFindings(valueAt(before.inputs, kafkaStorage), valueAt(after.inputs, kafkaStorage), kafkaStorage),
    );
  return found.length === 0
    ? []
    : [foundHazard("volume-change", after, "changes volumes in a way that cannot be applied or loses data", found)];
}
