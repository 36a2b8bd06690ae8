#!/usr/bin/python3
"""Checks Redline's HTML with a real HTML5 parser (html5lib, Debian's python3-html5lib).

Fails (exit 1, one `file: error: ...` line per problem) when:
  - the parser reports any parse error (strict mode);
  - the tree the parser builds differs from the tags as written, i.e. the parser had to close,
    reopen or move an element: an implied </p>, an <a> inside an <a>, a block in a <p>, a
    misnested </em> -- every nesting error shows up here;
  - a content-model rule the parser does not enforce is broken: <ul>/<ol> hold only <li>,
    <tr> only <td>/<th>, phrasing elements hold no flow content;
  - an id is duplicated, or a same-page link (href="#x") points at no id;
  - anything executable is present: <script>, <iframe>, <object>, <embed>, on* attributes,
    javascript:/vbscript:/data: URLs (in href, src, action, formaction, xlink:href, style url()).
Usage: check-html.py [--fragment] FILE...
"""
import sys, re
import html5lib
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PHRASING_ONLY = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "code", "span", "sup", "s", "mark",
                 "summary", "dt", "pre"}
FLOW = {"p", "div", "ul", "ol", "li", "table", "blockquote", "pre", "section", "article", "nav", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "header", "footer", "main", "details", "dl", "figure"}
NS = "{http://www.w3.org/1999/xhtml}"

class Written(HTMLParser):
    """The element tree as the tags are written (every non-void element closed explicitly)."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.paths, self.problems = [], [], []
    def handle_starttag(self, tag, attrs):
        self.paths.append("/".join(self.stack + [tag]))
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.paths.append("/".join(self.stack + [tag]))
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("end tag </%s> does not close the open <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

def parsed_paths(node, prefix, out):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.replace(NS, "")
        path = prefix + [tag]
        out.append((path, child))
        parsed_paths(child, path, out)

def check(path, fragment):
    problems = []
    text = open(path, encoding="utf-8").read()
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=True)
    doc = parser.parseFragment(text, container="div") if fragment else parser.parse(text)
    for pos, code, data in parser.errors:
        problems.append("%d:%d: HTML5 parse error: %s %s" % (pos[0], pos[1], code, data or ""))
    written = Written()
    written.feed(text)
    problems += written.problems
    parsed = []
    if fragment:
        parsed_paths(doc, [], parsed)
    else:
        root = doc.tag.replace(NS, "")
        parsed.append(([root], doc))
        parsed_paths(doc, [root], parsed)
    if fragment:
        got = ["/".join(p) for p, _ in parsed]
    else:
        # html5lib adds html/head/body; the page writes them itself.
        got = ["/".join(p) for p, _ in parsed]
    if got != written.paths:
        for i, (a, b) in enumerate(zip(written.paths, got)):
            if a != b:
                problems.append("element %d: written as %s, parsed as %s (nesting error)" % (i, a, b))
                break
        else:
            problems.append("written %d elements, parsed %d" % (len(written.paths), len(got)))
    ids, links = {}, []
    for p, el in parsed:
        tag = p[-1]
        kids = [c.tag.replace(NS, "") for c in el if isinstance(c.tag, str)]
        if tag in ("ul", "ol") and any(k != "li" for k in kids):
            problems.append("<%s> holds %s" % (tag, ", ".join(sorted(set(k for k in kids if k != "li")))))
        if tag == "tr" and any(k not in ("td", "th") for k in kids):
            problems.append("<tr> holds non-cells")
        if tag in PHRASING_ONLY:
            for d in el.iter():
                dt = d.tag.replace(NS, "") if isinstance(d.tag, str) else ""
                if d is not el and dt in FLOW:
                    problems.append("<%s> holds flow element <%s>" % (tag, dt))
                    break
        if tag in ("script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "math"):
            problems.append("executable or unsafe element <%s>" % tag)
        if tag == "a" and any(c is not el and isinstance(c.tag, str) and c.tag.replace(NS, "") == "a" for c in el.iter()):
            problems.append("<a> inside <a>")
        for name, value in el.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                problems.append("event handler attribute %s on <%s>" % (name, tag))
            if lname in ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "background"):
                v = re.sub(r"[\x00-\x20]", "", value).lower()
                if re.match(r"(javascript|vbscript|data|file):", v):
                    problems.append("unsafe URL %s=%r on <%s>" % (name, value, tag))
            if lname == "style" and ("url(" in value.lower() or "expression(" in value.lower()):
                problems.append("style with url()/expression() on <%s>" % tag)
            if lname == "id":
                if value in ids:
                    problems.append("duplicate id %r" % value)
                ids[value] = True
            if lname == "href" and value.startswith("#") and len(value) > 1:
                links.append(value[1:])
        if tag == "meta" and el.attrib.get("http-equiv", "").lower() == "refresh":
            problems.append("meta refresh")
    for target in links:
        if target not in ids:
            problems.append("link to #%s: no such id" % target)
    return problems

def main():
    args = sys.argv[1:]
    fragment = "--fragment" in args
    files = [a for a in args if a != "--fragment"]
    failed = False
    for f in files:
        for p in check(f, fragment):
            failed = True
            print("%s: error: %s" % (f, p))
    sys.exit(1 if failed else 0)

main()
