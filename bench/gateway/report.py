"""Reads the wrk outputs of bench/gateway/run.sh, writes bench/results/gateway.json and prints a one-line summary."""
import datetime
import json
import os
import platform
import re
import sys

work, rounds, duration, output, command = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    value, unit = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": rps, "p50": float(value) * UNITS[unit], "errors": int(errors.group(1)) if errors else 0}


def cpu_per_request(kind, round_number, rps):
    backend_ticks, gateway_ticks, ticks_per_second = map(int, open(os.path.join(work, f"{kind}-{round_number}.cpu")).read().split())
    requests = rps * duration
    return {"backend": backend_ticks / ticks_per_second / requests * 1e6, "gateway": gateway_ticks / ticks_per_second / requests * 1e6}


def best(kind):
    runs = []
    for i in range(1, rounds + 1):
        run = parse(os.path.join(work, f"{kind}-{i}.txt"))
        run["cpu"] = cpu_per_request(kind, i, run["rps"])
        runs.append(run)
    if any(run["errors"] for run in runs):
        sys.exit(f"{kind}: non-2xx responses during the run")
    return {"rps": max(r["rps"] for r in runs), "p50": min(r["p50"] for r in runs),
            "backend_cpu": min(r["cpu"]["backend"] for r in runs), "gateway_cpu": min(r["cpu"]["gateway"] for r in runs)}


direct, gateway = best("direct"), best("gateway")
paced_direct, paced_gateway = best("paced-direct"), best("paced-gateway")
added = paced_gateway["p50"] - paced_direct["p50"]
added_saturated = gateway["p50"] - direct["p50"]
kept = gateway["rps"] / direct["rps"]

with open("/proc/meminfo") as meminfo:
    memory_kib = int(meminfo.readline().split()[1])
os_name = platform.platform()
if os.path.exists("/etc/os-release"):
    os_name = dict(line.rstrip().split("=", 1) for line in open("/etc/os-release") if "=" in line).get("PRETTY_NAME", os_name).strip('"')

results = [
    {"metric": f"p50 latency added by the gateway at {paced_direct['rps']:.0f} req/s offered (64 paced connections)", "unit": "ms",
     "value": round(added, 3), "baseline": round(paced_direct["p50"], 3), "ratio": round(paced_gateway["p50"] / paced_direct["p50"], 3),
     "target": "<= 1 ms added", "met": added <= 1.0},
    {"metric": "throughput through the gateway (64 connections, closed loop)", "unit": "req/s", "value": round(gateway["rps"], 1),
     "baseline": round(direct["rps"], 1), "ratio": round(kept, 3),
     "target": ">= 0.6 of direct", "met": kept >= 0.6},
    {"metric": "p50 latency added at saturation (64 connections, closed loop: mostly queueing)", "unit": "ms",
     "value": round(added_saturated, 3), "baseline": round(direct["p50"], 3), "ratio": round(gateway["p50"] / direct["p50"], 3),
     "target": "informational", "met": None},
    {"metric": "gateway CPU per proxied request (baseline: the service's own CPU per request)", "unit": "us",
     "value": round(gateway["gateway_cpu"], 1), "baseline": round(direct["backend_cpu"], 1),
     "ratio": round(gateway["gateway_cpu"] / direct["backend_cpu"], 3), "target": "informational", "met": None},
]
report = {
    "benchmark": "gateway",
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "machine": {"cores": os.cpu_count(), "memory": f"{memory_kib / 1024 / 1024:.1f} GiB", "os": os_name},
    "command": command,
    "results": results,
}
with open(output, "w") as file:
    json.dump(report, file, indent=2)
    file.write("\n")

print(f"p50 {paced_direct['p50']:.2f} ms direct vs {paced_gateway['p50']:.2f} ms through the gateway at ~{paced_direct['rps']:.0f} req/s "
      f"(+{added:.2f} ms, target <= 1 ms: {'met' if added <= 1.0 else 'not met'}); {direct['rps']:.0f} vs {gateway['rps']:.0f} req/s at saturation "
      f"({kept:.0%} kept, target >= 60%: {'met' if kept >= 0.6 else 'not met'}; p50 there {direct['p50']:.1f} vs {gateway['p50']:.1f} ms); "
      f"gateway CPU {gateway['gateway_cpu']:.0f} us/request vs the service's {direct['backend_cpu']:.0f} us")
