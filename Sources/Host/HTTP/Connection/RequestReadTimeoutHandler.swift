import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client takes longer than allowed to send a request head or body
/// (slow-loris clients, a head promising a body that never comes).
final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var deadlines: RequestReadDeadlines
    private var timer: (deadline: NIODeadline, task: Scheduled<Void>)?
    private let logger: Logger

    init(limits: ConnectionLimits, logger: Logger) {
        deadlines = RequestReadDeadlines(
            headerTimeout: TimeAmount(limits.headerTimeout), bodyTimeout: TimeAmount(limits.bodyTimeout))
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let kind: HTTPRequestPartKind =
            switch unwrapInboundIn(data) {
            case .head: .head
            case .body: .body
            case .end: .end
            }
        deadlines.read(kind, at: .now())
        reschedule(context)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            deadlines.responseEnded(at: .now())
            reschedule(context)
        }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is RequestBytesArrived else { return context.fireUserInboundEventTriggered(event) }
        deadlines.bytesArrived(at: .now())
        reschedule(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancelTimer() }

    private func reschedule(_ context: ChannelHandlerContext) {
        let next = deadlines.next
        guard next?.deadline != timer?.deadline else { return }
        cancelTimer()
        guard let next else { return }
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: next.deadline) {
            self.timer = nil
            self.logger.debug(
                "closing a connection: its \(next.limit.rawValue) did not arrive in time",
                metadata: ["peer": "\(context.channel.remoteAddress.map { "\($0)" } ?? "?")"])
            context.close(promise: nil)
        }
        timer = (next.deadline, task)
    }

    private func cancelTimer() {
        timer?.task.cancel()
        timer = nil
    }
}
