import type { WorkloadIdentity } from "../identity/workload-identity";

/** Access that can be granted on one zone, dataset or container: write includes read. */
export type GrantAccess = "read" | "write";

/**
 * The grants a part has made, so that asking twice (or for less than was granted) creates nothing:
 * many pipelines need the same access for the same identity.
 */
export class GrantLedger {
  private readonly granted = new Map<string, GrantAccess>();

  /** True when `access` (or more) on `scope` was granted already. */
  holds(identity: WorkloadIdentity, scope: string, access: GrantAccess): boolean {
    const held = this.granted.get(`${identity.name}/${scope}`);
    return held === "write" || held === access;
  }

  /** True when the grant on `scope` (a zone, a dataset) is new and must be created; records it. */
  claim(identity: WorkloadIdentity, scope: string, access: GrantAccess): boolean {
    const key = `${identity.name}/${scope}`;
    const held = this.granted.get(key);
    if (held === "write" || held === access) return false;
    this.granted.set(key, access);
    return true;
  }
}

/** The resource name of a grant: `<identity>-<scope>-<access>`, e.g. `airflow-landing-write`. */
export function grantName(identity: WorkloadIdentity, scope: string, access: GrantAccess): string {
  return `${identity.name}-${scope}-${access}`;
}
