import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification, type Vitest } from "vitest/node";

/**
 * Test files that read the plans of the stacks in stacks/ (test/helpers/plans.ts): they form the
 * "plans" project, whose globalSetup runs `npm run plan -- --all` once before them, so a run of
 * other files alone does not pay for planning.
 */
const PLAN_TESTS = [
  "test/plan/plan-stacks.test.ts",
  "test/gcp/gcp-plan.test.ts",
  "test/azure/azure-plan.test.ts",
  "test/oss/oss-plans.test.ts",
  "test/plan/policy-gates.test.ts",
  "test/plan/urn-continuity.test.ts",
  "test/upstream/planned-values.test.ts",
  "test/plan/listeners.test.ts",
  "test/oss/jvm-trust-plans.test.ts",
  "test/plan/container-security.test.ts",
  "test/oss/package-mirror-plans.test.ts",
];

/**
 * vitest writes a snapshot that does not exist yet, unless CI=true: a new pipeline's DAG would be
 * recorded locally and then fail in CI if not committed. Here a missing snapshot fails everywhere;
 * `npx vitest run -u <file>` writes it (see README "Tests and CI").
 */
const snapshotsOnlyWhenAsked = {
  name: "batch-platform:snapshots-only-when-asked",
  configureVitest({ vitest }: { vitest: Vitest }) {
    if (vitest.config.snapshotOptions.updateSnapshot !== "new") return;
    vitest.config.snapshotOptions.updateSnapshot = "none";
    vitest.snapshot.options.updateSnapshot = "none";
  },
};

/** Run first: `tsc` is the longest single test and uses its own core, so it should start at once. */
const LONG_POLES = ["test/typecheck.test.ts"];

/** vitest's order (failed, then longest by the last run's timings, else largest), long poles first. */
class LongPolesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isPole = (file: TestSpecification) => LONG_POLES.some((pole) => file.moduleId.endsWith(pole));
    return [...sorted.filter(isPole), ...sorted.filter((file) => !isPole(file))];
  }
}

export default defineConfig({
  plugins: [snapshotsOnlyWhenAsked],
  test: {
    // The Pulumi runtime is process-global state: every test file gets its own child process
    // (forks, not threads: a worker thread shares the process and its runtime state).
    pool: "forks",
    // Test files share their worker process and its module cache: the Pulumi SDK, the zod schemas
    // and the components load once per worker instead of once per file. Safe because every file
    // that registers resources resets the mocks (test/helpers/pulumi.ts) and no test changes
    // process-wide state (env, cwd, timers, module mocks). vitest reads this for the forks pool
    // as a whole (a project's own `isolate` is ignored there); it still recycles the workers
    // between the two projects.
    poolOptions: { forks: { isolate: false } },
    // Both cores (vitest's default on 2 cores is one worker); the main process mostly waits.
    maxWorkers: 2,
    minWorkers: 1,
    setupFiles: ["test/helpers/setup.ts"],
    sequence: { sequencer: LongPolesFirst },
    // Generous for a loaded 2-core machine; no test comes near it when idle.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...PLAN_TESTS],
        },
      },
      { extends: true, test: { name: "plans", include: PLAN_TESTS, globalSetup: ["test/helpers/shared-plans.ts"] } },
    ],
  },
});
