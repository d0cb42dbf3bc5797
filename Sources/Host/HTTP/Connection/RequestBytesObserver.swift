import NIOCore

/// Sent up the pipeline when bytes arrive from the client, before the HTTP decoder has turned
/// them into parts, so the read deadlines can see a request head that has only begun.
struct RequestBytesArrived: Sendable {}

/// First in the pipeline: reports every read of raw bytes and passes them on untouched.
final class RequestBytesObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(RequestBytesArrived())
        context.fireChannelRead(data)
    }
}
