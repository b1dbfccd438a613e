/**
 * Chart values that become volumes, per chart (matched on the chart's name, at the pinned versions
 * in ../shared/upstream/charts): `template` values render into a StatefulSet's volumeClaimTemplates,
 * which Kubernetes does not let change; `claim` values render a PersistentVolumeClaim, which can
 * grow but not shrink or change class. Maintained by hand, tested per row.
 */
import type { PlanValue } from "../plan/document";

export type VolumeKind = "template" | "claim";

export interface ChartVolume {
  readonly chart: string;
  /** The values object holding the volume's settings. */
  readonly base: string;
  readonly size: string;
  readonly storageClass: string;
  /** Further keys under `base` that shape the claim (access modes, volume count). */
  readonly shape: readonly string[];
  readonly kind: VolumeKind | ((values: { readonly [key: string]: PlanValue }) => VolumeKind);
  /** Values paths that switch the volume off when false (both sides off: nothing to compare). */
  readonly enabledBy: readonly string[];
}

export const CHART_VOLUMES: readonly ChartVolume[] = [
  // minio 5.4.0: distributed mode is a StatefulSet; standalone a Deployment with one claim.
  {
    chart: "minio",
    base: "persistence",
    size: "size",
    storageClass: "storageClass",
    shape: ["accessMode"],
    kind: (values) => (values.mode === "standalone" ? "claim" : "template"),
    enabledBy: ["persistence.enabled"],
  },
  // yugabyte 2025.2.5 (as 2024.2.6): masters and tablet servers are StatefulSets; `count` is volumes per pod.
  {
    chart: "yugabyte",
    base: "storage.master",
    size: "size",
    storageClass: "storageClass",
    shape: ["count"],
    kind: "template",
    enabledBy: [],
  },
  {
    chart: "yugabyte",
    base: "storage.tserver",
    size: "size",
    storageClass: "storageClass",
    shape: ["count"],
    kind: "template",
    enabledBy: [],
  },
  // airflow 1.16.0, with its bundled bitnami postgresql 13.2.24 (a StatefulSet).
  {
    chart: "airflow",
    base: "postgresql.primary.persistence",
    size: "size",
    storageClass: "storageClass",
    shape: ["accessModes"],
    kind: "template",
    enabledBy: ["postgresql.enabled", "postgresql.primary.persistence.enabled"],
  },
  {
    chart: "airflow",
    base: "workers.persistence",
    size: "size",
    storageClass: "storageClassName",
    shape: [],
    kind: "template",
    enabledBy: ["workers.persistence.enabled"],
  },
  {
    chart: "airflow",
    base: "triggerer.persistence",
    size: "size",
    storageClass: "storageClassName",
    shape: [],
    kind: "template",
    enabledBy: ["triggerer.persistence.enabled"],
  },
  {
    chart: "airflow",
    base: "redis.persistence",
    size: "size",
    storageClass: "storageClassName",
    shape: [],
    kind: "template",
    enabledBy: ["redis.enabled", "redis.persistence.enabled"],
  },
  {
    chart: "airflow",
    base: "logs.persistence",
    size: "size",
    storageClass: "storageClassName",
    shape: [],
    kind: "claim",
    enabledBy: ["logs.persistence.enabled"],
  },
  {
    chart: "airflow",
    base: "dags.persistence",
    size: "size",
    storageClass: "storageClassName",
    shape: ["accessMode"],
    kind: "claim",
    enabledBy: ["dags.persistence.enabled"],
  },
  // postgresql 13.2.24 on its own.
  {
    chart: "postgresql",
    base: "primary.persistence",
    size: "size",
    storageClass: "storageClass",
    shape: ["accessModes"],
    kind: "template",
    enabledBy: ["primary.persistence.enabled"],
  },
];
