/// The bytes libFuzzer hands to `LLVMFuzzerTestOneInput`, copied into an array.
func fuzzInput(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
    // libFuzzer may pass a null pointer with a count of 0.
    guard let start, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
}
