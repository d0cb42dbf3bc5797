import Hummingbird
import NIOCore

/// The request context of the host's routes: Hummingbird's basics plus the peer's address,
/// which the admin endpoints need to serve loopback clients only when no token is set, and the
/// connection, whose event loop writes `/prompt-stream`'s answer.
public struct HostRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel
    public var remoteAddress: SocketAddress? { channel.remoteAddress }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
