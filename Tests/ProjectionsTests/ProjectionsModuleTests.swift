import Testing
@testable import Projections

@Suite struct ProjectionsModuleTests {
    @Test func moduleLoads() {
        #expect(String(describing: Projections.self) == "Projections")
    }
}
