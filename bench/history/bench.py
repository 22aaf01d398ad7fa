#!/usr/bin/env python3
"""Small tools for bench/history/run.sh: tokens, a 1 MB image, percentiles of pgbench logs, and the result files."""
import base64, glob, hashlib, hmac, json, os, platform, random, struct, sys, time, zlib


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(key: str, user_id: str, role: str) -> str:
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"sub": user_id, "name": f"bench-{user_id[-4:]}", "role": role, "iss": "runwarecloud",
                              "aud": "runwarecloud", "nbf": now - 60, "iat": now - 60, "exp": now + 7200}).encode())
    signature = hmac.new(key.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def user_id(k: int) -> str:
    return f"00000000-0000-0000-0000-{k:012x}"


def tokens(key: str, out: str) -> None:
    users = random.Random(7).sample(range(1000), 100)
    lines = ",\n".join(f'  "{token(key, user_id(k), "user")}"' for k in users)
    with open(out, "w") as f:
        f.write("local t = {\n" + lines + "\n}\n")
        f.write(f't.admin = "{token(key, "00000000-0000-0000-0001-000000000000", "admin")}"\nreturn t\n')


def png(out: str, size: int) -> None:
    side = int((size / 4) ** 0.5)
    rng = random.Random(1)
    raw = b"".join(b"\x00" + rng.randbytes(side * 4) for _ in range(side))
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(out, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def p95(prefix: str) -> None:
    latencies = sorted(int(line.split()[2]) for path in glob.glob(prefix + "*") for line in open(path))
    print(f"{latencies[int(len(latencies) * 0.95)] / 1000:.3f}" if latencies else "nan")


def report(results_path: str, json_out: str, readme: str, command: str) -> None:
    results = json.load(open(results_path))
    memory_kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    os_name = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release") if line.startswith("PRETTY_NAME")), platform.platform())
    document = {
        "benchmark": "history",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cores": os.cpu_count(), "memory": f"{memory_kib / 1024 / 1024:.1f} GiB", "os": os_name},
        "command": command,
        "results": results,
    }
    os.makedirs(os.path.dirname(json_out), exist_ok=True)
    with open(json_out, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    by = {r["metric"]: r for r in results}
    def fmt(name: str) -> str:
        r = by[name]
        return f'{r["value"]} {r["unit"]} (baseline {r["baseline"]}, target {r["target"]}{", met" if r["met"] else ", NOT met"})'
    line = (f'- history: {document["date"][:10]}, {os.cpu_count()} cores, {int(os.environ.get("HISTORY_BENCH_ROWS", "1000000")):,} rows: '
            + "; ".join(f"{name}: {fmt(name)}" for name in by) + "\n")
    header = "# Benchmarks (run with ./bench/run.sh <name>; results in bench/results/<name>.json)\n"
    lines = open(readme).readlines() if os.path.exists(readme) else [header]
    lines = [l for l in lines if not l.startswith("- history:")] + [line]
    with open(readme, "w") as f:
        f.writelines(lines)
    print(line, end="")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"tokens": lambda: tokens(*args), "png": lambda: png(args[0], int(args[1])), "p95": lambda: p95(*args),
     "report": lambda: report(*args)}[command]()
