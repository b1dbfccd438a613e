import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PlanDocument, PlanValue } from "../../infra/plan/document";
import { plannedKubernetesObjects } from "../../infra/plan/kubernetes-objects";
import { sharedPlan } from "../helpers/plans";
import { chartName, readChartFacts } from "../upstream/chart-facts";
import { knowsPath } from "../upstream/chart-values-check";
import { NEAREST_CHART_FACTS, upstreamFolder } from "../upstream/upstream-root";
import { yugabyteRestrictedContainers } from "../../components/warehouse/yugabyte-container-security";

/**
 * The securityContexts the prod plans give every container they can reach: per chart the value
 * paths that carry a pod or container context, per custom resource the fields the operator copies
 * into its pods. Container contexts must be restricted (non-root, no escalation, ALL dropped,
 * RuntimeDefault seccomp) and read-only or not exactly as listed — docs/security.md ("Containers")
 * says why each writable one is. A chart without an entry fails the test, so a new one is covered.
 */

type Expect = "pod" | "read-only" | "writable";

/** Value paths per chart. `writable` lines are the containers docs/security.md names as such. */
const CHART_PATHS: Readonly<Record<string, Readonly<Record<string, Expect>>>> = {
  airflow: {
    "securityContexts.pod": "pod",
    "securityContexts.containers": "writable",
    ...Object.fromEntries(
      ["scheduler", "dagProcessor", "triggerer", "apiServer"].flatMap((c) => [
        [`${c}.securityContexts.pod`, "pod"],
        [`${c}.securityContexts.container`, "writable"],
        [`${c}.waitForMigrations.securityContexts.container`, "writable"],
      ]),
    ),
    ...Object.fromEntries(
      ["scheduler", "dagProcessor", "triggerer"].map((c) => [
        `${c}.logGroomerSidecar.securityContexts.container`,
        "read-only",
      ]),
    ),
    "workers.securityContexts.pod": "pod",
    "workers.securityContexts.container": "writable",
    "migrateDatabaseJob.securityContexts.pod": "pod",
    "migrateDatabaseJob.securityContexts.container": "writable",
    "createUserJob.securityContexts.pod": "pod",
    "createUserJob.securityContexts.container": "writable",
  },
  minio: {
    containerSecurityContext: "read-only",
    "postJob.securityContext": "pod",
    ...Object.fromEntries(
      ["makeBucketJob", "customCommandJob", "makePolicyJob", "makeUserJob", "makeServiceAccountJob"].map((j) => [
        `${j}.containerSecurityContext`,
        "read-only",
      ]),
    ),
  },
  "spark-operator": {
    "controller.podSecurityContext": "pod",
    "controller.securityContext": "read-only",
    "webhook.podSecurityContext": "pod",
    "webhook.securityContext": "read-only",
  },
  "strimzi-kafka-operator": { podSecurityContext: "pod", securityContext: "read-only" },
  "cloudnative-pg": { podSecurityContext: "pod", containerSecurityContext: "read-only" },
  "cert-manager": Object.fromEntries(
    ["", "webhook.", "cainjector.", "startupapicheck."].flatMap((c) => [
      [`${c}securityContext`, "pod"],
      [`${c}containerSecurityContext`, "read-only"],
    ]),
  ),
  trino: {
    securityContext: "pod",
    containerSecurityContext: "read-only",
    // The metastore's mutual-TLS proxy beside the coordinator and each worker.
    "sidecarContainers.coordinator.*.securityContext": "read-only",
    "sidecarContainers.worker.*.securityContext": "read-only",
    // Each pod's truststore, built first (the JDK's roots plus the platform CA).
    "initContainers.coordinator.*.securityContext": "read-only",
    "initContainers.worker.*.securityContext": "read-only",
  },
  // The chart has no container-level value: the pod context is all that reaches its containers.
  yugabyte: { podSecurityContext: "pod" },
};


