/// Turns a successful answer's body bytes into elements on the client's driver thread, so the
/// consuming task wakes only when there is something for it, with everything a read brought.
///
/// `decode` is called on the driver thread only, in order, which is why implementations may
/// keep unsynchronised state and be `@unchecked Sendable`.
public protocol HTTPBodyDecoder<Element>: AnyObject, Sendable {
    associatedtype Element: Sendable
    /// The elements these bytes complete; empty when none is complete yet or none matters.
    func decode(_ bytes: [UInt8]) -> [Element]
}

/// One piece of an answer streamed through a body decoder.
public enum HTTPDecodedPart<Element: Sendable>: Sendable {
    case head(HTTPResponseHead)
    /// Body bytes of an answer that is not 2xx, as they came (an error body is not decoded).
    case body([UInt8])
    /// What the decoder made of a 2xx answer's bytes.
    case decoded([Element])
}
