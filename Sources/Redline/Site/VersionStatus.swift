/// Where a version of a policy stands: written, put to the committee, in force, replaced, or
/// withdrawn. A draft or proposal carries its changes as revision marks against its base; the
/// other three are plain text.
public enum VersionStatus: String, CaseIterable, Sendable {
    case draft, proposed, adopted, superseded, rescinded

    /// Still being worked on: shown with its redline against its base.
    public var isOpen: Bool { self == .draft || self == .proposed }

    /// Was in force at some time, so it has an adoption date.
    public var wasAdopted: Bool { self == .adopted || self == .superseded }
}
