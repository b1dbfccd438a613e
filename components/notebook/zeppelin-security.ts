import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import type { Listener } from "../k8s/listener";

/** Zeppelin's logins: `admin` manages interpreters and credentials, `analyst` writes its own notebooks. */
export const ZEPPELIN_USERS = { admin: "admin", analyst: "user" } as const;
export const ZEPPELIN_HTTPS_PORT = 8443;

/**
 * Shiro configuration: every page and API call needs a login (anonymous access is off), only the
 * admin role reaches interpreter, credential and configuration settings.
 */
export function shiroIni(passwords: Readonly<Record<keyof typeof ZEPPELIN_USERS, string>>): string {
  const users = Object.entries(ZEPPELIN_USERS).map(
    ([user, role]) => `${user} = ${passwords[user as keyof typeof ZEPPELIN_USERS]}, ${role}`,
  );
  return [
    "[main]",
    "sessionManager = org.apache.shiro.web.session.mgt.DefaultWebSessionManager",
    "securityManager.sessionManager = $sessionManager",
    "securityManager.sessionManager.globalSessionTimeout = 28800000",
    "shiro.loginUrl = /api/login",
    "[users]",
    ...users,
    "[roles]",
    "admin = *",
    "user = *",
    "[urls]",
    "/api/version = anon",
    "/api/cluster/address = anon",
    "/api/interpreter/** = authc, roles[admin]",
    "/api/notebook-repositories/** = authc, roles[admin]",
    "/api/configurations/** = authc, roles[admin]",
    "/api/credential/** = authc, roles[admin]",
    "/api/admin/** = authc, roles[admin]",
    "/** = authc",
    "",
  ].join("\n");
}

/** The Shiro file and the users' passwords as Secrets (generated; only in Secrets and the state). */
export function zeppelinShiroSecrets(
  name: string,
  namespace: pulumi.Input<string>,
  labels: Readonly<Record<string, string>>,
  parent: pulumi.Resource,
): { readonly shiroSecret: string; readonly usersSecret: string; readonly resources: pulumi.Resource[] } {
  const generated = Object.keys(ZEPPELIN_USERS).map((user) => ({
    user,
    password: new RandomPassword(`${name}-${user}-password`, { length: 24, special: false }, { parent }),
  }));
  const ini = pulumi
    .all(generated.map((g) => g.password.result))
    .apply((values) => shiroIni({ admin: values[0], analyst: values[1] }));
  const meta = (secretName: string) => ({
    name: secretName,
    namespace,
    labels: { ...labels, "app.kubernetes.io/part-of": "batch-platform" },
  });
  const shiroSecret = `${name}-shiro`;
  const usersSecret = `${name}-users`;
  return {
    shiroSecret,
    usersSecret,
    resources: [
      new Secret(
        shiroSecret,
        { metadata: meta(shiroSecret), type: "Opaque", stringData: { "shiro.ini": pulumi.secret(ini) } },
        { parent },
      ),
      new Secret(
        usersSecret,
        {
          metadata: meta(usersSecret),
          type: "Opaque",
          stringData: Object.fromEntries(generated.map((g) => [`${g.user}-password`, g.password.result])),
        },
        { parent },
      ),
    ],
  };
}

/** Zeppelin's one listener: the UI and its API. */
export function zeppelinListener(name: string, namespace: string, tls: boolean, port: number): Listener {
  return {
    component: "zeppelin",
    name: tls ? "https" : "http",
    kind: "ui",
    namespace,
    service: name,
    port,
    tls: tls ? "tls" : "none",
    certificate: tls ? `cert-manager Certificate ${name}-tls (PKCS#12 keystore)` : "",
    authentication: "shiro",
    authorization: "Shiro roles (admin: interpreters, credentials); notebooks private to their owner",
  };
}
