/** The restricted, read-only context of the platform's init containers in pods it declares, as `uid`. */
export interface RestrictedInitContainerSecurity {
  readonly runAsNonRoot: true;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly allowPrivilegeEscalation: false;
  readonly readOnlyRootFilesystem: true;
  readonly capabilities: { readonly drop: readonly ["ALL"] };
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
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
