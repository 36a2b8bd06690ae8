/// Where a version of a policy stands: written, put to the committee, in force, replaced,
/// withdrawn, or voted down. A draft or proposal carries its changes as revision marks against
/// its base, and so does a rejected one (the record of what was proposed); the others are plain
/// text.
///
/// A version's front matter may leave its status out: it is derived from its record
/// (``VersionRecord``): rejected, adopted (superseded once a later version is adopted or the
/// policy rescinded), proposed once read at a meeting, else a draft.
public enum VersionStatus: String, CaseIterable, Sendable {
    case draft, proposed, adopted, superseded, rescinded, rejected

    /// Still being worked on: shown with its redline against its base.
    public var isOpen: Bool { self == .draft || self == .proposed }

    /// Carries revision marks against a base: an open version, or one the committee rejected.
    public var carriesMarks: Bool { isOpen || self == .rejected }

    /// Was in force at some time, so it has an adoption date.
    public var wasAdopted: Bool { self == .adopted || self == .superseded }
}
