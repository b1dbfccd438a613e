import { describe, expect, it } from "vitest";
import { diffPlans } from "../../infra/diff/diff-plans";
import { renderReview } from "../../infra/diff/render-review";
import { isSensitivePath, maskValue } from "../../infra/diff/sensitive";
import { SECRET_MASK } from "../../infra/plan/document";
import { CONFIG_GROUP, plan } from "./plan-builders";

const SECRETS = [
  "hunter2-old",
  "hunter2-new",
  "c3VwZXJzZWNyZXQ=",
  "s3cr3t-string-data",
  "dbpass-old",
  "dbpass-new",
  "pem-key-material",
  "token-abc",
];

describe("secrets never reach the review", () => {
  it("masks helm passwords, Secret data, connection URIs and plan-masked values", () => {
    const release = (password: string, masked: string) => ({
      type: "kubernetes:helm.sh/v3:Release",
      name: "yugabyte",
      inputs: {
        chart: "yugabyte",
        values: {
          auth: { rootPassword: password, existingSecret: "yb-auth" },
          gflags: { master: { ysql_hba_conf: masked } },
        },
      },
    });
    const secret = (data: string, stringData: string) => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "airflow-connections", namespace: "airflow" },
      data: { key: data },
      stringData: { AIRFLOW_CONN_YB: stringData },
    });
    const configMap = (uriPass: string) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "airflow-env", namespace: "airflow" },
      data: { SQL_CONN: `postgresql://airflow:${uriPass}@yb-tserver:5433/yugabyte` },
    });
    const before = plan(
      "oss-prod",
      [
        release("hunter2-old", SECRET_MASK),
        { type: CONFIG_GROUP, name: "airflow-objects", inputs: { objs: [configMap("dbpass-old")] } },
        { type: "gcp:serviceaccount/key:Key", name: "k", inputs: { privateKey: "pem-key-material" } },
      ],
      { outputs: { adminToken: "token-abc" } },
    );
    const after = plan(
      "oss-prod",
      [
        release("hunter2-new", SECRET_MASK),
        {
          type: CONFIG_GROUP,
          name: "airflow-objects",
          inputs: { objs: [configMap("dbpass-new"), secret("c3VwZXJzZWNyZXQ=", "s3cr3t-string-data")] },
        },
      ],
      { outputs: { adminToken: "token-xyz" } },
    );
    const diff = diffPlans(before, after, []);
    const review = renderReview([diff], { maxChars: Number.POSITIVE_INFINITY });
    for (const secretValue of SECRETS) expect(review).not.toContain(secretValue);
    expect(JSON.stringify(diff)).not.toContain("hunter2");
    // The change itself is still reported.
    expect(review).toContain('`values.auth.rootPassword`: `"[secret]"` → `"[secret]"`');
    expect(review).toContain("postgresql://airflow:[secret]@yb-tserver:5433/yugabyte");
    expect(review).toContain("`adminToken`");
    // References to secrets stay readable.
    expect(isSensitivePath("kubernetes:helm.sh/v3:Release", ["values", "auth", "existingSecret"])).toBe(false);
    expect(
      isSensitivePath("kubernetes:core/v1:Pod", [
        "spec",
        "containers",
        0,
        "env",
        0,
        "valueFrom",
        "secretKeyRef",
        "name",
      ]),
    ).toBe(false);
    // When in doubt it masks: a key named `secret` may hold one.
    expect(isSensitivePath("kubernetes:core/v1:Pod", ["spec", "volumes", 0, "secret", "secretName"])).toBe(true);
  });

  it("masks a whole added object's nested secrets", () => {
    expect(maskValue("kubernetes:core/v1:Secret", [], { metadata: { name: "s" }, data: { a: "b" } })).toEqual({
      data: SECRET_MASK,
      metadata: { name: "s" },
    });
    expect(maskValue("x", ["values"], { db: { password: "p", host: "h" } })).toEqual({
      db: { host: "h", password: SECRET_MASK },
    });
  });
});
