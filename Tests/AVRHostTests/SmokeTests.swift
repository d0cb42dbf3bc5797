import Testing

@testable import AVRHost

@Test func packageBuilds() { #expect(Bool(true)) }
