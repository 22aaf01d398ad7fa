// Fires requests through one official SDK client (multiplexed over its socket) with a fixed number in flight.
import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [url, sdkDir, output, totalArg, concurrencyArg] = process.argv.slice(2);
const total = Number(totalArg);
const concurrency = Number(concurrencyArg);
const { Runware } = await import(pathToFileURL(path.join(sdkDir, "node_modules/@runware/sdk-js/dist/index.js")));
const runware = new Runware({ apiKey: "bench-key", url, timeoutDuration: 120000 });
await runware.ensureConnection();

async function measure(name, request) {
  await Promise.all(Array.from({ length: concurrency }, () => request()));
  const latencies = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) {
      const t = performance.now();
      await request();
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const result = { name, tasksPerSecond: latencies.length / seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)] };
  console.log(`${name}: ${result.tasksPerSecond.toFixed(1)} tasks/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms`);
  return result;
}

const image = (size) => () => runware.requestImages({ positivePrompt: "a lighthouse on a cliff at sunset", model: "runware:101@1", width: size, height: size, steps: 4, outputFormat: "JPG" });
const baseline = await measure("modelSearch (protocol only)", () => runware.modelSearch({ search: "flux", limit: 3 }));
const small = await measure("imageInference 128x128 JPG", image(128));
const large = await measure("imageInference 512x512 JPG", image(512));
await runware.disconnect();

const metric = (name, measured, target) => ({
  metric: `${name} tasks/s (c=${concurrency}, ${total} requests, one @runware/sdk-js client)`,
  unit: "tasks/s",
  value: Number(measured.tasksPerSecond.toFixed(1)),
  baseline: Number(baseline.tasksPerSecond.toFixed(1)),
  ratio: Number((measured.tasksPerSecond / baseline.tasksPerSecond).toFixed(3)),
  target,
  met: measured.tasksPerSecond >= target,
  p50Ms: Number(measured.p50.toFixed(1)),
  p99Ms: Number(measured.p99.toFixed(1)),
});
const report = {
  benchmark: "emulator",
  date: new Date().toISOString().slice(0, 10),
  machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, loadAverage: os.loadavg()[0] },
  command: `./bench/run.sh emulator ${total} ${concurrency}`,
  results: [
    metric("imageInference 128x128", small, 50),
    metric("imageInference 512x512", large, 10),
    { ...metric("modelSearch", baseline, 200), ratio: 1 },
  ],
};
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, JSON.stringify(report, null, 2) + "\n");
console.log(`wrote ${output}`);
process.exit(0);
