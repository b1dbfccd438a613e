import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { withServiceDnsName, yugabyteServiceDnsName } from "../../components/warehouse/yugabyte-certificate-names";
import { transformArgs } from "../helpers/transform-args";

const HOST = "yb-tservers.serving.svc.cluster.local";

/** The tserver and master Certificates as chart 2025.2.5 renders them with `oldNamingStyle` (RF 3). */
function certificate(service: "yb-tserver" | "yb-master") {
  const pods = [0, 1, 2].map((i) => `${service}-${i}.${service}s.serving.svc.cluster.local`);
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: `${service}-yugabyte-tls-cert`, namespace: "serving" },
    spec: {
      secretName: `${service}-yugabyte-tls-cert`,
      dnsNames: [...pods, `warehouse-yugabyte-${service}s.serving.svc.cluster.local`],
    },
  };
}

const args = (type: string, props: pulumi.Inputs) => transformArgs(type, props, { protect: true });

describe("withServiceDnsName", () => {
  it("adds the headless Service clients connect to, after the chart's names, without changing the input", () => {
    const input = certificate("yb-tserver");
    const result = withServiceDnsName(input, HOST) as ReturnType<typeof certificate>;
    expect(result.spec.dnsNames).toEqual([...input.spec.dnsNames, HOST]);
    expect(result.spec.secretName).toBe("yb-tserver-yugabyte-tls-cert");
    expect(input).toEqual(certificate("yb-tserver"));
    expect(withServiceDnsName(result, HOST)).toBeUndefined();
  });

  it("leaves the masters' Certificate and the client Certificate alone", () => {
    expect(withServiceDnsName(certificate("yb-master"), HOST)).toBeUndefined();
    const client = { kind: "Certificate", spec: { secretName: "yugabyte-tls-client-cert", dnsNames: [] } };
    expect(withServiceDnsName(client, HOST)).toBeUndefined();
  });
});

describe("yugabyteServiceDnsName", () => {
  const transform = yugabyteServiceDnsName(HOST);

  it("rewrites the tserver Certificate, keeping its resource options", async () => {
    const result = await transform(args("kubernetes:cert-manager.io/v1:Certificate", certificate("yb-tserver")));
    expect(result?.opts).toEqual({ protect: true });
    expect((result?.props as ReturnType<typeof certificate>).spec.dnsNames).toContain(HOST);
    expect(transform.name).toBe("addServiceDnsName");
  });

  it("passes every other rendered object through", async () => {
    expect(await transform(args("kubernetes:apps/v1:StatefulSet", certificate("yb-tserver")))).toBeUndefined();
  });
});
