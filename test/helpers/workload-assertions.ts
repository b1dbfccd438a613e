import { expect } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource, PlanValue } from "../../infra/plan/document";
import { validateKubernetesObjects, type CustomResourceValidator } from "../../infra/plan/validate-kubernetes";
import { registered } from "./pulumi";

/** Shared checks of the Kubernetes objects the query/notebook/metastore/streaming/microservice components emit. */

export type K8sObject = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };
type Json = Record<string, unknown>;

function rec(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(rec) : [];
}

/** The `objs` of the ConfigGroup registered under `name`. */
export async function configGroupObjs(capture: RegistrationCapture, name: string): Promise<K8sObject[]> {
  const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
  const group = groups.find((g) => g.name === name);
  if (!group) throw new Error(`no ConfigGroup ${name}; found ${groups.map((g) => g.name).join(", ")}`);
  return group.inputs.objs as unknown as K8sObject[];
}

export function findObject(objs: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objs.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objs.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`);
  return found;
}

/** The pod spec of a workload object (Deployment, StatefulSet, Job). */
export function podSpec(object: K8sObject): Json {
  return rec(rec(rec(object.spec).template).spec);
}

export function podLabels(object: K8sObject): Record<string, string> {
  return rec(rec(rec(object.spec).template).metadata).labels as Record<string, string>;
}

export function containersOf(spec: Json): Json[] {
  return [...list(spec.initContainers), ...list(spec.containers)];
}

export function envOf(container: Json): Json[] {
  return list(container.env);
}

const WORKLOADS = new Set(["Deployment", "StatefulSet", "Job", "DaemonSet"]);

/**
 * Every workload runs non-root with the RuntimeDefault seccomp profile, no privilege escalation, no
 * capabilities, requests and limits for CPU and memory, and an `IfNotPresent` pinned image.
 */
export function expectRestrictedWorkloads(objs: readonly K8sObject[]): void {
  const workloads = objs.filter((o) => WORKLOADS.has(o.kind));
  expect(workloads.length).toBeGreaterThan(0);
  for (const workload of workloads) {
    const spec = podSpec(workload);
    const pod = rec(spec.securityContext);
    expect(pod, `${workload.kind}/${workload.metadata.name} pod securityContext`).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.runAsUser).toBeGreaterThan(0);
    for (const container of containersOf(spec)) {
      const where = `${workload.kind}/${workload.metadata.name} container ${String(container.name)}`;
      expect(container.securityContext, where).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
      const resources = rec(container.resources);
      for (const side of ["requests", "limits"]) {
        expect(rec(resources[side]).cpu, `${where} ${side}.cpu`).toBeTruthy();
        expect(rec(resources[side]).memory, `${where} ${side}.memory`).toBeTruthy();
      }
      expect(String(container.image), `${where} image`).toMatch(/^[^:]+(\/[^:]+)*:[A-Za-z0-9._-]+$/);
      expect(String(container.image)).not.toMatch(/:latest$/);
    }
  }
}

/** No workload pod tolerates a taint or selects the batch pool. */
export function expectOffSpot(objs: readonly K8sObject[]): void {
  for (const workload of objs.filter((o) => WORKLOADS.has(o.kind))) {
    const spec = podSpec(workload);
    expect(spec.tolerations, `${workload.kind}/${workload.metadata.name} tolerations`).toBeUndefined();
    expect(rec(spec.nodeSelector)["batch-platform.io/pool"], `${workload.kind}/${workload.metadata.name} pool`).toMatch(/^(system|stateful)$/);
  }
}

/** Every env var whose name looks like a credential is a secretKeyRef, never a value. */
export function expectCredentialsFromSecrets(objs: readonly K8sObject[]): void {
  for (const workload of objs.filter((o) => WORKLOADS.has(o.kind))) {
    for (const container of containersOf(podSpec(workload))) {
      for (const variable of envOf(container)) {
        if (/(PASSWORD|SECRET|ACCESS_KEY|^PGUSER$|DB_USER|USERNAME)/.test(String(variable.name))) {
          expect(variable.value, `${workload.metadata.name} ${String(variable.name)}`).toBeUndefined();
          expect(rec(rec(variable.valueFrom).secretKeyRef).name, `${workload.metadata.name} ${String(variable.name)}`).toBeTruthy();
        }
      }
    }
  }
}

/** The captured registrations contain no generated secret value (mocks make RandomPassword results `plan-random-<name>`). */
export function expectNoGeneratedSecrets(resources: readonly PlanResource[]): void {
  expect(JSON.stringify(resources)).not.toMatch(/plan-random-|plan-bcrypt-/);
}

/** Runs the plan's Kubernetes validation over the captured resources; returns the mandatory findings' messages. */
export async function mandatoryFindings(resources: readonly PlanResource[], customResources: Readonly<Record<string, CustomResourceValidator>> = {}): Promise<string[]> {
  const findings = await validateKubernetesObjects({ resources: [...resources] }, customResources);
  return findings.filter((f) => f.enforcement === "mandatory").map((f) => f.message);
}

/** A ConfigGroup-shaped plan resource around synthesized objects, for validating a chart without Pulumi. */
export function asPlanResources(objs: readonly unknown[]): PlanResource[] {
  return [
    {
      urn: "urn:pulumi:test::batch-platform::kubernetes:yaml/v2:ConfigGroup::synth",
      type: "kubernetes:yaml/v2:ConfigGroup",
      name: "synth",
      parent: null,
      custom: false,
      inputs: { objs: objs as PlanValue },
      options: { protect: false, retainOnDelete: false, dependsOn: [], provider: null },
    },
  ];
}
