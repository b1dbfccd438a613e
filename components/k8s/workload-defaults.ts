import { ApiObject, JsonPatch, Size } from "cdk8s";
import * as kplus from "cdk8s-plus-34";
import { DEFAULT_PLACEMENT, nodeSelectorFor, type NodePlacement, type NodePoolName } from "../k8s/placement";
import { bytes, millicores } from "./quantities";

/**
 * Defaults for the project's own workloads authored with cdk8s-plus-34 (microservices, the Hive
 * Metastore, Zeppelin): container sizes from Kubernetes quantities, a restricted security context,
 * and node-pool pinning by the placement contract's nodeSelector.
 */

/** CPU and memory of one container; the limits default to twice the CPU request and the memory request. */
export interface ContainerSize {
  /** CPU request, e.g. `250m` or `2`. */
  readonly cpu: string;
  /** Memory request (and limit unless `memoryLimit`), e.g. `512Mi` or `2Gi`. */
  readonly memory: string;
  /** CPU limit. @default twice `cpu` */
  readonly cpuLimit?: string;
  /** Memory limit. @default `memory` (JVMs and databases should not be overcommitted) */
  readonly memoryLimit?: string;
}

const CPU = /^([0-9]+)(m?)$/;
const MEMORY = /^([0-9]+)(Mi|Gi)$/;

/** Problems of a {@link ContainerSize}, each naming `path`. */
export function validateContainerSize(path: string, size: ContainerSize): string[] {
  const problems: string[] = [];
  for (const key of ["cpu", "cpuLimit"] as const) {
    const value = size[key];
    if (value !== undefined && !CPU.test(value)) problems.push(`${path}.${key}: got ${JSON.stringify(value)}; expected whole cores or millicores such as "2" or "500m"`);
  }
  for (const key of ["memory", "memoryLimit"] as const) {
    const value = size[key];
    if (value !== undefined && !MEMORY.test(value)) problems.push(`${path}.${key}: got ${JSON.stringify(value)}; expected Mi or Gi such as "512Mi" or "2Gi"`);
  }
  return problems;
}

/** Millicores of a CPU quantity validated by {@link validateContainerSize}. */
export function cpuMillicores(quantity: string): number {
  const value = millicores(quantity);
  if (value === undefined) throw new Error(`not a CPU quantity: ${quantity}`);
  return value;
}

/** Mebibytes of a memory quantity validated by {@link validateContainerSize}. */
export function mebibytes(quantity: string): number {
  const value = bytes(quantity);
  if (value === undefined || !MEMORY.test(quantity)) throw new Error(`not a memory quantity: ${quantity}`);
  return value / 2 ** 20;
}

/** The cdk8s-plus resources of a container. */
export function containerResources(size: ContainerSize): kplus.ContainerResources {
  const cpuLimit = size.cpuLimit === undefined ? cpuMillicores(size.cpu) * 2 : cpuMillicores(size.cpuLimit);
  return {
    cpu: { request: kplus.Cpu.millis(cpuMillicores(size.cpu)), limit: kplus.Cpu.millis(cpuLimit) },
    memory: { request: Size.mebibytes(mebibytes(size.memory)), limit: Size.mebibytes(mebibytes(size.memoryLimit ?? size.memory)) },
  };
}

/** A container that runs as `uid` and cannot escalate ({@link placeAndHarden} drops its capabilities). */
export function restrictedContainer(uid: number, readOnlyRootFilesystem = false): kplus.ContainerSecurityContextProps {
  return {
    user: uid,
    group: uid,
    ensureNonRoot: true,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
  };
}

/** A pod whose processes run as `uid` and whose volumes belong to its group. */
export function restrictedPod(uid: number): kplus.PodSecurityContextProps {
  return { user: uid, group: uid, fsGroup: uid, ensureNonRoot: true, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH };
}

/**
 * Finishes a workload's pod template: the node pool's nodeSelector (the placement contract), the
 * RuntimeDefault seccomp profile and `capabilities.drop: [ALL]` on every container — cdk8s-plus-34
 * has no pod-level property for the first two, and one patch covers init containers too.
 */
export function placeAndHarden(workload: kplus.Workload, pool: NodePoolName, placement: NodePlacement = DEFAULT_PLACEMENT): void {
  const object = ApiObject.of(workload);
  const spec = "/spec/template/spec";
  object.addJsonPatch(JsonPatch.add(`${spec}/nodeSelector`, nodeSelectorFor(pool, placement)));
  object.addJsonPatch(JsonPatch.add(`${spec}/securityContext/seccompProfile`, { type: "RuntimeDefault" }));
  workload.initContainers.forEach((_, i) => object.addJsonPatch(JsonPatch.add(`${spec}/initContainers/${i}/securityContext/capabilities`, { drop: ["ALL"] })));
  workload.containers.forEach((_, i) => object.addJsonPatch(JsonPatch.add(`${spec}/containers/${i}/securityContext/capabilities`, { drop: ["ALL"] })));
}

/** The standard labels of the project's own workloads. */
export function workloadLabels(name: string, component: string, labels: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...labels, "app.kubernetes.io/name": name, "app.kubernetes.io/component": component, "app.kubernetes.io/part-of": "batch-platform" };
}

/** Labels that select a workload's pods (stable across label changes that are only metadata). */
export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name };
}
