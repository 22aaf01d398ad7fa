// One closed-loop run of the official @runware/sdk-js against the emulator; prints one JSON line.
// Usage: node sdk-bench.mjs <sdk-package-dir> <ws-url> <api-key> <concurrency> <seconds>
import { pathToFileURL } from "node:url";

const [, , sdkDir, url, apiKey, concurrencyText, secondsText] = process.argv;
const concurrency = Number(concurrencyText);
const seconds = Number(secondsText);
const { Runware } = await import(pathToFileURL(`${sdkDir}/dist/index.js`).href);
const runware = await Runware.initialize({ apiKey, url, globalMaxRetries: 1, timeoutDuration: 120000 });

const request = (seed) => runware.requestImages({
  positivePrompt: `a lighthouse number ${seed}`, model: "runware:100@1", width: 128, height: 128, steps: 4,
  numberResults: 1, seed, outputType: "URL", includeCost: true,
});

for (let i = 0; i < Math.min(concurrency, 32); i++) await request(1 + i);

const latencies = [];
let next = 0, errors = 0;
const cpuStart = process.cpuUsage();
const start = performance.now();
const deadline = start + seconds * 1000;
async function worker() {
  while (performance.now() < deadline) {
    const seed = 1000 + next++;
    const t0 = performance.now();
    try {
      const images = await request(seed);
      if (!images || images.length !== 1 || images[0].seed !== seed) errors++;
      latencies.push(performance.now() - t0);
    } catch {
      errors++;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
latencies.sort((a, b) => a - b);
const p99 = latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] : NaN;
console.log(JSON.stringify({
  tasks: latencies.length, errors, seconds: elapsed, throughput: latencies.length / elapsed, p99,
  cpuPerTaskMicroseconds: latencies.length ? (cpu.user + cpu.system) / latencies.length : NaN,
}));
process.exit(0);
