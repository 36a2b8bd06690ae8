import ArgumentParser
import Foundation
import Redline
import RedlineWord

extension DocxImporter.TrackChanges: ExpressibleByArgument {}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a Word document (.docx) into a policy source, its tracked changes and comments as markup.",
        discussion: """
        Word's insertions, deletions, moves, paragraph-mark changes (splits and joins) and
        comments with their replies become revision markup with each change's author and date.
        --track-changes accept or reject takes that reading instead (as pandoc's option does).
        What cannot be carried over exactly is reported as a warning; text is never dropped.

        Examples:
          policy import draft.docx -o draft.md
          policy import draft.docx --track-changes accept
        """
    )

    @Argument(help: ArgumentHelp("The Word document.", valueName: "file.docx"))
    var file: String

    @Option(help: "all (keep changes and comments as markup), accept or reject.")
    var trackChanges: DocxImporter.TrackChanges = .all

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file ('-' for standard output).", valueName: "out"))
    var output: String?

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
