/// Which reading of a policy an edition shows.
public enum View: String, CaseIterable, Sendable {
    /// Every change accepted: the proposed text.
    case clean
    /// Old and new text both shown, every change marked.
    case redline
    /// Every change rejected: the text before this revision.
    case original

    /// How a page names the view to its reader.
    public var caption: String {
        switch self {
        case .clean: "Clean text (all changes accepted)"
        case .redline: "Redline (changes shown)"
        case .original: "Original text (all changes rejected)"
        }
    }
}

/// The output format of an edition.
public enum Format: String, CaseIterable, Sendable {
    case html, text, markdown
}
