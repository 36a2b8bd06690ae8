import Foundation
import Testing

/// The seed's pages in a real browser (headless Chromium): DOM, computed styles and print.
/// Screenshots are kept in `.build/test-artefacts/` for a person to look at.
@Suite(.serialized) struct Browser {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let artefacts = PolicyCommand.root.appendingPathComponent(".build/test-artefacts")
    static let seed = "policy-src/staff-social-media/v2.md"

    /// Runs Chromium headless; returns standard output. Headless Chromium now and then hangs
    /// on a busy machine: each run is stopped after 90 seconds (coreutils `timeout`) and tried
    /// once more, so a hang costs minutes, never the whole CI run.
    static func chromium(_ arguments: [String]) throws -> String {
        let browser = try #require(chromium, "chromium is not installed (make test installs it)")
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            let profile = FileManager.default.temporaryDirectory.appendingPathComponent("redline-chromium-\(UUID().uuidString)")
            process.arguments = ["-k", "5", "90", browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                                 "--user-data-dir=\(profile.path)", "--run-all-compositor-stages-before-draw"] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: profile)
            // 124: timed out; 137: killed after the grace period.
            if process.terminationStatus != 124, process.terminationStatus != 137 {
                return String(decoding: data, as: UTF8.self)
            }
        }
        Issue.record("chromium hung twice on \(arguments.last ?? "")")
        return ""
    }

    static func render(_ view: String, into directory: URL) throws -> URL {
        let page = directory.appendingPathComponent("\(view).html")
        let result = try PolicyCommand.run(["render", seed, "--view", view, "-o", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        return page
    }

    /// The page with a script added that inspects it and writes its findings into the DOM (the
    /// published page forbids scripts by its Content-Security-Policy, so the copy drops that).
    static func harness(_ page: URL) throws -> URL {
        var html = try String(contentsOf: page, encoding: .utf8)
        html = html.replacingOccurrences(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, with: "", options: .regularExpression)
        let script = """
        <script>
        function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : m.concat([1]); }
        function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); }
        function over(fg, bg) { const a = fg[3]; return [0, 1, 2].map(i => fg[i] * a + bg[i] * (1 - a)); }
        function contrast(el) { const st = getComputedStyle(el); const bg = over(rgb(st.backgroundColor), [255, 255, 255]);
          const fg = over(rgb(st.color), bg); const a = lum(fg), b = lum(bg); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }
        const r = {};
        const ins = document.querySelector('ins.change'), del = document.querySelector('del.change');
        r.ins = !!ins; r.del = !!del;
        if (ins && del) {
          const i = getComputedStyle(ins), d = getComputedStyle(del);
          r.insLine = i.textDecorationLine; r.delLine = d.textDecorationLine;
          r.colorsDiffer = i.color !== d.color;
          r.insVisible = ins.getBoundingClientRect().width > 0; r.delVisible = del.getBoundingClientRect().width > 0;
          r.insContrast = contrast(ins); r.delContrast = contrast(del);
        }
        r.bodyContrast = contrast(document.querySelector('main p') || document.body);
        const comment = document.querySelector('.comment'); r.commentShown = comment ? getComputedStyle(comment).display !== 'none' : null;
        if (comment) r.commentContrast = contrast(comment);
        const toc = [...document.querySelectorAll('nav.toc a')];
        r.tocLinks = toc.length; r.tocBroken = toc.filter(a => !document.getElementById(a.getAttribute('href').slice(1))).map(a => a.getAttribute('href'));
        r.brokenLinks = [...document.querySelectorAll('a[href^="#"]')].filter(a => a.getAttribute('href').length > 1 && !document.getElementById(a.getAttribute('href').slice(1))).map(a => a.getAttribute('href'));
        const sr = document.querySelector('.sr-only'); r.srHidden = sr ? sr.getBoundingClientRect().width <= 1 : null;
        r.sections = document.querySelectorAll('main section[id]').length;
        r.changeBars = document.querySelectorAll('.changed').length;
        const bar = document.querySelector('.changed'); r.barShown = bar ? getComputedStyle(bar, '::before').borderLeftWidth : null;
        const out = document.createElement('pre'); out.id = 'redline-test-result'; out.textContent = JSON.stringify(r);
        document.body.appendChild(out);
        </script>
        """
        html = html.replacingOccurrences(of: "</body>", with: script + "\n</body>")
        let url = page.deletingPathExtension().appendingPathExtension("harness.html")
        try Data(html.utf8).write(to: url)
        return url
    }

    static func inspect(_ page: URL) throws -> [String: Any] {
        let dom = try chromium(["--virtual-time-budget=3000", "--window-size=1400,1000", "--dump-dom", try harness(page).absoluteString])
        let start = try #require(dom.range(of: "<pre id=\"redline-test-result\">"), "the check script did not run")
        let rest = dom[start.upperBound...]
        let json = String(rest[..<rest.range(of: "</pre>")!.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func redlinePageShowsChangesDistinctlyAndAccessibly() throws {
        let directory = try PolicyCommand.temporaryDirectory()
        let page = try Self.render("redline", into: directory)
        let r = try Self.inspect(page)
        #expect(r["ins"] as? Bool == true && r["del"] as? Bool == true)
        #expect((r["insLine"] as? String)?.contains("underline") == true)
        #expect((r["delLine"] as? String)?.contains("line-through") == true)
        #expect(r["colorsDiffer"] as? Bool == true)
        #expect(r["insVisible"] as? Bool == true && r["delVisible"] as? Bool == true)
        for key in ["insContrast", "delContrast", "bodyContrast", "commentContrast"] {
            #expect((r[key] as? Double ?? 0) >= 4.5, "\(key) \(r[key] ?? "missing") is below WCAG AA")
        }
        #expect(r["commentShown"] as? Bool == true)
        #expect((r["tocLinks"] as? Int ?? 0) >= 10)
        #expect((r["tocBroken"] as? [String]) == [])
        #expect((r["brokenLinks"] as? [String]) == [])
        #expect(r["srHidden"] as? Bool == true)
        #expect((r["changeBars"] as? Int ?? 0) > 10)
        #expect(r["barShown"] as? String == "3px")
        try Self.screenshots(page, name: "redline")
    }

    @Test func cleanPageHasWorkingContents() throws {
        let directory = try PolicyCommand.temporaryDirectory()
        let page = try Self.render("clean", into: directory)
        let r = try Self.inspect(page)
        #expect(r["ins"] as? Bool == false && r["del"] as? Bool == false)
        #expect((r["tocLinks"] as? Int ?? 0) >= 10)
        #expect((r["tocBroken"] as? [String]) == [])
        #expect((r["brokenLinks"] as? [String]) == [])
        #expect((r["sections"] as? Int ?? 0) >= 10)
        #expect((r["bodyContrast"] as? Double ?? 0) >= 4.5)
        try Self.screenshots(page, name: "clean")
    }

    /// Printing: no navigation, the DRAFT mark, URLs after links (read back from the PDF).
    @Test func printHidesNavigationAndMarksTheDraft() throws {
        let directory = try PolicyCommand.temporaryDirectory()
        for view in ["clean", "redline"] {
            let page = try Self.render(view, into: directory)
            let pdf = Self.artefacts.appendingPathComponent("\(view).pdf")
            try FileManager.default.createDirectory(at: Self.artefacts, withIntermediateDirectories: true)
            _ = try Self.chromium(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString])
            let text = try Self.pdfText(pdf)
            #expect(!text.contains("Contents"), "the table of contents is not printed")
            #expect(text.contains("DRAFT"))
            #expect(text.contains("<http://thinkingmachine.pbworks.com"), "URLs are printed after links")
            #expect(text.contains("I. Purpose"))
        }
    }

    /// The site built from the repository's store: on its index, a history page and a draft's
    /// redline, every link Chromium resolves to a page of the site names a file that exists
    /// and, with a fragment, an id on it.
    @Test func everySiteLinkResolves() throws {
        let directory = try PolicyCommand.temporaryDirectory()
        let out = directory.appendingPathComponent("site")
        let built = try PolicyCommand.run(["build", "policy-src", "-o", out.path])
        #expect(built.status == 0, "\(built.stderr)")
        for page in ["index.html", "index-by-date.html", "staff-social-media/history.html", "staff-social-media/v2.redline.html",
                     "staff-social-media/compare-v1-v2.html", "staff-social-media/index.html"] {
            let url = out.appendingPathComponent(page)
            var html = try String(contentsOf: url, encoding: .utf8)
            html = html.replacingOccurrences(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, with: "", options: .regularExpression)
            html = html.replacingOccurrences(of: "</body>", with: """
                <script>
                const out = document.createElement('pre'); out.id = 'redline-test-result';
                out.textContent = JSON.stringify([...document.querySelectorAll('a[href]')].map(a => a.href));
                document.body.appendChild(out);
                </script>
                </body>
                """)
            // Beside the page, so that its relative links resolve as they do on the site.
            let harness = url.deletingLastPathComponent().appendingPathComponent("harness-\(url.lastPathComponent)")
            try Data(html.utf8).write(to: harness)
            let dom = try Self.chromium(["--virtual-time-budget=3000", "--dump-dom", harness.absoluteString])
            try? FileManager.default.removeItem(at: harness)
            let start = try #require(dom.range(of: "<pre id=\"redline-test-result\">"), "\(page): the script did not run")
            let json = String(dom[start.upperBound...].prefix { $0 != "<" }).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            let links = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String])
            #expect(links.count >= 3, "\(page): \(links)")
            for link in links where link.hasPrefix("file://") {
                let target = try #require(URL(string: link))
                let file = target.path.replacingOccurrences(of: "harness-", with: "")
                #expect(FileManager.default.fileExists(atPath: file), "\(page): \(link) names no file")
                if let fragment = target.fragment, let text = try? String(contentsOfFile: file, encoding: .utf8) {
                    #expect(text.contains("id=\"\(fragment)\""), "\(page): \(link) names no id")
                }
            }
        }
    }

    static func pdfText(_ pdf: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [pdf.path, "-"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pdftotext failed (poppler-utils)")
        return String(decoding: data, as: UTF8.self)
    }

    static func screenshots(_ page: URL, name: String) throws {
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        for (suffix, size) in [("wide", "1400,2000"), ("phone", "390,1600")] {
            let shot = artefacts.appendingPathComponent("\(name)-\(suffix).png")
            try? FileManager.default.removeItem(at: shot)
            _ = try chromium(["--window-size=\(size)", "--screenshot=\(shot.path)", page.absoluteString])
            #expect(FileManager.default.fileExists(atPath: shot.path), "screenshot \(shot.lastPathComponent)")
        }
    }
}
