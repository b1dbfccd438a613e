import type { ResourceRule } from "./rule";
import { listenersOf } from "../model/listeners";

export interface ListenerAuthenticationConfig {
  /** `where` prefixes of listeners allowed without authentication. */
  readonly allowed: readonly string[];
}

/** Every UI and API asks who is calling: reaching a port is not permission to use it. */
export const listenerAuthentication: ResourceRule<ListenerAuthenticationConfig> = {
  kind: "resource",
  pack: "security",
  name: "listener-authentication",
  description: "Every UI and API (Strimzi listeners, chart servers, the platform's Services) requires authentication.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allowed: { type: "array", items: { type: "string" } } } },
  defaults: { allowed: [] },
  validate(resource, config, report) {
    for (const listener of listenersOf(resource)) {
      if (listener.authentication || config.allowed.some((prefix) => listener.where.startsWith(prefix))) continue;
      report(
        `${listener.where} requires no authentication; ` +
          "to comply, configure passwords, SCRAM, client certificates or JWTs on it.",
      );
    }
  },
};
