import Foundation
import Redline

/// One tracked change as Word records it around runs: `w:ins`, `w:del`, or for the two halves
/// of a move `w:moveTo` and `w:moveFrom`, with the change's author and date.
struct WordRevision: Equatable {
    enum Kind: String {
        case ins, del, moveTo, moveFrom

        /// Text in a deleted or moved-away run is `w:delText`, not `w:t`.
        var removesText: Bool { self == .del || self == .moveFrom }
    }

    var kind: Kind
    /// The Redline change ID, so that the runs of one change share one container.
    var changeID: String
    var author: String
    /// An xsd:dateTime, or nil when the change has no date.
    var date: String?
    /// For a move: its name, shared by the two halves (`m1`).
    var move: String?

    init(marker: ChangeMarker, change: Change?) {
        let moved = change?.move
        switch marker.role {
        case .deleted: kind = moved == nil ? .del : .moveFrom
        default: kind = moved == nil ? .ins : .moveTo
        }
        changeID = marker.id
        author = change?.attribution.author ?? ""
        date = change?.attribution.date.map(Self.dateTime)
        move = moved
    }

    /// The revision's attributes: its unique `w:id`, author and date.
    func attributes(id: Int) -> [(String, String)] {
        var attributes = [("w:id", String(id)), ("w:author", author)]
        if let date { attributes.append(("w:date", date)) }
        return attributes
    }

    /// Word wants an xsd:dateTime; a date alone is midnight UTC (and comes back as the date
    /// alone on import).
    static func dateTime(_ date: String) -> String {
        date.count == 10 ? date + "T00:00:00Z" : date
    }
}
