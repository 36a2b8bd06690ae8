#!/usr/bin/env python3
"""Times `policy build` on a generated store of many policies and prints a Markdown table.

    python3 Benchmarks/site-bench.py POLICY [N]     # N policies (default 500), 3 versions each

The store is generated (never committed) under .build/site-bench.generated/ from the real
policy pairs of ../shared/corpus/site-policy/pairs/: each policy has its old text as version 1
(superseded), its new text as version 2 (adopted), and version 3, a draft whose tracked
changes (made by `policy diff` from version 2 and an edited copy) revise version 2. The same
N gives the same bytes. Measured, each with its peak memory:
  - a cold build (no previous output);
  - a no-op rebuild (every policy taken over);
  - a rebuild after one draft changed (one policy rebuilt);
  - `--check` (every policy built afresh, in memory, compared with the output).
"""
import os, random, re, resource, shutil, subprocess, sys, time

policy = os.path.abspath(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
root = os.path.abspath(".build/site-bench.generated")
pairs_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus", "site-policy", "pairs")
pairs_dir = os.path.abspath(pairs_dir)
pairs = sorted(os.listdir(pairs_dir))


def body(path):
    text = open(path, encoding="utf-8").read()
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            text = text[end + 5:]
    # The corpus links within a page by GitHub's anchor names (#l-cancellation-and-termination),
    # which Redline's pages do not have (they name a section by its label: #l), and the build
    # rightly refuses a link to no section: such links are pointed at the published original.
    text = text.replace("](#", "](https://docs.github.com/site-policy#")
    return text.lstrip("\n")


def edited(text, rng):
    """The text with a few words replaced: a realistic small revision."""
    words = list(re.finditer(r"\b(shall|may|must|will|should|the|a)\b", text))
    out, last = [], 0
    swaps = {"shall": "must", "may": "might", "must": "shall", "will": "shall", "should": "must", "the": "this", "a": "one"}
    chosen = sorted(rng.sample(range(len(words)), min(6, len(words))))
    for k in chosen:
        m = words[k]
        out.append(text[last:m.start()])
        out.append(swaps[m.group(1)])
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def generate():
    stamp = os.path.join(root, "src", ".generated-%d" % count)
    if os.path.exists(stamp):
        return
    shutil.rmtree(root, ignore_errors=True)
    src = os.path.join(root, "src")
    os.makedirs(src)
    open(os.path.join(src, "site.yml"), "w").write("title: Benchmark Policy Manual\nurl: https://policies.example.org/\n")
    rng = random.Random(20261129)
    work = os.path.join(root, "work")
    os.makedirs(work)
    for k in range(count):
        pair = os.path.join(pairs_dir, pairs[k % len(pairs)])
        slug = "policy-%04d" % k
        folder = os.path.join(src, slug)
        os.makedirs(folder)
        open(os.path.join(folder, "policy.yml"), "w").write("code: P%04d\ntitle: Policy %d (%s)\ncategory: Benchmark\n" % (k, k, pairs[k % len(pairs)]))
        # The number in the first line makes every policy's text its own.
        old = "Policy %d.\n\n" % k + body(os.path.join(pair, "old.md"))
        new = "Policy %d.\n\n" % k + body(os.path.join(pair, "new.md"))
        proposed = edited(new, rng)
        a, b = os.path.join(work, "a.md"), os.path.join(work, "b.md")
        open(a, "w").write(new)
        open(b, "w").write(proposed)
        marked = subprocess.run([policy, "diff", a, b], capture_output=True, text=True).stdout
        year = 2000 + k % 20
        open(os.path.join(folder, "v1.md"), "w").write("---\nversion: 1\nstatus: superseded\nadopted: %d-01-15\n---\n\n" % year + old)
        open(os.path.join(folder, "v2.md"), "w").write("---\nversion: 2\nstatus: adopted\nadopted: %d-06-10\n---\n\n" % (year + 3) + new)
        open(os.path.join(folder, "v3.md"), "w").write("---\nversion: 3\nstatus: draft\nbase: 2\ndate: 2026-11-01\n---\n\n" + marked)
    shutil.rmtree(work)
    open(stamp, "w").write("")


def run(args):
    """Wall seconds and peak RSS (MiB) of one run; fails loudly."""
    # Output to files, not pipes: a full pipe would stop the build before wait4 returns.
    with open(os.path.join(root, "stdout.txt"), "w+") as out_file, open(os.path.join(root, "stderr.txt"), "w+") as err_file:
        start = time.perf_counter()
        process = subprocess.Popen([policy] + args, cwd=root, stdout=out_file, stderr=err_file)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("policy %s failed:\n%s%s" % (" ".join(args), out, err[-3000:]))
    return seconds, usage.ru_maxrss / 1024, out.strip()


generate()
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(root, "src")) for f in fs)
rows = []
shutil.rmtree(os.path.join(root, "out"), ignore_errors=True)
rows.append(("cold build",) + run(["build", "src", "-o", "out", "--quiet"]))
rows.append(("no-op rebuild",) + run(["build", "src", "-o", "out", "--quiet"]))
draft = os.path.join(root, "src", "policy-0007", "v3.md")
original = open(draft).read()
open(draft, "a").write("\n{++A sentence added for the benchmark.++}\n")
rows.append(("one draft changed",) + run(["build", "src", "-o", "out", "--quiet"]))
open(draft, "w").write(original)
rows.append(("one draft changed back",) + run(["build", "src", "-o", "out", "--quiet"]))
rows.append(("--check (all afresh, nothing written)",) + run(["build", "src", "-o", "out", "--check", "--quiet"]))
files = sum(len(fs) for _, _, fs in os.walk(os.path.join(root, "out")))
print("%d policies × 3 versions, %.1f MB of sources; the site has %d files; %d cores" % (count, size / 1e6, files, os.cpu_count()))
print("")
print("| run | seconds | peak RSS MiB |")
print("|---|---|---|")
for name, seconds, rss, _ in rows:
    print("| %s | %.2f | %.0f |" % (name, seconds, rss))
