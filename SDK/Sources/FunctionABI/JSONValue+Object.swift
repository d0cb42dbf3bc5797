/// The members of a JSON object, in the order they were parsed or added.
///
/// Order is kept for output (`jsonText` writes members in this order) but is not part of the
/// value: two objects with the same members in another order are equal and hash alike, as JSON
/// objects are unordered. Setting an existing key keeps its place; a new key goes last.
public struct JSONObject: Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []
    /// Where each key is in `keys`, so a lookup costs no scan.
    private var positions: [String: Int] = [:]

    public init() {}

    /// Members in the order given; a repeated key keeps its first place and its last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        for (key, value) in members { self[key] = value }
    }

    /// The members of a dictionary, sorted by key (a dictionary has no order to keep).
    public init(_ dictionary: [String: JSONValue]) {
        self.init(dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { keys.count }

    public subscript(position: Int) -> Element {
        (keys[position], values[position])
    }

    /// The value of `key`; setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { positions[key].map { values[$0] } }
        set {
            if let newValue {
                if let position = positions[key] {
                    values[position] = newValue
                } else {
                    positions[key] = keys.count
                    keys.append(key)
                    values.append(newValue)
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Removes `key` and returns its value; the other members keep their order.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = positions.removeValue(forKey: key) else { return nil }
        keys.remove(at: position)
        let removed = values.remove(at: position)
        for index in position..<keys.count { positions[keys[index]] = index }
        return removed
    }

    /// Adds `other`'s members; a key already here keeps its place and takes `combine`'s value.
    public mutating func merge(
        _ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) throws -> JSONValue
    ) rethrows {
        for (key, value) in other { self[key] = try self[key].map { try combine($0, value) } ?? value }
    }

    /// These members followed by `other`'s new ones, as `merge(_:uniquingKeysWith:)` does.
    public func merging(
        _ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) throws -> JSONValue
    ) rethrows -> JSONObject {
        var merged = self
        try merged.merge(other, uniquingKeysWith: combine)
        return merged
    }

    /// The same keys in the same order, each value transformed.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var mapped = self
        mapped.values = try values.map(transform)
        return mapped
    }
}

extension JSONObject: Hashable {
    /// Equal when both have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: a commutative sum of each member's own hash.
        var sum = 0
        for (key, value) in self {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            sum &+= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(sum)
    }
}
