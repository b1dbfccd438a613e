import type * as pulumi from "@pulumi/pulumi";
import { isPlainObject, type PlainObject } from "../k8s/rendered-containers";

const CERTIFICATE_TYPE = "kubernetes:cert-manager.io/v1:Certificate";

/**
 * The Certificate with `serviceHost` among its DNS names, if it is the one of the pods behind that
 * Service (a name `<pod>.<serviceHost>`) and lacks it; otherwise undefined.
 */
export function withServiceDnsName(certificate: PlainObject, serviceHost: string): PlainObject | undefined {
  const spec = certificate.spec;
  if (!isPlainObject(spec) || !Array.isArray(spec.dnsNames)) return undefined;
  const names = spec.dnsNames.filter((n): n is string => typeof n === "string");
  if (!names.some((n) => n.endsWith(`.${serviceHost}`)) || names.includes(serviceHost)) return undefined;
  return { ...certificate, spec: { ...spec, dnsNames: [...spec.dnsNames, serviceHost] } };
}

/**
 * A Pulumi transform for the yugabyte chart's cert-manager Certificates. Chart 2025.2.5 names each
 * pod (`yb-tserver-0.yb-tservers.<ns>.svc.cluster.local`) and `<fullname>-yb-tservers.…`, a Service
 * that does not exist with `oldNamingStyle`, but not the headless Service clients connect to; a
 * client that verifies the host name (`sslmode=verify-full`) would refuse the server. This adds it.
 */
export function yugabyteServiceDnsName(serviceHost: string): pulumi.ResourceTransform {
  // Named, so the plan records which transform the chart runs.
  const addServiceDnsName: pulumi.ResourceTransform = (args) => {
    if (args.type !== CERTIFICATE_TYPE) return undefined;
    const props = withServiceDnsName(args.props, serviceHost);
    return props ? { props, opts: args.opts } : undefined;
  };
  return addServiceDnsName;
}
