import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import {
  YugabyteDB,
  yugabyteChartValues,
  yugabyteProblems,
  YUGABYTE_CHART,
  type YugabyteDBArgs,
} from "../../components/warehouse/yugabyte-db";
import { YugabyteDatabase } from "../../components/warehouse/yugabyte-database";
import { ysqlTlsQuery } from "../../components/warehouse/yugabyte-server";
import { chartCpu, renderedNumCpus } from "../../components/warehouse/yugabyte-cpu";
import {
  adminBootstrapScript,
  grantProblems,
  ycqlSetupScript,
  ysqlSetupScript,
} from "../../components/warehouse/yugabyte-scripts";
import { mockPulumi, registered } from "../helpers/pulumi";

const stateful = { "batch-platform.io/pool": "stateful" };
const prod: YugabyteDBArgs = {
  namespace: "serving",
  replicationFactor: 3,
  zones: ["eu-central-a", "eu-central-b", "eu-central-c"],
  master: { cpu: "2", memory: "4Gi" },
  tserver: { cpu: "4", memory: "8Gi" },
  nodeSelector: stateful,
  setupNodeSelector: { "batch-platform.io/pool": "system" },
  protect: true,
};

type Job = {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    template: {
      spec: {
        nodeSelector: object;
        securityContext: object;
        containers: {
          command: string[];
          env: { name: string; value?: string; valueFrom?: unknown }[];
          resources: object;
          securityContext: object;
        }[];
      };
    };
  };
};

describe("YugabyteDB chart values", () => {
  it("runs replication factor 1 in dev: one master, one tserver, no zone rules", () => {
    const dev = yugabyteChartValues({ namespace: "serving" });
    expect(dev.replicas).toEqual({ master: 1, tserver: 1, totalMasters: 1 });
    expect(dev.master.affinity).toEqual({});
  });

  it("runs replication factor 3 in prod with masters and tservers in distinct zones", () => {
    const values = yugabyteChartValues(prod);
    expect(values.replicas).toEqual({ master: 3, tserver: 3, totalMasters: 3 });
    for (const [server, app] of [
      ["master", "yb-master"],
      ["tserver", "yb-tserver"],
    ] as const) {
      expect(values[server].affinity).toEqual({
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: [app] }] },
              topologyKey: "topology.kubernetes.io/zone",
            },
          ],
        },
      });
    }
  });

  it("stays on the stateful pool, never tolerates spot, sizes every container, runs non-root with authentication", () => {
    const values = yugabyteChartValues(prod);
    expect(values.nodeSelector).toEqual(stateful);
    expect([values.master.tolerations, values.tserver.tolerations]).toEqual([[], []]);
    expect(values.resource.tserver).toEqual({
      requests: { cpu: "4", memory: "8Gi" },
      limits: { cpu: "4", memory: "8Gi" },
    });
    expect(values.ybCleanup.resources.limits).toBeDefined();
    expect(values.yugabytedUi.enabled).toBe(false); // its sidecar cannot be given resources
    expect(values.podSecurityContext).toMatchObject({ enabled: true, runAsNonRoot: true, runAsUser: 10001 });
    // Strings, as the chart's readiness probe compares them (`eq … "true"` errors on a boolean).
    expect(values.gflags.tserver).toEqual({
      ysql_enable_auth: "true",
      use_cassandra_authentication: "true",
      start_redis_proxy: false,
      webserver_interface: "127.0.0.1",
    });
    expect([values.enableLoadBalancer, values.serviceEndpoints]).toEqual([false, []]);
    expect(values.isMultiAz).toBe(false); // single release: the chart renders the PodDisruptionBudgets
  });

  it("binds the status pages to loopback and keeps the probes that would need them (or the default login) off", () => {
    const values = yugabyteChartValues(prod);
    // The chart writes --webserver_interface=0.0.0.0 first; gflags values come later in the flag file and win.
    expect([values.gflags.master.webserver_interface, values.gflags.tserver.webserver_interface]).toEqual([
      "127.0.0.1",
      "127.0.0.1",
    ]);
    expect([values.master.readinessProbe, values.tserver.readinessProbe]).toEqual([
      { enabled: false },
      { enabled: false },
    ]);
    // No password file: YugabyteDB's webserver does not start with one (yugabyte-db#32074).
    expect(JSON.stringify(values.gflags)).not.toMatch(/webserver_password_file/);
  });

  it("gives CPU in decimal cores, so the chart's ceil renders --num_cpus of at least 1 (500m rendered 0)", () => {
    expect(renderedNumCpus("500m")).toBe(0);
    const master = { cpu: "500m", memory: "1Gi" };
    const dev = yugabyteChartValues({ namespace: "serving", master, tserver: { cpu: "250m", memory: "2Gi" } });
    const half = { cpu: "0.5", memory: "1Gi" };
    expect(dev.resource.master).toEqual({ requests: half, limits: half });
    expect(renderedNumCpus(dev.resource.master.requests.cpu)).toBe(1);
    expect(renderedNumCpus(dev.resource.tserver.requests.cpu)).toBe(1);
    expect([chartCpu("1500m"), chartCpu("2"), chartCpu("0.5")]).toEqual(["1.5", "2", "0.5"]);
    expect(yugabyteProblems({ namespace: "serving", master: { cpu: "0m", memory: "1Gi" } })).toEqual([
      'master.cpu: got "0m"; expected a CPU quantity above zero like 2 or 500m',
    ]);
  });

  it("rejects an even replication factor, more tservers than zones, memory the chart cannot turn into a flag", () => {
    expect(
      yugabyteProblems({ ...prod, replicationFactor: 2, tservers: 4, tserver: { cpu: "4", memory: "7.5Gi" } }),
    ).toEqual([
      "replicationFactor: got 2; expected 1, 3, 5 or 7 (an odd number keeps a majority)",
      "tservers: got 4; expected at most one per zone (3): with more, two copies of a tablet could share a zone",
      'tserver.memory: got "7.5Gi"; expected whole gibibytes like 4Gi (the chart derives a memory flag from it)',
    ]);
    expect(yugabyteProblems({ ...prod, zones: ["a", "b"] })[0]).toBe(
      "zones: got 2 zones; expected at least replicationFactor (3) to put each copy in its own zone",
    );
  });
});

