import type { RestrictedContainerSecurity } from "./value-types";

/** The restricted, read-only context of the platform's init containers in pods it declares, as `uid`. */
export interface RestrictedInitContainerSecurity extends RestrictedContainerSecurity<true> {
  readonly runAsUser: number;
  readonly runAsGroup: number;
}

/** Requests and limits of an init container. */
export interface InitContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export function restrictedInitContainerSecurity(uid: number): RestrictedInitContainerSecurity {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}
