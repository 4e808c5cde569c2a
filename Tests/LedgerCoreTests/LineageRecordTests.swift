import Foundation
import LedgerCore
import Testing

struct LineageRecordTests {
    @Test func canonicalBytesAreTheJCSOfTheRecordAndTheLeafHashesThem() throws {
        let input = LineageFixtures.input([LineageFixtures.line("txn-1", subject: "cust-9")])
        let record = try #require(input.records.first?.record)
        let value = try JSONValue.parse(LineageFixtures.line("txn-1", subject: "cust-9"))
        #expect(record.canonicalBytes() == value.canonicalBytes())
        #expect(record.json == value)
        #expect(record.leafHash == SHA256.hash([0] + value.canonicalBytes()))
        #expect(String(decoding: record.canonicalBytes(), as: UTF8.self).hasPrefix(#"{"featureSet":"fraud-features@1.4.0","inputSHA256":"abab"#))
        // Numbers take their canonical form: 0.930 and 9.3e-1 are the same record as 0.93.
        let respelled = LineageFixtures.line("txn-1", subject: "cust-9").replacingOccurrences(of: "0.93", with: "9.30e-1")
        #expect(LineageFixtures.input([respelled]).records.first?.record == record)
    }

    @Test(arguments: [
        (#"{"predictionId":"a b"}"#, "predictionId"),
        (LineageFixtures.line("t1").replacingOccurrences(of: LineageFixtures.hash, with: String(LineageFixtures.hash.dropLast())), "inputSHA256"),
        (LineageFixtures.line("t1").replacingOccurrences(of: LineageFixtures.hash, with: LineageFixtures.hash.uppercased()), "inputSHA256"),
        (LineageFixtures.line("t1", extra: #","region":"eu""#), "region"),
        (LineageFixtures.line("t1").replacingOccurrences(of: #""label":"deny","#, with: #""label":"deny","confidence":1,"#), "output.confidence"),
        (LineageFixtures.line("t1").replacingOccurrences(of: "3.2.0", with: "3.2"), "version"),
        (LineageFixtures.line("t1").replacingOccurrences(of: "3.2.0", with: "v3.2.0"), "version"),
        (LineageFixtures.line("t1", model: "Fraud"), "model"),
        (LineageFixtures.line("t1", model: "model/fraud"), "model"),
        (LineageFixtures.line("t1", time: "2025-01-15T09:30:00Z"), "time"),
        (LineageFixtures.line("t1", time: "2025-01-15T10:30:00.000+01:00"), "time"),
        (LineageFixtures.line("t1", subject: "john smith"), "subject"),
        (LineageFixtures.line("t1").replacingOccurrences(of: #"["R1","R7"]"#, with: "[]"), "output.reasonCodes"),
        (LineageFixtures.line("t1").replacingOccurrences(of: #""score":0.93,"label":"deny","reasonCodes":["R1","R7"]"#, with: #""reasonCodes":["R1"]"#), "output"),
        (LineageFixtures.line("t1").replacingOccurrences(of: #","featureSet":"fraud-features@1.4.0""#, with: ""), "featureSet"),
    ])
    func everyBrokenRuleNamesItsMember(line: String, field: String) throws {
        let input = LineageFixtures.input(["", line])
        #expect(input.records.isEmpty)
        let problem = try #require(input.problems.first)
        #expect(problem.line == 2)
        #expect(problem.reasons.contains { $0.field == field }, "\(problem)")
    }

    @Test func malformedJSONIsReportedWithItsLineAndTheRestIsStillRead() throws {
        let input = LineageFixtures.input([LineageFixtures.line("t1"), #"{"predictionId": "t2", "#, LineageFixtures.line("t3"), "[1,2]"])
        #expect(input.records.map(\.line) == [1, 3])
        #expect(input.problems.map(\.line) == [2, 4])
    }

    @Test func checksFindDuplicatesFutureTimesAndCallTheValidatorForEveryRecord() throws {
        let input = LineageFixtures.input([
            LineageFixtures.line("t1"), LineageFixtures.line("t2", time: "2025-01-15T10:04:59.999Z"),
            LineageFixtures.line("t1"), LineageFixtures.line("t3", time: "2025-01-15T10:05:00.001Z"),
            LineageFixtures.line("t4", model: "churn"),
        ])
        let validator = ClosureLineageValidator { record in
            record.model == "churn" ? [LineageFieldProblem(field: "version", message: "churn 3.2.0 was not in Production")] : []
        }
        let problems = LineageChecks(clock: LineageFixtures.clock, validator: validator).problems(in: input)
        #expect(problems.map(\.line) == [3, 4, 5])
        #expect(problems[0].description.contains("duplicates the record on line 1"))
        #expect(problems[1].reasons.first?.field == "time")
        #expect(problems[2].reasons.first?.message == "churn 3.2.0 was not in Production")
        #expect(LineageChecks(clock: LineageFixtures.clock).problems(in: LineageFixtures.input([LineageFixtures.line("t9")])).isEmpty)
    }

    @Test func semanticVersionsFollowTheSemVerGrammar() {
        for good in ["0.0.0", "3.2.0", "10.20.30", "1.0.0-rc.1", "1.0.0-alpha.0.beta", "1.0.0+build.007", "1.0.0-x-y.1+sha.5114f85"] {
            #expect(SemverSyntax.isValid(good), "\(good)")
        }
        for bad in ["", "1", "1.2", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "1.2.3-a..b", "v1.2.3", "1.2.3 ", "1.2.3-é"] {
            #expect(!SemverSyntax.isValid(bad), "\(bad)")
        }
    }
}