describe("YugabyteDB component", () => {
  let capture: RegistrationCapture;
  let db: YugabyteDB;
  let job: Job;
  beforeAll(async () => {
    capture = await mockPulumi();
    db = new YugabyteDB("warehouse", prod);
    new YugabyteDatabase("orders-sink", {
      server: db.server,
      role: "orders_loader",
      access: {
        api: "ysql",
        database: "warehouse",
        ownsDatabase: false,
        schema: "orders",
        readers: ["warehouse_reader"],
      },
      consumerNamespace: "processing",
      secretName: "orders-ysql",
    });
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    job = (groups.find((g) => g.name === "warehouse-setup")!.inputs.objs as unknown as Job[])[0];
  });

  it("installs the pinned chart, protected with its admin password in prod", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    expect(chart.inputs).toMatchObject({
      chart: "yugabyte",
      version: YUGABYTE_CHART.version,
      repositoryOpts: { repo: "https://charts.yugabyte.com" },
      namespace: "serving",
    });
    expect(chart.options).toMatchObject({ protect: true, retainOnDelete: true });
    const passwords = await registered(capture, "random:index/randomPassword:RandomPassword");
    expect(passwords.find((p) => p.name === "warehouse-admin-password")!.options.protect).toBe(true);
    expect(db.server).toEqual({
      namespace: "serving",
      host: "yb-tservers.serving.svc.cluster.local",
      ysqlPort: 5433,
      ycqlPort: 9042,
      adminRole: "platform_admin",
      adminSecretName: "warehouse-admin-credentials",
      image: "yugabytedb/yugabyte:2025.2.5.2-b5",
      nodeSelector: { "batch-platform.io/pool": "system" },
    });
  });

  it("puts the platform admin in place of the default superusers with a Job reading its password from a Secret (snapshot)", async () => {
    expect(job).toMatchSnapshot();
    const [container] = job.spec.template.spec.containers;
    expect(container.env.find((e) => e.name === "ADMIN_USER")).toEqual({ name: "ADMIN_USER", value: "platform_admin" });
    expect(container.env.find((e) => e.name === "ADMIN_PASSWORD")).toEqual({
      name: "ADMIN_PASSWORD",
      valueFrom: { secretKeyRef: { name: "warehouse-admin-credentials", key: "password" } },
    });
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    const admin = secrets.find((s) => s.name === "warehouse-admin-credentials")!;
    expect(admin.inputs.metadata).toMatchObject({ name: "warehouse-admin-credentials", namespace: "serving" });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(container.resources).toEqual({
      requests: { cpu: "100m", memory: "256Mi" },
      limits: { cpu: "500m", memory: "512Mi" },
    });
  });

  it("gives a consumer its role and schema through a Job, credentials as a Secret in its namespace", async () => {
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    const consumer = secrets.find((s) => s.name === "orders-ysql")!;
    expect(consumer.inputs.metadata).toMatchObject({ name: "orders-ysql", namespace: "processing" });
    expect(consumer.inputs.stringData).toBe("[secret]");
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const [setup] = groups.find((g) => g.name === "orders-sink-setup")!.inputs.objs as unknown as Job[];
    expect(setup.metadata).toMatchObject({ name: "ysql-setup-orders-loader", namespace: "serving" });
    const [container] = setup.spec.template.spec.containers;
    expect(container.env.map((e) => e.name)).toEqual([
      "YB_HOST",
      "YSQL_PORT",
      "YCQL_PORT",
      "ADMIN_USER",
      "ADMIN_PASSWORD",
      "ROLE_PASSWORD",
    ]);
    expect(container.env.find((e) => e.name === "ROLE_PASSWORD")!.valueFrom).toEqual({
      secretKeyRef: { name: "orders-sink-role-credentials", key: "password" },
    });
    expect(container.command[2]).toContain('CREATE SCHEMA IF NOT EXISTS "orders" AUTHORIZATION "orders_loader";');
  });

  it("never puts a password into a manifest, values or script", async () => {
    const all: PlanResource[] = (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).concat(
      await registered(capture, "kubernetes:helm.sh/v4:Chart"),
    );
    expect(JSON.stringify(all.map((r) => r.inputs))).not.toMatch(/plan-random/);
  });

  it("refuses names that are not plain identifiers", () => {
    expect(grantProblems({ keyspace: "events", role: "Robert'); DROP" })).toHaveLength(1);
    expect(grantProblems({ database: "yugabyte", role: "x", ownsDatabase: true, readers: [], memberOf: [] })).toEqual([
      'database: got "yugabyte"; expected a lowercase identifier (^[a-z_][a-z0-9_]{0,62}$), not a system name',
    ]);
    // A consumer named like the platform admin would reset the admin's password with its own.
    expect(grantProblems({ keyspace: "k", role: "platform_admin" })).toHaveLength(1);
    expect(
      grantProblems({ database: "d", role: "r", ownsDatabase: false, readers: [], memberOf: ["postgres"] }),
    ).toHaveLength(1);
    expect(
      () =>
        new YugabyteDatabase("bad", {
          server: db.server,
          role: "pg_admin",
          access: { api: "ycql", keyspace: "k" },
          consumerNamespace: "x",
        }),
    ).toThrow(/YugabyteDatabase: invalid arguments/);
  });
});

