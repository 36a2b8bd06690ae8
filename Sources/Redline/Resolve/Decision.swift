/// What to do with a change: keep its new text (accept) or its old text (reject).
public enum Decision: String, Sendable, CaseIterable {
    case accept, reject
}
