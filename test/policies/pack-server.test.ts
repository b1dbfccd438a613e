import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as f from "../fixtures/policies/resources";

/**
 * The packs as the Pulumi CLI runs them: the pack's index.ts started as a process (it serves
 * CrossGuard's gRPC analyzer and prints its port), configured from policies/config/prod.json the way
 * the CLI turns `--policy-pack-config` into a Configure call, then asked to analyze resources.
 */
const ROOT = join(__dirname, "..", "..");
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
// The generated gRPC stubs are loaded untyped (they come from @pulumi/pulumi, not a dependency of this project).
const grpc = fromPulumi("@grpc/grpc-js") as any;
const services = fromPulumi("@pulumi/pulumi/proto/analyzer_grpc_pb") as any;
const messages = fromPulumi("@pulumi/pulumi/proto/analyzer_pb") as any;
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as any;
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb") as any;
const UNKNOWN_STRING = (fromPulumi("@pulumi/policy/proxy") as { unknownStringValue: string }).unknownStringValue;

const LEVELS: Record<string, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

interface Diagnostic {
  readonly policy: string;
  readonly level: number;
  readonly message: string;
}

class PackProcess {
  private child?: ChildProcess;
  private client?: any;

  async start(pack: string): Promise<void> {
    this.child = spawn(process.execPath, ["--import", "tsx", "index.ts"], { cwd: join(ROOT, "policies", pack), stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<string>((resolve, reject) => {
      this.child?.stdout?.once("data", (data: Buffer) => resolve(data.toString().trim()));
      this.child?.once("exit", (code) => reject(new Error(`pack ${pack} exited with ${code}`)));
    });
    this.client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => this.client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));
  }

  /** The Configure call the CLI makes from a config file. */
  async configure(file: string): Promise<void> {
    const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const request = new messages.ConfigureAnalyzerRequest();
    for (const [name, value] of Object.entries(json)) {
      const { enforcementLevel, ...properties } = typeof value === "string" ? { enforcementLevel: value } : (value as Record<string, unknown>);
      const config = new messages.PolicyConfig();
      config.setEnforcementlevel(LEVELS[String(enforcementLevel)]);
      config.setProperties(Struct.fromJavaScript(properties));
      request.getPolicyconfigMap().set(name, config);
    }
    await this.call("configure", request);
  }

  async info(): Promise<{ name: string; version: string; policies: string[] }> {
    const info = await this.call<any>("getAnalyzerInfo", new Empty());
    return { name: info.getName(), version: info.getVersion(), policies: info.getPoliciesList().map((p: any) => p.getName()) };
  }

  async analyze(resource: ReturnType<typeof f.resource>): Promise<Diagnostic[]> {
    const request = new messages.AnalyzeRequest();
    request.setType(resource.type);
    request.setUrn(resource.urn);
    request.setName(resource.name);
    request.setProperties(Struct.fromJavaScript(resource.props));
    request.setOptions(new messages.AnalyzerResourceOptions());
    const response = await this.call<any>("analyze", request);
    return response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
  }

  async analyzeStack(resources: readonly ReturnType<typeof f.resource>[]): Promise<Diagnostic[]> {
    const request = new messages.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((r) => {
        const resource = new messages.AnalyzerResource();
        resource.setType(r.type);
        resource.setUrn(r.urn);
        resource.setName(r.name);
        resource.setProperties(Struct.fromJavaScript(r.props));
        resource.setOptions(new messages.AnalyzerResourceOptions());
        return resource;
      }),
    );
    const response = await this.call<any>("analyzeStack", request);
    return response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
  }

  stop(): void {
    this.client?.close();
    this.child?.kill();
  }
}

describe("the packs served as CrossGuard analyzers", () => {
  const cost = new PackProcess();
  const placement = new PackProcess();

  beforeAll(async () => {
    await Promise.all([cost.start("cost"), placement.start("placement")]);
    const prod = join(ROOT, "policies", "config", "prod.json");
    await Promise.all([cost.configure(prod), placement.configure(prod)]);
  }, 60_000);

  afterAll(() => {
    cost.stop();
    placement.stop();
  });

  it("announce their name, package.json version and policies", async () => {
    expect(await cost.info()).toMatchObject({ name: "cost", version: "0.1.0", policies: expect.arrayContaining(["monthly-budget", "container-resources"]) });
    expect((await placement.info()).policies).toContain("pinned-images");
  });

  it("report a violation with the enforcement level of the environment's config file", async () => {
    expect(await placement.analyze(f.withField(f.sparkApplication(), "spec.image", "apache/spark:latest"))).toEqual([
      { policy: "pinned-images", level: LEVELS.mandatory, message: expect.stringContaining('image "apache/spark:latest" uses the tag latest') },
    ]);
    expect(await cost.analyze(f.sparkApplication())).toEqual([]);
  });

  it("treat an unknown value as a real preview does: an advisory 'can't run' diagnostic", async () => {
    const diagnostics = await placement.analyze(f.withField(f.gcsBucket("landing"), "location", UNKNOWN_STRING));
    expect(diagnostics).toEqual([{ policy: "allowed-regions", level: LEVELS.advisory, message: expect.stringContaining("can't run policy 'allowed-regions' from policy pack 'placement@v0.1.0' during preview: string value at .location can't be known during preview") }]);
  });

  it("run stack policies, the budget estimating the stack from its resources and the configured usage", async () => {
    const expensive = f.withField(f.gkeNodePool("stateful"), "nodeConfig.machineType", "n2-highmem-8");
    const big = f.withField(expensive, "autoscaling", { totalMinNodeCount: 60, totalMaxNodeCount: 60 });
    const diagnostics = await cost.analyzeStack([f.gkeCluster(), big]);
    expect(diagnostics).toEqual([{ policy: "monthly-budget", level: LEVELS.mandatory, message: expect.stringContaining("exceeds the budget of $20000.00/month") }]);
  });
});
