import { at, isRecord, num, record, records, str, type Props } from "./values";

/** One pod template of a Kubernetes object, or one role (driver/executor) of a SparkApplication. */
export interface PodTemplate {
  /** Where it sits, for messages: `spec.template.spec`, `spec.driver`, … */
  readonly path: string;
  /** The pod spec (for SparkApplication roles: the role merged with app-level placement fields). */
  readonly spec: Props;
  /** Pod labels of the template (to match PodDisruptionBudgets). */
  readonly labels: Readonly<Record<string, unknown>>;
  /** Pods that run at once from this template. */
  readonly replicas: number;
}

const TEMPLATE_PATHS: Readonly<Record<string, string>> = {
  Deployment: "spec.template",
  StatefulSet: "spec.template",
  DaemonSet: "spec.template",
  ReplicaSet: "spec.template",
  ReplicationController: "spec.template",
  Job: "spec.template",
  CronJob: "spec.jobTemplate.spec.template",
};

export const SPARK_APPLICATION_KINDS = new Set(["SparkApplication", "ScheduledSparkApplication"]);

/** `kubernetes:apps/v1:Deployment` → `Deployment`; undefined for non-Kubernetes types. */
export function kubernetesKind(type: string): string | undefined {
  if (!type.startsWith("kubernetes:")) return undefined;
  return type.split(":")[2];
}

/** The pod templates of a Kubernetes object (empty for kinds that run no pods). */
export function podTemplates(kind: string, object: Props): PodTemplate[] {
  if (kind === "Pod") {
    return [{ path: "spec", spec: record(object.spec), labels: record(at(object, "metadata.labels")), replicas: 1 }];
  }
  const templatePath = TEMPLATE_PATHS[kind];
  if (templatePath) {
    const template = at(object, templatePath);
    if (!isRecord(template)) return [];
    const replicas = kind === "Job" || kind === "CronJob" ? (num(at(object, kind === "Job" ? "spec.parallelism" : "spec.jobTemplate.spec.parallelism")) ?? 1) : (num(at(object, "spec.replicas")) ?? 1);
    return [{ path: `${templatePath}.spec`, spec: record(template.spec), labels: record(at(template, "metadata.labels")), replicas }];
  }
  if (SPARK_APPLICATION_KINDS.has(kind)) return sparkRoles(kind === "ScheduledSparkApplication" ? record(at(object, "spec.template")) : record(object.spec), kind === "ScheduledSparkApplication" ? "spec.template" : "spec");
  return [];
}

/**
 * The driver and executor of a SparkApplication as pod templates. App-level `nodeSelector` applies
 * to both roles (the operator merges it), so it is folded into each role's spec here.
 */
function sparkRoles(spec: Props, base: string): PodTemplate[] {
  const roles: PodTemplate[] = [];
  for (const role of ["driver", "executor"] as const) {
    const roleSpec = record(spec[role]);
    const merged: Record<string, unknown> = { ...roleSpec };
    if (isRecord(spec.nodeSelector)) merged.nodeSelector = { ...spec.nodeSelector, ...record(roleSpec.nodeSelector) };
    roles.push({
      path: `${base}.${role}`,
      spec: merged,
      labels: record(roleSpec.labels),
      replicas: role === "executor" ? (num(roleSpec.instances) ?? 1) : 1,
    });
  }
  return roles;
}

/** A container of a pod spec with where it sits. */
export interface ContainerRef {
  readonly path: string;
  readonly container: Props;
}

/** Containers and init containers of a pod spec. */
export function containersOf(template: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of ["initContainers", "containers"] as const) {
    records(template.spec[field]).forEach((container, index) => out.push({ path: `${template.path}.${field}[${index}]`, container }));
  }
  return out;
}

/** `<kind>/<namespace>/<name>` of an object, for messages. */
export function objectName(kind: string, object: Props): string {
  const namespace = str(at(object, "metadata.namespace"));
  const name = str(at(object, "metadata.name")) ?? "?";
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** Kinds without a namespace; everything else (including unknown custom resources) is namespaced. */
export const CLUSTER_SCOPED_KINDS = new Set([
  "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
  "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "IngressClass",
  "RuntimeClass", "CSIDriver", "CSINode", "VolumeAttachment", "VolumeSnapshotClass", "CertificateSigningRequest",
  "ClusterIssuer", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "FlowSchema",
  "PriorityLevelConfiguration", "ComponentStatus", "PodSecurityPolicy",
]);

