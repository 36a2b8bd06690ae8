import Foundation
import Redline
import RedlineWord

struct Import: Subcommand {
    static let spec = CommandSpec(
        name: "import",
        abstract: "Read a Word document (.docx) into a policy source, its tracked changes and comments as markup.",
        discussion: """
        Word's insertions, deletions, moves, paragraph-mark changes (splits and joins) and
        comments with their replies become revision markup with each change's author and date.
        --track-changes accept or reject takes that reading instead (as pandoc's option does).
        What cannot be carried over exactly is reported as a warning; text is never dropped.

        Examples:
          policy import draft.docx -o draft.md
          policy import draft.docx --track-changes accept
        """,
        arguments: [.init(name: "file.docx", help: "The Word document.")],
        options: [
            .choice("track-changes", DocxImporter.TrackChanges.self, help: "all (keep changes and comments as markup), accept or reject.", default: .all),
            .output,
        ]
    )

    var file: String
    var trackChanges: DocxImporter.TrackChanges
    var output: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional[0]
        trackChanges = arguments.choice("track-changes", default: .all)
        output = arguments.value("output")
        try Self.spec.refuseOverwriting([file], with: output)
    }

    func run() throws {
        try Self.exitAfterFailure {
            let data: Data
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: file)
                if let size = attributes[.size] as? Int, size > 128 << 20 {
                    throw Failed(message: "\(file): error: the file is \(size >> 20) MiB; Redline imports documents up to 128 MiB")
                }
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch let failed as Failed {
                throw failed
            } catch {
                throw Failed(message: "\(file): error: cannot read: \(error.localizedDescription)")
            }
            let result: DocxImporter.Result
            do { result = try DocxImporter.read(data, name: file, trackChanges: trackChanges) } catch {
                throw Failed(message: "\(error)".replacingOccurrences(of: "\(file): ", with: "\(file): error: ", options: .anchored))
            }
            for warning in result.warnings {
                FileHandle.standardError.write(Data("\(file): warning: \(warning)\n".utf8))
            }
            do { try SourceFile.write(result.source, to: output ?? "-") } catch { throw Failed(message: "\(error)") }
        }
    }
}
