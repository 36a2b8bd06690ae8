#!/usr/bin/python3
"""Compares HTML files pairwise after normalising away what is presentation, not content.

Usage: same-html.py OURS THEIRS [OURS THEIRS ...]; prints the first difference of each pair
that differs and exits 1 if any does. Normalisation (both sides): HTML comments dropped;
<article>, <section> and <div class="table-wrap"> unwrapped; visually hidden text
(<span class="sr-only">) removed; <s> read as <del>; id, class, role, aria-* and data-*
attributes dropped; whitespace runs collapsed and whitespace between tags removed.
"""
import sys, re
import html5lib
from xml.etree import ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"
KEEP = {"href", "src", "alt", "title", "start", "align"}

def normalise(el, out):
    for child in list(el):
        if not isinstance(child.tag, str):  # comment
            if child.tail: out.append(child.tail)
            continue
        tag = child.tag.replace(NS, "")
        cls = child.attrib.get("class", "")
        if tag == "span" and "sr-only" in cls.split():
            if child.tail: out.append(child.tail)
            continue
        unwrap = tag in ("article", "section") or (tag == "div" and "table-wrap" in cls.split())
        if tag == "s": tag = "del"
        if not unwrap:
            attrs = "".join(' %s="%s"' % (k, v) for k, v in sorted(child.attrib.items()) if k in KEEP)
            out.append("<%s%s>" % (tag, attrs))
        if child.text: out.append(child.text)
        normalise(child, out)
        if not unwrap: out.append("</%s>" % tag)
        if child.tail: out.append(child.tail)

def canonical(path):
    text = open(path, encoding="utf-8").read()
    frag = html5lib.parseFragment(text, container="div", namespaceHTMLElements=True)
    out = [frag.text or ""]
    normalise(frag, out)
    s = "".join(out)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r">\s+<", "><", s)
    s = re.sub(r"\s+<", "<", s)
    s = re.sub(r">\s+", ">", s)
    return s.strip()

def main():
    args = sys.argv[1:]
    bad = False
    for ours, theirs in zip(args[0::2], args[1::2]):
        a, b = canonical(ours), canonical(theirs)
        if a != b:
            bad = True
            i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            print("%s: differs from %s at %d:\n  ours:   ...%s...\n  theirs: ...%s..." % (ours, theirs, i, a[max(0, i - 80):i + 80], b[max(0, i - 80):i + 80]))
    sys.exit(1 if bad else 0)

main()
