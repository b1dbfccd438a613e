import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { WorkloadIdentityAccount, workloadIdentityAccountProblems, type WorkloadIdentityAccountArgs } from "../../components/identity/workload-identity-account";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const args: WorkloadIdentityAccountArgs = {
  project: "acme-data-prod",
  accountId: "acme-prod-airflow",
  workloadPool: "acme-data-prod.svc.id.goog",
  kubernetesServiceAccounts: [{ namespace: "orchestration", name: "airflow-worker" }, { namespace: "orchestration", name: "airflow-triggerer" }],
  projectRoles: ["roles/bigquery.jobUser"],
};

describe("WorkloadIdentityAccount", () => {
  let capture: RegistrationCapture;
  let account: WorkloadIdentityAccount;
  beforeAll(async () => {
    capture = await mockPulumi();
    account = new WorkloadIdentityAccount("airflow", args);
  });

  it("binds each Kubernetes service account to the Google account through workload identity", async () => {
    const bindings = await registered(capture, "gcp:serviceaccount/iAMMember:IAMMember");
    expect(bindings.map((b) => [b.inputs.serviceAccountId, b.inputs.role, b.inputs.member]).sort()).toEqual([
      ["acme-prod-airflow", "roles/iam.workloadIdentityUser", "serviceAccount:acme-data-prod.svc.id.goog[orchestration/airflow-triggerer]"],
      ["acme-prod-airflow", "roles/iam.workloadIdentityUser", "serviceAccount:acme-data-prod.svc.id.goog[orchestration/airflow-worker]"],
    ]);
  });

  it("exposes the annotation for the Kubernetes service accounts, and the same email the cloud computes", async () => {
    expect(account.annotations).toEqual({ "iam.gke.io/gcp-service-account": "acme-prod-airflow@acme-data-prod.iam.gserviceaccount.com" });
    expect(await valueOf(account.email)).toBe(account.emailAddress);
  });

  it("grants only the listed project roles and creates no key", async () => {
    expect((await registered(capture, "gcp:projects/iAMMember:IAMMember")).map((m) => m.inputs.role)).toEqual(["roles/bigquery.jobUser"]);
    expect(await registered(capture, "gcp:serviceaccount/key:Key")).toEqual([]);
  });

  it("rejects an identity nobody can use", () => {
    expect(workloadIdentityAccountProblems({ ...args, accountId: "af", kubernetesServiceAccounts: [] })).toEqual([
      `accountId: got "af"; expected 6-30 lowercase letters, digits and -, starting with a letter`,
      "kubernetesServiceAccounts: got none; expected at least one namespace/name that acts as this account",
    ]);
  });
});
