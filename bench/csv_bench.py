"""CSV pseudonymization, same file, median of 3 runs each (bench/RESULTS.md): the linkcode CLI
(full normalization; by default on as many threads as cores, at most 4; and with --threads 1) against a naive Node script (createHmac per code) and a
naive Python script (hmac per code), both without normalization. Wall time and peak RSS of
each process (os.wait4). Usage: python3 bench/csv_bench.py [rows] [--rss-sizes]
Run scripts/build.sh first."""
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench")
KEY = os.path.join(ROOT, "examples", "data", "test-key.jwk")


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if status != 0:
        sys.exit(f"{cmd[:3]} failed: {err}")
    return elapsed, usage.ru_maxrss / 1024  # MiB


def generate(rows, plain=True):
    path = os.path.join(WORK, f"sample-{rows}{'-plain' if plain else ''}.csv")
    if not os.path.exists(path):
        args = ["node", os.path.join(ROOT, "examples", "generate-sample.mjs"), str(rows), path]
        subprocess.run(args + (["--plain"] if plain else []), check=True)
    return path


def main():
    os.makedirs(WORK, exist_ok=True)
    rows = int(next((a for a in sys.argv[1:] if a.isdigit()), "1000000"))
    path = generate(rows)
    mb = os.path.getsize(path) / 1e6
    out = os.path.join(WORK, "out.csv")
    runs = {
        "linkcode CLI (ins + kana_dob_sex, normalized)": ["node", os.path.join(ROOT, "pkg", "cli.mjs"), "pseudonymize", path,
                                                          "-o", out, "--key", KEY, "--purpose", "bench",
                                                          "--rule", "ins", "--rule", "kana_dob_sex"],
        "linkcode CLI, one thread (--threads 1)": ["node", os.path.join(ROOT, "pkg", "cli.mjs"), "pseudonymize", path,
                                                   "-o", out, "--key", KEY, "--purpose", "bench",
                                                   "--rule", "ins", "--rule", "kana_dob_sex", "--threads", "1"],
        "naive Node (createHmac, no normalization)": ["node", os.path.join(ROOT, "bench", "naive-hmac.mjs"), path, out, KEY],
        "naive Python (hmac, no normalization)": [sys.executable, os.path.join(ROOT, "bench", "naive_hmac.py"), path, out, KEY],
    }
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}; "
          f"python {platform.python_version()}; file {rows:,} rows, {mb:.1f} MB")
    print("| run | s | rows/s | MB/s | codes/s | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    results = {}
    for name, cmd in runs.items():
        timings = sorted(run(cmd) for _ in range(3))
        secs, rss = timings[1][0], max(t[1] for t in timings)
        results[name] = rows / secs
        print(f"| {name} | {secs:.1f} | {rows / secs:,.0f} | {mb / secs:.1f} | {2 * rows / secs:,.0f} | {rss:.0f} |")
    base = results["linkcode CLI (ins + kana_dob_sex, normalized)"]
    for name, rate in results.items():
        print(f"linkcode / {name}: x{base / rate:.2f}")
    if "--rss-sizes" in sys.argv:
        print("| input | rows | peak RSS MiB (linkcode CLI, all default rules) |")
        print("|---|---|---|")
        for size_rows in [820_000, 4_100_000, 16_400_000]:
            p = generate(size_rows, plain=False)
            secs, rss = run(["node", os.path.join(ROOT, "pkg", "cli.mjs"), "pseudonymize", p, "-o", out, "--key", KEY, "--purpose", "bench"])
            print(f"| {os.path.getsize(p) / 1e6:,.0f} MB | {size_rows:,} | {rss:.0f} (in {secs:.0f} s) |")


if __name__ == "__main__":
    main()
