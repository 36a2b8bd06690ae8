import Testing
@testable import Redline

@Suite struct BlockRegionsTests {
    /// Regions stay sorted and apart, whatever the order they come in: overlapping or touching
    /// ones merge (also when a merge makes the result touch a third), others stay separate.
    @Test func insertMergesOverlappingAndTouchingRegions() {
        var regions = BlockRegions()
        regions.insert(10..<12)
        regions.insert(2..<3)
        regions.insert(20..<21)
        #expect(regions.ranges == [2..<3, 10..<12, 20..<21])
        regions.insert(3..<5)  // touches 2..<3
        #expect(regions.ranges == [2..<5, 10..<12, 20..<21])
        regions.insert(6..<10)  // touches 10..<12, not 2..<5
        #expect(regions.ranges == [2..<5, 6..<12, 20..<21])
        regions.insert(5..<6)  // joins the first two
        #expect(regions.ranges == [2..<12, 20..<21])
        regions.insert(0..<30)
        #expect(regions.ranges == [0..<30])
        // The same regions in any order give the same result.
        var shuffled = BlockRegions()
        for r in [5..<6, 20..<21, 6..<10, 0..<30, 3..<5, 2..<3, 10..<12] { shuffled.insert(r) }
        #expect(shuffled == regions)
    }

    @Test func lookups() {
        var regions = BlockRegions()
        regions.insert(2..<4)
        regions.insert(8..<9)
        #expect(regions.starting(at: 2) == 2..<4 && regions.starting(at: 3) == nil && regions.starting(at: 8) == 8..<9)
        #expect(regions.holding(3) == 2..<4 && regions.holding(4) == nil && regions.holding(1) == nil)
        #expect(regions.holdingOrBeside(4) == 2..<4)  // ends just before
        #expect(regions.holdingOrBeside(7) == 8..<9)  // starts just after
        #expect(regions.holdingOrBeside(6) == nil)
        #expect(BlockRegions().holdingOrBeside(0) == nil)
    }
}
