/** The parts of a planned Job's container the tests read (manifests as `toJson()` renders them). */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

export interface JobContainer {
  readonly name: string;
  readonly image: string;
  readonly args: string[];
  /** Absent on a container that reads no variable. */
  readonly env?: EnvVar[];
  readonly securityContext: Record<string, unknown>;
  readonly volumeMounts: { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
}
