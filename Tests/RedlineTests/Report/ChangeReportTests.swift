import Testing
@testable import Redline

@Suite struct ChangeReports {
    static let doc = Document(parsing: "# I. One\n\n{++{\"author\":\"Legal\",\"date\":\"2024-03-01\"}@@shall++}{>>why, \"really\"<<} {~~a~>b~~}\n")

    @Test func textTable() {
        let text = ChangeReport.render(Self.doc, format: .text)
        let lines = text.split(separator: "\n")
        #expect(lines[0].hasPrefix("#  ID        KIND"))
        #expect(lines[1].contains("insertion"))
        #expect(lines[1].contains("Legal"))
        #expect(lines[1].hasSuffix("shall  [>>why, \"really\"<<]"))
        #expect(lines[2].hasSuffix("a → b"))
        #expect(lines.last == "2 changes: 1 insertion, 1 substitution")
    }

    @Test func csvQuotesFields() {
        let csv = ChangeReport.render(Self.doc, format: .csv)
        #expect(csv.hasPrefix("ordinal,id,kind,section,author,date,old,new,comment,start\r\n"))
        #expect(csv.contains(",i,Legal,2024-03-01,,shall,\"why, \"\"really\"\"\",3:1\r\n"))
    }

    @Test func jsonCarriesEverything() {
        let json = ChangeReport.render(Self.doc, format: .json)
        #expect(json.contains("\"author\" : \"Legal\""))
        #expect(json.contains("\"section\" : \"i\""))
        #expect(json.contains("\"start\" : \"3:1\""))
    }
}