describe("setup scripts", () => {
  /**
   * Runs a script against stub ysqlsh/ycqlsh that act like a cluster: they log a user in only with
   * its password and while it may log in, apply the role statements the scripts send, and answer
   * the catalog queries about the default superusers. They record argv and input per run.
   */
  type ScriptRun = { status: number | null; log: string };
  type Cluster = {
    run: (script: string) => Promise<ScriptRun>;
    canLogIn: (tool: "ysqlsh" | "ycqlsh", user: string) => boolean;
    allowLogin: (tool: "ysqlsh" | "ycqlsh", user: string) => void;
  };
  function fakeCluster(
    env: Record<string, string>,
    defaults = { yugabyte: "yugabyte", cassandra: "cassandra" },
  ): Cluster {
    const dir = mkdtempSync(join(tmpdir(), "yb-"));
    const bin = join(dir, "bin");
    const log = join(dir, "log");
    const state = join(dir, "state");
    spawnSync("mkdir", ["-p", bin, state]);
    writeFileSync(join(state, "ysqlsh.yugabyte.pw"), defaults.yugabyte);
    writeFileSync(join(state, "ycqlsh.cassandra.pw"), defaults.cassandra);
    const login: Record<string, string> = {
      ysqlsh:
        'user=""; sql=""; prev=""; for a in "$@"; do case "$prev" in -U) user=$a ;; -c) sql=$a ;; esac; prev=$a; done; password=${PGPASSWORD:-}',
      ycqlsh:
        'user=$(sed -n "s/^username = //p" "$HOME/.cassandra/cqlshrc"); password=$(sed -n "s/^password = //p" "$HOME/.cassandra/cqlshrc"); sql=""; prev=""; for a in "$@"; do case "$prev" in -e) sql=$a ;; -f) sql=$(cat "$a") ;; esac; prev=$a; done',
    };
    const stub = (tool: "ysqlsh" | "ycqlsh") =>
      [
        "#!/bin/bash",
        `echo "${tool} ARGS: $*" >> ${log}`,
        login[tool],
        `if [ -z "$sql" ] && [ ! -t 0 ]; then sql=$(cat); fi`,
        `s=${state}/${tool}`,
        'if [ ! -f "$s.$user.pw" ] || [ "$(cat "$s.$user.pw")" != "$password" ] || [ -f "$s.$user.nologin" ]; then',
        `  echo "${tool} REFUSED: $user" >> ${log}; exit 2`,
        "fi",
        `[ -n "$sql" ] && printf '%s\\n' "$sql" | sed "s/^/${tool} INPUT as $user: /" >> ${log}`,
        "while IFS= read -r line; do",
        `  role=$(printf '%s' "$line" | sed -nE 's/.*ROLE (IF NOT EXISTS )?"([a-z_]+)" WITH.*/\\2/p')`,
        `  secret=$(printf '%s' "$line" | sed -nE "s/.*PASSWORD( =)? '([^']*)'.*/\\2/p")`,
        '  if [ -n "$role" ] && [ -n "$secret" ]; then printf "%s" "$secret" > "$s.$role.pw"; fi',
        '  case "$line" in',
        '    *\'"yugabyte" WITH NOLOGIN\'* | *"cassandra WITH LOGIN = false"*) touch "$s.$(printf "%s" "$line" | grep -oE "yugabyte|cassandra").nologin" ;;',
        `    *"rolname = 'yugabyte' AND rolcanlogin"*) if [ -f "$s.yugabyte.nologin" ]; then echo 0; else echo 1; fi ;;`,
        `    *"system_auth.roles WHERE role = 'cassandra'"*) if [ -f "$s.cassandra.nologin" ]; then echo False; else echo True; fi ;;`,
        "  esac",
        'done <<< "$sql"',
        "exit 0",
      ].join("\n");
    for (const tool of ["ysqlsh", "ycqlsh"] as const) {
      writeFileSync(join(bin, tool), stub(tool));
      chmodSync(join(bin, tool), 0o755);
    }
    // Asynchronous: the scripts start many processes, and a worker blocked in spawnSync that long
    // on a loaded machine misses vitest's RPC deadline.
    const run = async (script: string): Promise<ScriptRun> => {
      writeFileSync(log, "");
      const fast = script
        .replaceAll("/tmp/", `${dir}/`)
        .replaceAll("export HOME=/tmp", `export HOME=${dir}`)
        .replaceAll("/home/yugabyte/bin", bin)
        .replaceAll("sleep 10", "sleep 0")
        .replaceAll("seq 1 60", "seq 1 3")
        .replaceAll('"$attempt" = 60', '"$attempt" = 3');
      const status = await new Promise<number | null>((resolve, reject) => {
        const child = spawn("bash", ["-c", fast], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: "ignore" });
        child.on("error", reject);
        child.on("close", resolve);
      });
      return { status, log: readFileSync(log, "utf8") };
    };
    const file = (tool: string, user: string, suffix: string) => join(state, `${tool}.${user}.${suffix}`);
    return {
      run,
      canLogIn: (tool, user) => existsSync(file(tool, user, "pw")) && !existsSync(file(tool, user, "nologin")),
      allowLogin: (tool, user) => rmSync(file(tool, user, "nologin"), { force: true }),
    };
  }
  const env = {
    YB_HOST: "yb-tservers.serving.svc.cluster.local",
    YSQL_PORT: "5433",
    YCQL_PORT: "9042",
    ADMIN_USER: "platform_admin",
    ADMIN_PASSWORD: "admin-pw-123",
    ROLE_PASSWORD: "role-pw-456",
  };
  const appScript = ysqlSetupScript({
    database: "app",
    role: "app_user",
    ownsDatabase: true,
    readers: [],
    memberOf: [],
  });
  const argvOf = (run: ScriptRun) => run.log.split("\n").filter((l) => l.includes(" ARGS: "));

  it("are valid bash", () => {
    for (const script of [
      adminBootstrapScript(),
      ysqlSetupScript({
        database: "warehouse",
        role: "r",
        ownsDatabase: true,
        schema: "s",
        readers: ["g"],
        memberOf: ["h"],
      }),
      ycqlSetupScript({ keyspace: "k", role: "r" }),
    ]) {
      expect(spawnSync("bash", ["-n", "-c", script]).status).toBe(0);
    }
  });

  it("first run: log in with the default superusers, create the platform admin, then disable the defaults as the admin", async () => {
    const cluster = fakeCluster(env);
    const first = await cluster.run(adminBootstrapScript());
    expect(first.status).toBe(0);
    expect(first.log).toContain(
      "ysqlsh INPUT as yugabyte: ALTER ROLE \"platform_admin\" WITH SUPERUSER CREATEDB CREATEROLE LOGIN PASSWORD 'admin-pw-123';",
    );
    expect(first.log).toContain('ysqlsh INPUT as platform_admin: ALTER ROLE "yugabyte" WITH NOLOGIN;');
    expect(first.log).toContain(
      "ycqlsh INPUT as cassandra: CREATE ROLE IF NOT EXISTS \"platform_admin\" WITH PASSWORD = 'admin-pw-123' AND LOGIN = true AND SUPERUSER = true;",
    );
    expect(first.log).toContain("ycqlsh INPUT as platform_admin: ALTER ROLE cassandra WITH LOGIN = false;");
    expect([cluster.canLogIn("ysqlsh", "yugabyte"), cluster.canLogIn("ycqlsh", "cassandra")]).toEqual([false, false]);
    expect([cluster.canLogIn("ysqlsh", "platform_admin"), cluster.canLogIn("ycqlsh", "platform_admin")]).toEqual([
      true,
      true,
    ]);
    for (const line of argvOf(first)) expect(line).not.toMatch(/pw-123/);
  });

  it("reruns as the platform admin, and converges a cluster whose defaults were re-keyed (or re-enabled) before", async () => {
    const cluster = fakeCluster(env);
    await cluster.run(adminBootstrapScript());
    const rerun = await cluster.run(adminBootstrapScript());
    expect(rerun.status).toBe(0);
    expect(rerun.log).not.toMatch(/INPUT as (yugabyte|cassandra)/);
    expect(rerun.log).toContain('ysqlsh INPUT as platform_admin: ALTER ROLE "yugabyte" WITH NOLOGIN;');
    cluster.allowLogin("ysqlsh", "yugabyte");
    expect((await cluster.run(adminBootstrapScript())).status).toBe(0);
    expect(cluster.canLogIn("ysqlsh", "yugabyte")).toBe(false);
    // Bootstrapped by the earlier Job, which gave yugabyte/cassandra the generated password.
    const rekeyed = fakeCluster(env, { yugabyte: "admin-pw-123", cassandra: "admin-pw-123" });
    const converged = await rekeyed.run(adminBootstrapScript());
    expect(converged.status).toBe(0);
    expect(converged.log).toContain(
      "ysqlsh INPUT as yugabyte: ALTER ROLE \"platform_admin\" WITH SUPERUSER CREATEDB CREATEROLE LOGIN PASSWORD 'admin-pw-123';",
    );
    expect([rekeyed.canLogIn("ysqlsh", "yugabyte"), rekeyed.canLogIn("ycqlsh", "cassandra")]).toEqual([false, false]);
  });

  it("creates no consumer login while a default superuser can still log in", async () => {
    const cluster = fakeCluster(env);
    const early = await cluster.run(appScript);
    expect(early.status).toBe(1);
    expect(early.log).not.toContain("app_user");
    await cluster.run(adminBootstrapScript());
    cluster.allowLogin("ycqlsh", "cassandra");
    const reopened = await cluster.run(ycqlSetupScript({ keyspace: "events", role: "svc" }));
    expect(reopened.status).toBe(1);
    expect(reopened.log).not.toContain('"svc"');
  });

  it("pass passwords to ysqlsh/ycqlsh only through stdin or files, never as arguments", async () => {
    const cluster = fakeCluster(env);
    await cluster.run(adminBootstrapScript());
    const ysql = await cluster.run(appScript);
    expect(ysql.status).toBe(0);
    expect(ysql.log).toContain(
      "ysqlsh INPUT as platform_admin: ALTER ROLE \"app_user\" WITH LOGIN PASSWORD 'role-pw-456';",
    );
    expect(ysql.log).toContain('ysqlsh INPUT as platform_admin: ALTER DATABASE "app" OWNER TO "app_user";');
    const ycql = await cluster.run(ycqlSetupScript({ keyspace: "events", role: "svc" }));
    expect(ycql.status).toBe(0);
    expect(ycql.log).toContain("ycqlsh INPUT as platform_admin: ALTER ROLE \"svc\" WITH PASSWORD = 'role-pw-456';");
    for (const line of [...argvOf(ysql), ...argvOf(ycql)]) expect(line).not.toMatch(/pw-123|pw-456/);
  });
});

