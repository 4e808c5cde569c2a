import LedgerCore
import Testing

struct LineageCSVTests {
    static let header = "predictionId,model,version,featureSet,inputSHA256,output.score,output.label,output.reasonCodes,time,subject"

    func read(_ text: String) throws -> LineageInput {
        try LineageInput.readCSV(Array(text.utf8))
    }

    @Test func aCSVRowIsTheSameRecordAsItsJSONLine() throws {
        let hash = LineageFixtures.hash
        let csv = try read("\u{FEFF}\(Self.header)\r\ntxn-1,fraud,3.2.0,fraud-features@1.4.0,\(hash),0.930,deny,R1;R7,2025-01-15T09:30:00.000Z,cust-9\r\n")
        let json = LineageFixtures.input([LineageFixtures.line("txn-1", subject: "cust-9")])
        #expect(csv.problems.isEmpty, "\(csv.problems)")
        #expect(csv.records.first?.record == json.records.first?.record)
        // Both readers prepare the record alike: the same bytes, keys and batch root.
        let fromCSV = try #require(LineageBatch.plan(csv.records, size: 10).first)
        let fromJSON = try #require(LineageBatch.plan(json.records, size: 10).first)
        #expect(fromCSV.records.map(\.canonicalBytes) == fromJSON.records.map(\.canonicalBytes))
        #expect(fromCSV.records.map(\.idHash) == fromJSON.records.map(\.idHash))
        #expect(fromCSV.records.map(\.subjectHash) == fromJSON.records.map(\.subjectHash))
        #expect(fromCSV.tree.root == fromJSON.tree.root)
    }

    @Test func quotedFieldsMayHoldCommasQuotesAndLineBreaksAndLinesCountPhysically() throws {
        let hash = LineageFixtures.hash
        let csv = try read(#"""
            predictionId,model,version,featureSet,inputSHA256,output.label,time
            t1,fraud,3.2.0,"fs, ""quoted""",\#(hash),ok,2025-01-15T09:30:00.000Z
            t2,fraud,3.2.0,fs,\#(hash),"two
            lines",2025-01-15T09:30:00.000Z
            t3,fraud,3.2.0,fs,bad,ok,2025-01-15T09:30:00.000Z
            t4,fraud,3.2.0,fs,\#(hash),ok,2025-01-15T09:30:00.000Z

            """#)
        #expect(csv.records.map(\.record.featureSet) == ["fs, \"quoted\"", "fs"])
        // t2's label holds a line break, a control character: refused at the line where it starts.
        #expect(csv.records.map(\.line) == [2, 6])
        #expect(csv.problems.map(\.line) == [3, 5])
        #expect(csv.problems[1].reasons.first?.field == "inputSHA256")
    }

    @Test(arguments: [
        ("predictionId,model,version,featureSet,output.score,time", "inputSHA256"),
        ("predictionId,version,featureSet,inputSHA256,output.label", "model, time"),
        ("predictionId,model,version,featureSet,inputSHA256,time", "output.score or output.label"),
    ])
    func aHeaderWithoutRequiredColumnsIsRefusedNamingThem(header: String, missing: String) throws {
        let error = #expect(throws: LedgerError.self) { try read(header + "\n") }
        #expect(error?.message.contains("lacks the column") == true)
        #expect(error?.message.contains(missing) == true, "\(error?.message ?? "")")
    }

    @Test func unknownAndRepeatedColumnsAndBadRowsAreRefused() throws {
        #expect(throws: LedgerError.self) { try read(Self.header + ",region\n") }
        #expect(throws: LedgerError.self) { try read("predictionId,predictionId\n") }
        #expect(throws: LedgerError.self) { try read("") }
        let hash = LineageFixtures.hash
        let rows = try read("""
            predictionId,model,version,featureSet,inputSHA256,output.score,output.reasonCodes,time
            t1,fraud,3.2.0,fs,\(hash),0.5,R1;;R2,2025-01-15T09:30:00.000Z
            t2,fraud,3.2.0,fs,\(hash),+0.5,,2025-01-15T09:30:00.000Z
            t3,fraud,3.2.0,fs,\(hash),0.5,2025-01-15T09:30:00.000Z
            t4,fraud,3.2.0,,\(hash),0.5,,2025-01-15T09:30:00.000Z
            t5,fr"aud,3.2.0,fs,\(hash),0.5,,2025-01-15T09:30:00.000Z
            """)
        #expect(rows.records.isEmpty)
        #expect(rows.problems.map(\.line) == [2, 3, 4, 5, 6])
        #expect(rows.problems[0].reasons.first?.field == "output.reasonCodes")
        #expect(rows.problems[1].reasons.first?.field == "output.score")
        #expect(rows.problems[2].description.contains("8 columns"))
        #expect(rows.problems[3].reasons.first?.field == "featureSet")
    }
}
