// `npm run bench`: median wall time and peak memory of `npm run plan -- --stack <s>` per stack,
// beside the floor (a process that only loads the same modules), as a Markdown table.
// A benchmark, not a test: it measures, it does not judge.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { listStacks } from "./stack-file";

const ROOT = resolve(__dirname, "../..");
const PROBE = join(__dirname, "bench-probe.cjs");

interface Sample {
  readonly seconds: number;
  readonly rssMb: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs a node script with the tsx loader `runs` times; wall time and peak RSS of each run. */
function measure(script: string, args: readonly string[], runs: number): Sample[] {
  const work = mkdtempSync(join(tmpdir(), "bp-bench-"));
  const rssFile = join(work, "rss");
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      const run = spawnSync(process.execPath, ["--require", PROBE, "--import", "tsx", script, ...args.map((a) => a.replace("{out}", work))], {
        cwd: ROOT,
        env: { ...process.env, BP_BENCH_RSS_FILE: rssFile },
        stdio: ["ignore", "ignore", "pipe"],
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (run.status !== 0 && run.status !== 1) throw new Error(`${script} ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
      const rss = readFileSync(rssFile, "utf8").trim().split("\n").map(Number);
      samples.push({ seconds, rssMb: rss[rss.length - 1] / 1024 });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return samples;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, stack: { type: "string", multiple: true } } });
  const runs = Math.max(1, Number(values.runs));
  const stacks = values.stack ?? listStacks(join(ROOT, "stacks"));
  const floor = measure(join(__dirname, "bench-floor.ts"), [], runs);
  const floorSeconds = median(floor.map((s) => s.seconds));
  const floorRss = median(floor.map((s) => s.rssMb));

  const lines = [
    `Offline plan benchmark: ${runs} runs per stack, median wall time and peak RSS of one \`npm run plan -- --stack <stack>\` process (node ${process.version}, ${process.platform}/${process.arch}).`,
    "",
    row(["stack", "plan median (s)", "plan min–max (s)", "plan peak RSS (MB)", "floor median (s)", "floor peak RSS (MB)", "plan − floor (s)"]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]),
  ];
  for (const stack of stacks) {
    const samples = measure(join(__dirname, "cli.ts"), ["--stack", stack, "--out", "{out}"], runs);
    const seconds = samples.map((s) => s.seconds);
    const planMedian = median(seconds);
    lines.push(row([
      stack,
      planMedian.toFixed(2),
      `${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)}`,
      median(samples.map((s) => s.rssMb)).toFixed(0),
      floorSeconds.toFixed(2),
      floorRss.toFixed(0),
      (planMedian - floorSeconds).toFixed(2),
    ]));
    process.stderr.write(`${stack} done\n`);
  }
  lines.push("", "Floor: a process that loads the same modules (program, SDKs, planner) and exits without planning.");
  process.stdout.write(`${lines.join("\n")}\n`);
}

main();
