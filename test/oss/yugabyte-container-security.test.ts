import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  withRestrictedYugabyteContainers,
  YUGABYTE_CONTAINER_SECURITY,
  yugabyteRestrictedContainers,
} from "../../components/warehouse/yugabyte-container-security";
import { transformArgs } from "../helpers/transform-args";

/**
 * A tserver StatefulSet as chart 2025.2.5 renders it with cert-manager TLS (templates/service.yaml
 * at yugabyte/charts d97fc01): the pod context from `podSecurityContext`, the `certmanager-init`
 * init container, the server and the log cleanup — no container has a securityContext.
 */
function chartStatefulSet() {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "yb-tserver", namespace: "serving" },
    spec: {
      serviceName: "yb-tservers",
      template: {
        spec: {
          securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true },
          initContainers: [{ name: "certmanager-init", image: "yugabytedb/yugabyte:2025.2.5.2-b5" }],
          containers: [
            { name: "yb-tserver", image: "yugabytedb/yugabyte:2025.2.5.2-b5", ports: [{ containerPort: 9100 }] },
            { name: "yb-cleanup", image: "yugabytedb/yugabyte:2025.2.5.2-b5" },
          ],
        },
      },
    },
  };
}

type Workload = ReturnType<typeof chartStatefulSet>;
type Container = { name: string; securityContext?: Record<string, unknown> };

const args = (type: string, props: pulumi.Inputs) => transformArgs(type, props, { protect: true });

describe("withRestrictedYugabyteContainers", () => {
  it("gives every container and init container the restricted settings but a read-only root", () => {
    const moved = withRestrictedYugabyteContainers(chartStatefulSet()) as Workload;
    const pod = moved.spec.template.spec;
    const all = [...pod.initContainers, ...pod.containers] as Container[];
    expect(all.map((c) => c.name)).toEqual(["certmanager-init", "yb-tserver", "yb-cleanup"]);
    for (const container of all)
      expect(container.securityContext, container.name).toEqual({
        allowPrivilegeEscalation: false,
        privileged: false,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
    // The pod context and everything else stay as the chart rendered them.
    expect(pod.securityContext).toEqual(chartStatefulSet().spec.template.spec.securityContext);
    expect(pod.containers[0]!.ports).toEqual([{ containerPort: 9100 }]);
  });

  it("keeps a container's own settings, leaves its input untouched, changes nothing twice", () => {
    const input = chartStatefulSet();
    const own = { ...input.spec.template.spec.containers[0]!, securityContext: { runAsUser: 10001 } };
    const custom = {
      ...input,
      spec: { ...input.spec, template: { spec: { ...input.spec.template.spec, containers: [own] } } },
    };
    const moved = withRestrictedYugabyteContainers(custom) as Workload;
    expect((moved.spec.template.spec.containers[0] as Container).securityContext).toEqual({
      runAsUser: 10001,
      ...YUGABYTE_CONTAINER_SECURITY,
    });
    expect(input).toEqual(chartStatefulSet());
    expect(withRestrictedYugabyteContainers(moved)).toBeUndefined();
  });
});

describe("yugabyteRestrictedContainers", () => {
  it("rewrites the chart's StatefulSets and Jobs, keeping their resource options", async () => {
    const result = await yugabyteRestrictedContainers(args("kubernetes:apps/v1:StatefulSet", chartStatefulSet()));
    expect(result?.opts).toEqual({ protect: true });
    const job = { apiVersion: "batch/v1", kind: "Job", spec: chartStatefulSet().spec };
    expect(await yugabyteRestrictedContainers(args("kubernetes:batch/v1:Job", job))).toBeDefined();
  });

  it("passes every other rendered object through", async () => {
    expect(await yugabyteRestrictedContainers(args("kubernetes:core/v1:Service", { spec: {} }))).toBeUndefined();
  });
});

