/**
 * The TLS proxy in a microservice's pod, for services that serve no TLS themselves (PostgREST):
 * nginx from NGINX's unprivileged image (non-root uid 101, stable 1.30.4), which terminates TLS with
 * a cert-manager certificate and forwards to the service on 127.0.0.1, so nothing else reaches it.
 */

/** Stable nginx, pinned; the image runs as uid 101 and keeps its pid and temp files under /tmp. */
export const TLS_PROXY_IMAGE = "nginxinc/nginx-unprivileged:1.30.4-alpine-slim";
export const TLS_PROXY_UID = 101;
/** The TLS port the Service exposes by default. */
export const TLS_PROXY_PORT = 8443;
/** The proxy's path for the service's readiness check (forwarded to the health check on 127.0.0.1). */
export const TLS_PROXY_HEALTH_PATH = "/_health";
/** Where the proxy's configuration and the certificate Secret are mounted. */
export const TLS_PROXY_CONFIG_DIR = "/etc/nginx/proxy";
export const TLS_PROXY_CERT_DIR = "/etc/nginx/tls";

export interface TlsProxyConfigProps {
  /** The port nginx serves TLS on. */
  readonly tlsPort: number;
  /** The service's port on 127.0.0.1. */
  readonly upstreamPort: number;
  /** The service's readiness check on 127.0.0.1, served as {@link TLS_PROXY_HEALTH_PATH}. @default none */
  readonly health?: { readonly path: string; readonly port: number };
}

/**
 * nginx.conf of the proxy: its own file (the image's entrypoint scripts and conf.d are not used),
 * writable paths only under /tmp, TLS 1.2+ and no other listener.
 */
export function tlsProxyConfig(props: TlsProxyConfigProps): string {
  const upstream = `http://127.0.0.1:${props.upstreamPort}`;
  const health = props.health
    ? [
        `    location = ${TLS_PROXY_HEALTH_PATH} {`,
        `      proxy_pass http://127.0.0.1:${props.health.port}${props.health.path};`,
        "    }",
      ]
    : [];
  return [
    "daemon off;",
    "worker_processes 1;",
    "pid /tmp/nginx.pid;",
    "error_log stderr warn;",
    "events {",
    "  worker_connections 1024;",
    "}",
    "http {",
    "  client_body_temp_path /tmp/client_temp;",
    "  proxy_temp_path /tmp/proxy_temp;",
    "  fastcgi_temp_path /tmp/fastcgi_temp;",
    "  uwsgi_temp_path /tmp/uwsgi_temp;",
    "  scgi_temp_path /tmp/scgi_temp;",
    "  access_log /dev/stdout;",
    "  server_tokens off;",
    // A variable in the certificate path makes nginx load it at handshake time (cached for a minute):
    // cert-manager's renewals are served without restarting the pod. The worker reads the key then,
    // so it must be readable by uid 101 (a Secret volume's default mode 0644 is).
    "  map $server_port $tls_dir {",
    `    default ${TLS_PROXY_CERT_DIR};`,
    "  }",
    "  server {",
    `    listen ${props.tlsPort} ssl;`,
    "    ssl_certificate $tls_dir/tls.crt;",
    "    ssl_certificate_key $tls_dir/tls.key;",
    "    ssl_certificate_cache max=4 valid=1m;",
    "    ssl_protocols TLSv1.2 TLSv1.3;",
    ...health,
    "    location / {",
    `      proxy_pass ${upstream};`,
    "      proxy_set_header Host $host;",
    "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "      proxy_set_header X-Forwarded-Proto https;",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
}
