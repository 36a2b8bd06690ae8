import Testing
@testable import Redline

/// Known script-injection vectors, fed through every view of the HTML edition. Raw HTML is
/// never passed through and only http(s), mailto and tel destinations (or relative ones) are
/// kept, so none of these may leave anything executable: the HTML5 checker fails on any
/// script-bearing element, event-handler attribute or script/data URL.
@Suite struct XSSVectors {
    static let vectors: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<script/src=//evil.example></script>",
        "<scr<script>ipt>alert(1)</script>",
        "<<script>script>alert(1)//<</script>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<img src=\"jav&#x09;ascript:alert(1)\">",
        "<img src=\"javascript:alert(1)\">",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mi xlink:href=\"data:x,<script>alert(1)</script>\">x</mi></math>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"data:text/html,<script>alert(1)</script>\">",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=javas&#99;ript:alert(1)>x</a>",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<input onfocus=alert(1) autofocus>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<style>@import 'javascript:alert(1)';</style>",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "<!--><script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<textarea></textarea><script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x]( javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](file:///etc/passwd)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[x](http://example.org \"\\\" onmouseover=\\\"alert(1)\")",
        "![a\" onerror=\"alert(1)](http://example.org/x.png)",
        "`<script>alert(1)</script>`",
        "```\n<script>alert(1)</script>\n```",
        "## <img src=x onerror=alert(1)>",
        "| <script>alert(1)</script> | b |\n|---|---|\n| <img src=x onerror=alert(1)> | d |",
        "Text[^x]\n\n[^x]: <script>alert(1)</script>",
        "{++<script>alert(1)</script>++}",
        "{--<img src=x onerror=alert(1)>--}",
        "{~~[a](javascript:alert(1))~>[b](javascript:alert(2))~~}",
        "{==<svg onload=alert(1)>==}{>>\"><script>alert(1)</script><<}",
        "{>>\"><img src=x onerror=alert(1)><<}",
        "{\"author\": \"<script>alert(1)</script>\", \"date\": \"\\\"><img src=x onerror=alert(1)>\"}@@{++x++}",
        "~~<svg onload=alert(1)>~~ ++<iframe src=javascript:alert(1)>++",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<a href=\"http://ok.example\" onclick=\"alert(1)\">x</a>",
        "www.example.org/\"onmouseover=\"alert(1)",
    ]

    @Test func atLeastFiftyVectors() {
        #expect(Self.vectors.count >= 50)
    }

    @Test func nothingExecutableReachesAnyHTMLView() throws {
        var pages: [String] = [], fragments: [String] = []
        for vector in Self.vectors {
            for source in [vector + "\n", "---\ntitle: \"\(vector.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: " "))\"\n---\n\n" + vector + "\n"] {
                let all = HTMLChecker.allPages(source)
                pages += all.pages
                fragments += all.fragments
                for html in all.pages + all.fragments {
                    // The page's only tags are Redline's own: none of these may appear.
                    let lower = html.lowercased()
                    #expect(!lower.contains("<script"), "script tag from \(vector.debugDescription)")
                    #expect(!lower.contains("<svg") && !lower.contains("<iframe") && !lower.contains("<img src=x"), "raw tag from \(vector.debugDescription)")
                    #expect(!lower.contains("href=\"javascript") && !lower.contains("src=\"javascript") && !lower.contains("href=\"data:"))
                }
            }
        }
        #expect(try HTMLChecker.problems(pages) == [])
        #expect(try HTMLChecker.problems(fragments, fragment: true) == [])
    }

    @Test func textViewsShowTheVectorsAsText() {
        for vector in Self.vectors {
            for view in View.allCases {
                let text = plainText(vector + "\n", view)
                #expect(!text.contains("\u{1B}"), "no control sequences without --color")
            }
        }
        // Raw HTML is shown, not dropped: the reader sees what the source says.
        #expect(plainText("<img src=x onerror=alert(1)> after\n").contains("<img src=x onerror=alert(1)> after"))
    }
}
