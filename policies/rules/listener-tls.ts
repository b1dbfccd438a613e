import type { ResourceRule } from "./rule";
import { listenersOf } from "../model/listeners";

export interface ListenerTlsConfig {
  /** `where` prefixes of listeners allowed without TLS (e.g. a dev-only database). */
  readonly allowed: readonly string[];
}

/** Every listener the platform serves encrypts in transit: credentials and data never cross the network in clear. */
export const listenerTls: ResourceRule<ListenerTlsConfig> = {
  kind: "resource",
  pack: "security",
  name: "listener-tls",
  description: "Every listener (Strimzi listeners, chart servers, the platform's Services) serves TLS.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allowed: { type: "array", items: { type: "string" } } } },
  defaults: { allowed: [] },
  validate(resource, config, report) {
    for (const listener of listenersOf(resource)) {
      if (listener.tls || config.allowed.some((prefix) => listener.where.startsWith(prefix))) continue;
      report(
        `${listener.where} serves no TLS; ` +
          "to comply, issue it a certificate from the platform CA (batch-platform:oss.tls) and turn TLS on.",
      );
    }
  },
};