describe("YugabyteDB with TLS", () => {
  const tls = {
    issuer: { name: "batch-platform-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
    caBundle: {
      secretName: "batch-platform-ca",
      caKey: "ca.crt",
      pkcs12TruststoreKey: "truststore.p12",
      jksTruststoreKey: "truststore.jks",
      storePasswordSecretName: "batch-platform-tls-store",
      storePasswordKey: "password",
    },
  } as const;

  it("has the chart request node-to-node and client-to-server certificates from the platform issuer, insecure peers refused", () => {
    expect(yugabyteChartValues({ ...prod, tls }).tls).toEqual({
      enabled: true,
      nodeToNode: true,
      clientToServer: true,
      insecure: false,
      certManager: {
        enabled: true,
        bootstrapSelfsigned: false,
        useClusterIssuer: true,
        clusterIssuer: "batch-platform-ca",
        issuer: "batch-platform-ca",
        certificates: { duration: "2160h", renewBefore: "720h" },
      },
    });
    expect(yugabyteChartValues(prod).tls).toEqual({ enabled: false });
  });

  it("restarts the servers twice a month so renewed certificates are loaded (the chart reloads none)", async () => {
    const capture = await mockPulumi();
    new YugabyteDB("warehouse", { ...prod, tls });
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    type Obj = { kind: string; metadata: { name: string }; rules?: unknown[]; spec?: Record<string, unknown> };
    const objs = groups.find((g) => g.name === "warehouse-setup")!.inputs.objs as unknown as Obj[];
    const cron = objs.find((o) => o.kind === "CronJob" && o.metadata.name === "warehouse-cert-restart")!;
    // At most 17 days between restarts, inside the 30 days a certificate is renewed early.
    expect(cron.spec!.schedule).toBe("40 3 1,15 * *");
    const pod = (cron.spec as { jobTemplate: { spec: { template: { spec: Record<string, unknown> } } } }).jobTemplate.spec
      .template.spec as { serviceAccountName: string; containers: { command: string[] }[] };
    expect(pod.serviceAccountName).toBe("warehouse-cert-restart");
    expect(pod.containers[0]!.command).toEqual([
      "kubectl",
      "rollout",
      "restart",
      "statefulset/yb-master",
      "statefulset/yb-tserver",
    ]);
    // It may read and patch the two StatefulSets, nothing else.
    expect(objs.find((o) => o.kind === "Role" && o.metadata.name === "warehouse-cert-restart")!.rules).toEqual([
      { apiGroups: ["apps"], resources: ["statefulsets"], resourceNames: ["yb-master", "yb-tserver"], verbs: ["get", "patch"] },
    ]);
    // Without TLS there is nothing to reload.
    const plain = await mockPulumi();
    new YugabyteDB("warehouse", prod);
    const plainObjs = (await registered(plain, "kubernetes:yaml/v2:ConfigGroup")).find((g) => g.name === "warehouse-setup")!
      .inputs.objs as unknown as Obj[];
    expect(plainObjs.filter((o) => o.kind === "CronJob")).toEqual([]);
  });

  it("runs its setup Jobs over TLS verified with the CA bundle, and hands consumers URLs that verify the server", async () => {
    const capture = await mockPulumi();
    const db = new YugabyteDB("warehouse", { ...prod, tls });
    const login = new YugabyteDatabase("trino-warehouse", {
      server: db.server,
      role: "trino",
      access: { api: "ysql", database: "warehouse", ownsDatabase: false },
      consumerNamespace: "query",
    });
    const verifying = new YugabyteDatabase("airflow-warehouse", {
      server: db.server,
      role: "airflow",
      access: { api: "ysql", database: "warehouse", ownsDatabase: false },
      consumerNamespace: "orchestration",
      clientTrust: { caFile: "/opt/airflow/ca/ca.crt" },
    });
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const setup = (groups.find((g) => g.name === "warehouse-setup")!.inputs.objs as unknown as Job[])[0];
    const spec = setup.spec.template.spec as unknown as {
      volumes: unknown[];
      containers: { env: { name: string; value?: string }[]; volumeMounts: unknown[] }[];
    };
    const env = Object.fromEntries(
      spec.containers[0].env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      PGSSLMODE: "verify-full",
      PGSSLROOTCERT: "/etc/batch-platform/ca/ca.crt",
      SSL_CERTFILE: "/etc/batch-platform/ca/ca.crt",
      YCQL_SSL: "--ssl",
    });
    expect(spec.volumes).toContainEqual({
      name: "ca",
      secret: { secretName: "batch-platform-ca", items: [{ key: "ca.crt", path: "ca.crt" }] },
    });
    // A consumer that brings no trust gets an encrypted session that does not verify the server.
    expect(login.jdbcUrl).toBe(
      "jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/warehouse?sslmode=require",
    );
    const verified = "?sslmode=verify-full&sslrootcert=/opt/airflow/ca/ca.crt";
    expect(verifying.jdbcUrl).toBe(`jdbc:postgresql://yb-tservers.serving.svc.cluster.local:5433/warehouse${verified}`);

    expect(adminBootstrapScript()).toContain('ycqlsh ${YCQL_SSL:-} "$YB_HOST"');
    const ports = db.listeners
      .filter((l) => l.tls !== "none")
      .map((l) => `${l.name}:${l.port}:${l.tls}:${l.authentication}`);
    expect(ports).toEqual([
      "ysql:5433:tls:password",
      "ycql:9042:tls:password",
      "tserver-rpc:9100:mtls:client-certificate",
      "master-rpc:7100:mtls:client-certificate",
      "ysql-metrics:13000:tls:none",
    ]);
  });

  it("serves every embedded webserver over HTTPS with the server's own certificate, YSQL's metrics included", () => {
    const values = yugabyteChartValues({ ...prod, tls });
    // The chart mounts each server's cert-manager Secret there; postgres inherits the tserver's flags.
    const https = {
      webserver_certificate_file: "/home/yugabyte/cert-manager/tls.crt",
      webserver_private_key_file: "/home/yugabyte/cert-manager/tls.key",
    };
    expect(values.gflags.tserver).toMatchObject({ ...https, webserver_interface: "127.0.0.1" });
    expect(values.gflags.master).toMatchObject(https);
    // Without TLS there is no certificate to point at.
    expect(JSON.stringify(yugabyteChartValues(prod).gflags)).not.toContain("webserver_certificate_file");
  });
});

describe("ysqlTlsQuery", () => {
  it("verifies the server where the client brings trust, with a CA file or the JVM's truststore", () => {
    expect(ysqlTlsQuery(true, { caFile: "/ca/ca.crt" })).toBe("?sslmode=verify-full&sslrootcert=/ca/ca.crt");
    expect(ysqlTlsQuery(true, { caFile: "/ca/ca.crt" }, "libpq")).toBe("?sslmode=verify-full&sslrootcert=/ca/ca.crt");
    expect(ysqlTlsQuery(true, { jvmTruststore: true })).toBe(
      "?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory",
    );
  });

  it("encrypts without verifying where the client brings none (or libpq only a truststore), and adds nothing without TLS", () => {
    expect(ysqlTlsQuery(true)).toBe("?sslmode=require");
    expect(ysqlTlsQuery(true, { jvmTruststore: true }, "libpq")).toBe("?sslmode=require");
    expect(ysqlTlsQuery(false, { caFile: "/ca/ca.crt" })).toBe("");
  });
});
