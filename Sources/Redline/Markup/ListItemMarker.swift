/// A list item's marker as it stands before the item's text: `-`, `*` or `+`, or a number of
/// up to nine digits and `.` or `)`. One test for the diff (which moves items with their
/// markers) and the redline reading (which keeps a restyled marker a marker).
enum ListItemMarker {
    /// Whether `marker` is one, whole (the white space after it not included).
    static func matches(_ marker: ArraySlice<UInt8>) -> Bool {
        if marker.count == 1 { return [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")].contains(marker.first!) }
        guard (2...10).contains(marker.count), marker.last == UInt8(ascii: ".") || marker.last == UInt8(ascii: ")") else { return false }
        return marker.dropLast().allSatisfy { (0x30...0x39).contains($0) }
    }
}
