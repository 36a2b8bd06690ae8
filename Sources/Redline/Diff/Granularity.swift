/// The unit a comparison reports changes in.
public enum Granularity: String, Sendable, CaseIterable {
    /// Words, with punctuation split off: the unit legal reviewers read (the default).
    case word
    /// Characters: for spotting a changed digit or letter inside a word.
    case character
    /// Whole sentences: a sentence with any change is shown replaced.
    case sentence
}
