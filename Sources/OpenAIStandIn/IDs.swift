import Foundation

/// Identifiers shaped like the real API's: a prefix and random hex.
enum IDs {
    static func make(_ prefix: String, bytes: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        var out = prefix + "_"
        out.reserveCapacity(prefix.count + 1 + bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            out += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return out
    }

    /// Unix seconds, for `created_at` fields.
    static func now() -> Int { Int(Date().timeIntervalSince1970) }
}