/** Custom resources and manifests: the field paths (`*` for every list item) of their contexts. */
const OBJECT_PATHS: Readonly<Record<string, Readonly<Record<string, Expect>>>> = {
  KafkaNodePool: {
    "spec.template.kafkaContainer.securityContext": "read-only",
    // oss-prod spreads Kafka over zones: rack awareness adds Strimzi's kafka-init init container.
    "spec.template.initContainer.securityContext": "read-only",
  },
  Kafka: {
    "spec.entityOperator.template.topicOperatorContainer.securityContext": "read-only",
    "spec.entityOperator.template.userOperatorContainer.securityContext": "read-only",
  },
  Cluster: { "spec.securityContext": "read-only" },
};


function isMap(value: PlanValue | undefined): value is { [key: string]: PlanValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Values at a dotted path; `*` expands a list. */
function at(value: PlanValue | undefined, path: readonly string[]): PlanValue[] {
  if (path.length === 0) return value === undefined ? [] : [value];
  const [head, ...rest] = path;
  if (head === "*") return Array.isArray(value) ? value.flatMap((item) => at(item, rest)) : [];
  return isMap(value) ? at(value[head], rest) : [];
}

/** What is wrong with one context, or nothing; a container without a seccomp profile inherits the pod's. */
function contextProblems(where: string, context: PlanValue, expect: Expect, podSeccomp?: PlanValue): string[] {
  if (!isMap(context)) return [`${where}: no securityContext`];
  const problems: string[] = [];
  const seccomp = isMap(context.seccompProfile) ? context.seccompProfile.type : podSeccomp;
  if (context.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is ${JSON.stringify(context.runAsNonRoot)}`);
  if (expect === "pod") {
    if (seccomp !== undefined && seccomp !== "RuntimeDefault") problems.push(`${where}: seccomp ${String(seccomp)}`);
    return problems;
  }
  if (seccomp !== "RuntimeDefault") problems.push(`${where}: seccompProfile.type is ${JSON.stringify(seccomp)}`);
  if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
  const drop = isMap(context.capabilities) ? context.capabilities.drop : undefined;
  if (!Array.isArray(drop) || !drop.includes("ALL")) problems.push(`${where}: capabilities.drop lacks ALL`);
  if (context.privileged === true) problems.push(`${where}: privileged`);
  const readOnly = context.readOnlyRootFilesystem === true;
  if (readOnly !== (expect === "read-only"))
    problems.push(`${where}: readOnlyRootFilesystem is ${String(readOnly)}, expected ${expect}`);
  return problems;
}

function helmReleases(document: PlanDocument) {
  return document.resources
    .filter((r) => r.type === "kubernetes:helm.sh/v4:Chart" || r.type === "kubernetes:helm.sh/v3:Release")
    .map((r) => ({
      name: r.name,
      chart: chartName(String(r.inputs.chart)),
      version: String(r.inputs.version),
      values: r.inputs.values,
    }));
}

describe.each(["oss-prod", "gcp-prod"])("container securityContexts in the %s plan", (stack) => {
  const document = sharedPlan(stack);
  const releases = helmReleases(document);

  it("covers every chart it installs", () => {
    const charts = releases.map((r) => r.chart);
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) expect(chart in CHART_PATHS, `${chart} has no entry`).toBe(true);
  });

  it("sets a restricted context at every listed value path, read-only where listed", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const release of releases) {
      for (const [path, expect] of Object.entries(CHART_PATHS[release.chart] ?? {})) {
        const where = `${release.name} (${release.chart}) ${path}`;
        const found = at(release.values, path.split("."));
        if (found.length === 0) problems.push(`${where}: not set`);
        for (const context of found) problems.push(...contextProblems(where, context, expect));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(stack === "oss-prod" ? 40 : 30);
    expect(problems).toEqual([]);
  });

  it.runIf(stack === "oss-prod")("gives Trino and YugabyteDB pods the RuntimeDefault seccomp profile", () => {
    const seccomp = (chart: string, path: string) =>
      releases.filter((r) => r.chart === chart).flatMap((r) => at(r.values, path.split(".")));
    expect(seccomp("trino", "securityContext.seccompProfile.type")).toEqual(["RuntimeDefault"]);
    expect(seccomp("yugabyte", "podSecurityContext.seccompProfile.type")).toEqual(["RuntimeDefault"]);
  });

  it.runIf(stack === "oss-prod")("restricts YugabyteDB's containers, which no chart value reaches, by a transform", () => {
    const yugabyte = document.resources.filter(
      (r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === "yugabyte",
    );
    expect(yugabyte.map((r) => r.options.transforms?.[0])).toEqual([yugabyteRestrictedContainers.name]);
    // With TLS, the tserver Certificate also names the Service clients verify (yugabyte-certificate-names.ts).
    expect(yugabyte.map((r) => r.options.transforms?.[1])).toEqual(["addServiceDnsName"]);
  });

  it.runIf(stack === "oss-prod")("gives Trino's read-only pods writable emptyDirs: node data dir, /tmp, truststore", () => {
    const trino = releases.filter((r) => r.chart === "trino");
    expect(trino.length).toBe(1);
    const values = trino[0].values;
    expect(at(values, ["server", "node", "dataDir"])).toEqual(["/data/trino"]);
    for (const role of ["coordinator", "worker"]) {
      const mounts = at(values, [role, "additionalVolumeMounts", "*", "mountPath"]);
      // The truststore's emptyDir is read-only in Trino; its init container writes it.
      expect(mounts, role).toEqual(["/data/trino", "/tmp", "/opt/batch-platform/truststore"]);
      const volumes = at(values, [role, "additionalVolumes", "*", "emptyDir"]);
      expect(volumes.length, role).toBe(3);
    }
  });

  it("sets only value paths the chart reads (upstream facts at the pin, or the nearest version held)", () => {
    const problems: string[] = [];
    for (const release of releases) {
      const id = `${release.chart}-${release.version}`;
      const folder = upstreamFolder(join("charts", NEAREST_CHART_FACTS[id]?.facts ?? id));
      if (!folder) continue;
      const facts = readChartFacts(folder);
      for (const path of Object.keys(CHART_PATHS[release.chart] ?? {}))
        if (!knowsPath(facts, path.split("."))) problems.push(`${release.chart} ${path}: not read by ${facts.id}`);
    }
    expect(problems).toEqual([]);
  });

  it("gives the operators' pods restricted, read-only containers through their custom resources", () => {
    const problems: string[] = [];
    const kinds = new Set<string>();
    for (const object of plannedKubernetesObjects(document)) {
      const paths = OBJECT_PATHS[object.kind];
      if (!paths) continue;
      kinds.add(object.kind);
      for (const [path, expect] of Object.entries(paths)) {
        const found = at(object.object, path.split("."));
        if (found.length === 0) problems.push(`${object.label} ${path}: not set`);
        for (const context of found) problems.push(...contextProblems(`${object.label} ${path}`, context, expect));
      }
      if (object.kind === "Cluster") {
        const seccomp = at(object.object, ["spec", "seccompProfile", "type"]);
        if (seccomp[0] !== "RuntimeDefault")
          problems.push(`${object.label} spec.seccompProfile: ${JSON.stringify(seccomp)}`);
      }
    }
    expect([...kinds].sort()).toEqual(stack === "oss-prod" ? ["Cluster", "Kafka", "KafkaNodePool"] : []);
    expect(problems).toEqual([]);
  });

  it.runIf(stack === "gcp-prod")("runs the Cloud SQL Auth Proxy restricted and read-only", () => {
    const proxies = plannedKubernetesObjects(document).filter(
      (o) =>
        o.kind === "Deployment" &&
        at(o.object, ["spec", "template", "spec", "containers", "*", "name"]).includes("cloud-sql-proxy"),
    );
    expect(proxies.length).toBe(1);
    const spec = ["spec", "template", "spec"];
    const pod = at(proxies[0].object, [...spec, "securityContext"])[0];
    const podSeccomp = at(pod, ["seccompProfile", "type"])[0];
    expect(podSeccomp).toBe("RuntimeDefault");
    const problems = [
      ...contextProblems("proxy pod", pod, "pod"),
      ...at(proxies[0].object, [...spec, "containers", "*", "securityContext"]).flatMap((c) =>
        contextProblems("proxy container", c, "read-only", podSeccomp),
      ),
    ];
    expect(problems).toEqual([]);
  });
});
