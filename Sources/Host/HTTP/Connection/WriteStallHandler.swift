import Logging
import NIOCore

/// Closes a connection whose client stops reading: when the answer has waited unsent longer than
/// the write timeout. The close fails the pending write, which cancels the turn; dropping the
/// socket at once (no linger) frees the queued bytes instead of leaving them to the kernel.
final class WriteStallHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let writeTimeout: TimeAmount
    private let logger: Logger
    private var timer: Scheduled<Void>?

    init(writeTimeout: Duration, logger: Logger) {
        self.writeTimeout = TimeAmount(writeTimeout)
        self.logger = logger
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            cancelTimer()
        } else if timer == nil {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: writeTimeout) {
                self.timer = nil
                self.logger.debug(
                    "closing a connection: the client has not read the answer for \(self.writeTimeout)",
                    metadata: ["peer": "\(context.channel.remoteAddress.map { "\($0)" } ?? "?")"])
                context.channel.closeDiscardingUnsent()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancelTimer() }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }
}
