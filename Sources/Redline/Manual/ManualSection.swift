/// The sections of a policy manual in the NEPN/NSBA classification, which files a policy by
/// the first letter of its code (`GBEB` is in G, Personnel).
public struct ManualSection: Sendable, Equatable {
    /// "G", or "" for a code outside A–K.
    public var letter: String
    public var title: String

    static let titles: [String: String] = [
        "A": "Foundations and Basic Commitments", "B": "School Committee Governance and Operations",
        "C": "General School Administration", "D": "Fiscal Management", "E": "Support Services",
        "F": "Facilities Development", "G": "Personnel", "H": "Negotiations", "I": "Instruction",
        "J": "Students", "K": "Community Relations",
    ]

    /// The section a code is filed in; codes outside A–K go last, under "Other policies".
    public init(code: String) {
        let letter = String(code.prefix(1)).uppercased()
        if let title = Self.titles[letter] {
            self.letter = letter
            self.title = title
        } else {
            self.letter = ""
            self.title = "Other policies"
        }
    }

    /// "Section G: Personnel".
    public var heading: String { letter.isEmpty ? title : "Section \(letter): \(title)" }
}
