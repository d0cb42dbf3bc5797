import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel with the host's connection limits: the framework's idle
/// timeout, a bounded outbound buffer, and handlers for slow requests and non-reading clients.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let limits: ConnectionLimits

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionLimits, logger: Logger) {
        self.limits = limits
        http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [
                    RequestReadTimeoutHandler(limits: limits, logger: logger),
                    WriteStallHandler(writeTimeout: limits.writeTimeout, logger: logger),
                ],
                idleTimeout: TimeAmount(limits.idleTimeout)))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            // Before the HTTP decoder, so a head that has only begun starts the header clock.
            try channel.pipeline.syncOperations.addHandler(RequestBytesObserver())
            // Before the HTTP handlers, which may hold back the end of input while answering.
            try channel.pipeline.syncOperations.addHandler(CallerGoneWatch())
            // Both buffers bounded: the kernel's would otherwise grow to megabytes for a client
            // that does not read, and the channel would never report that it cannot write.
            try channel.syncOptions?.setOption(
                ChannelOptions.socketOption(.so_sndbuf), value: SocketOptionValue(limits.writeBufferBytes))
            try channel.syncOptions?.setOption(
                ChannelOptions.writeBufferWaterMark,
                value: .init(low: limits.writeBufferBytes / 2, high: limits.writeBufferBytes))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the host's connection limits.
    static func guardedHTTP1(limits: ConnectionLimits, logger: Logger) -> HTTPServerBuilder {
        .init { responder in GuardedHTTP1Channel(responder: responder, limits: limits, logger: logger) }
    }
}
