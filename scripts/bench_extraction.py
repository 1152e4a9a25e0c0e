#!/usr/bin/python3
"""Side-by-side speed of article extraction: dyad vs readability-lxml, same pages, same machine.

    scripts/bench_extraction.py [--dyad build/dyad] [--pages DIR] [--gold FILE]

Both extractors get the same pages already decompressed in memory and run on one thread; the
clock is CPU time (so other work on a shared machine does not distort the ratio) and covers
extraction only (readability: Document(html).summary(); dyad: charset detection, parsing and
extraction, as timed by `dyad eval extraction`). Prints both times, pages/s and the
ratio, and as the last line one JSON object with the figures.

Uses only Debian packages: python3 and python3-readability (installed with apt-get when missing
and running as root; otherwise the script says what to install). Not part of the test suite.
"""
import argparse
import glob
import gzip
import json
import logging
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "eval", "extraction")


def ensure_readability():
    try:
        import readability  # noqa: F401
        return True
    except ImportError:
        pass
    if os.geteuid() == 0:
        print("installing python3-readability (Debian) ...", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-qq", "python3-readability"], env=env,
                       check=False, stdout=subprocess.DEVNULL)
        try:
            import readability  # noqa: F401
            return True
        except ImportError:
            pass
    print("readability-lxml is missing: apt-get install python3-readability "
          "(run this script with /usr/bin/python3)", file=sys.stderr)
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dyad", default=os.path.join(ROOT, "build", "dyad"))
    ap.add_argument("--pages", default=os.path.join(SHARED, "html"))
    ap.add_argument("--gold", default=os.path.join(SHARED, "ground-truth.json"))
    ap.add_argument("--repeat", type=int, default=3, help="dyad passes over the pages per round")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of both")
    args = ap.parse_args()

    if not os.path.isdir(args.pages):
        print(f"no pages at {args.pages}", file=sys.stderr)
        return 2
    if not os.path.exists(args.dyad):
        print(f"no dyad binary at {args.dyad} (build it, or pass --dyad)", file=sys.stderr)
        return 2
    if not ensure_readability():
        return 2
    logging.disable(logging.CRITICAL)  # readability logs every page
    from readability import Document

    files = sorted(glob.glob(os.path.join(args.pages, "*.html.gz")))
    pages = []
    for f in files:
        with gzip.open(f) as fh:
            pages.append(fh.read().decode("utf-8", "replace"))
    total_bytes = sum(len(p.encode("utf-8")) for p in pages)

    # The machine may be shared: alternate the two extractors for a few rounds and keep each
    # one's best (least disturbed) round.
    r_times, d_rates, f1 = [], [], None
    failures = 0
    for _ in range(args.rounds):
        failures = 0
        t0 = time.process_time()
        for html in pages:
            try:
                Document(html).summary()
            except Exception:  # readability raises on some pages; count, keep timing
                failures += 1
        r_times.append(time.process_time() - t0)

        out = subprocess.run([args.dyad, "eval", "extraction", "--pages", args.pages, "--gold",
                              args.gold, "--repeat", str(args.repeat)],
                             capture_output=True, text=True, check=False)
        lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
        if not lines:
            print("dyad eval extraction printed no JSON:\n" + out.stdout + out.stderr,
                  file=sys.stderr)
            return 1
        d = json.loads(lines[-1])
        d_rates.append(d["pages_per_second"])
        f1 = d["f1"]
    r_seconds = min(r_times)
    r_pps = len(pages) / r_seconds
    d_pps = max(d_rates)
    d_seconds = len(pages) / d_pps

    print(f"pages: {len(pages)} ({total_bytes / 1e6:.1f} MB of HTML), one thread each")
    print(f"readability-lxml: {r_seconds:8.2f} s  {r_pps:8.1f} pages/s"
          f"  ({failures} pages raised)")
    print(f"dyad:             {d_seconds:8.2f} s  {d_pps:8.1f} pages/s"
          f"  (F1 {f1:.3f})")
    print(f"(CPU time; best of {args.rounds} alternating rounds each; all rounds: readability "
          + ", ".join(f"{len(pages) / t:.1f}" for t in r_times) + " pages/s; dyad "
          + ", ".join(f"{r:.1f}" for r in d_rates) + " pages/s)")
    print(f"ratio: dyad is {d_pps / r_pps:.1f}x readability-lxml")
    print(json.dumps({"pages": len(pages), "readability_seconds": r_seconds,
                      "readability_pages_per_second": r_pps, "dyad_seconds": d_seconds,
                      "dyad_pages_per_second": d_pps, "ratio": d_pps / r_pps,
                      "dyad_f1": f1}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
