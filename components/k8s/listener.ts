/**
 * The listener inventory: one typed description of every port a platform component serves — what
 * protects it in transit and who may use it. Components build theirs from the same settings that
 * configure the listener, expose it as `listeners`, stamp it on the Services they author (the
 * {@link LISTENERS_ANNOTATION}), and the stacks export them all; the security policy pack and the
 * tests read them, and `docs/security.md` lists them.
 */

/** How a listener is protected in transit: `mtls` also verifies the client's certificate. */
export type ListenerTls = "none" | "tls" | "mtls";

/** How callers prove who they are. */
export type ListenerAuthentication =
  | "none"
  /** Username and password checked by the server (a password file, database roles). */
  | "password"
  | "scram-sha-512"
  /** A client certificate from the platform CA. */
  | "client-certificate"
  /** A signed JWT (PostgREST, Airflow's API). */
  | "jwt"
  /** AWS Signature V4 with per-identity access keys (MinIO). */
  | "s3-signature"
  /** Apache Shiro users and roles (Zeppelin). */
  | "shiro"
  /** Airflow's auth manager (users and roles, sessions and JWTs). */
  | "airflow-auth-manager";

export interface Listener {
  /** The component serving it, e.g. `trino`. */
  readonly component: string;
  /** The port's name, e.g. `https`, `ysql`. */
  readonly name: string;
  /** A browser UI, an API, a database protocol, a message broker or node-to-node traffic. */
  readonly kind: "ui" | "api" | "database" | "broker" | "internal";
  readonly namespace: string;
  /** The Service clients connect to. */
  readonly service: string;
  readonly port: number;
  readonly tls: ListenerTls;
  /** Where the server certificate comes from (a cert-manager Certificate, an operator's CA); empty without TLS. */
  readonly certificate: string;
  readonly authentication: ListenerAuthentication;
  /** How access is limited once authenticated (roles, ACLs, grants), in a few words. */
  readonly authorization: string;
}

/** Annotation on a Service: the JSON list of its listeners' `{ port, tls, authentication }`. */
export const LISTENERS_ANNOTATION = "batch-platform.io/listeners";

/** The annotation value for a Service's listeners (ports in order). */
export function listenersAnnotation(listeners: readonly Listener[]): Record<string, string> {
  const entries = listeners.map((l) => ({ port: l.port, tls: l.tls, authentication: l.authentication }));
  return { [LISTENERS_ANNOTATION]: JSON.stringify(entries) };
}

/** Listeners without TLS or without authentication, as `component/name: …` lines. */
export function insecureListeners(listeners: readonly Listener[]): string[] {
  const problems: string[] = [];
  for (const l of listeners) {
    if (l.tls === "none") problems.push(`${l.component}/${l.name} (${l.namespace}/${l.service}:${l.port}): no TLS`);
    if (l.authentication === "none")
      problems.push(`${l.component}/${l.name} (${l.namespace}/${l.service}:${l.port}): no authentication`);
  }
  return problems;
}
