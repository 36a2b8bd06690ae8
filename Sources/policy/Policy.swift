import ArgumentParser
import Redline

@main
struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Author, review and resolve tracked changes in policy documents.",
        discussion: """
        A policy source is Markdown with revision markup ({++inserted++}, {--deleted--},
        {~~old~>new~~}, {>>comment<<}, ~~struck~~, ++added++). See docs/markup.md.

        Example:
          policy changes policy-src/staff-social-media/draft.md
        """,
        version: RedlineVersion.string,
        subcommands: [Changes.self, Accept.self, Reject.self, Render.self, Diff.self, Verify.self, Lint.self, Import.self, Export.self]
    )

    static func main() {
        ProcessMemory.returnLargeBlocksPromptly()
        main(nil)
    }
}

enum RedlineVersion {
    static let string = "0.1.0"
}
