/// Compares a presented secret with the expected one byte for byte, in time that depends only on
/// the presented length: no Unicode equivalence (Swift's `==` treats NFC and NFD spellings as
/// equal), no trimming, and no early exit that would tell an attacker how much of a guess matched.
enum SecretComparison {
    static func matches(presented: some Collection<UInt8>, expected: [UInt8]) -> Bool {
        var difference = UInt8(presented.count == expected.count ? 0 : 1)
        guard !expected.isEmpty else { return false }
        var index = 0
        for byte in presented {
            difference |= byte ^ expected[index % expected.count]
            index += 1
        }
        return difference == 0
    }
}
