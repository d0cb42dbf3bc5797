/// Stops the fuzzer when a property of the code under test does not hold: libFuzzer treats the
/// trap like a crash, saves the input and reports it, so a wrong answer counts as much as a crash.
func require(
    _ holds: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    guard !holds() else { return }
    fatalError("property failed: \(message())", file: file, line: line)
}
