import NIOCore
import Synchronization

/// First in the pipeline: notices that the caller has gone (end of its input, or the end of the
/// connection) and tells the answer being written, which then cancels its turn.
///
/// Hummingbird's `consumeWithCancellationOnInboundClose` does the same by reading the request
/// stream in three more tasks per request (and an `AsyncStream`): several KB per concurrent
/// call, the biggest part of a call's memory after NIO's own (docs/benchmarks.md).
final class CallerGoneWatch: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private struct State {
        var gone = false
        var action: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Runs `action` once when the caller goes, at once if it has gone already; nil stops
    /// watching.
    func whenGone(_ action: (@Sendable () -> Void)?) {
        let runNow = state.withLock { state -> Bool in
            guard !state.gone else { return action != nil }
            state.action = action
            return false
        }
        if runNow { action?() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { callerWent() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        callerWent()
        context.fireChannelInactive()
    }

    private func callerWent() {
        let action = state.withLock { state -> (@Sendable () -> Void)? in
            state.gone = true
            defer { state.action = nil }
            return state.action
        }
        action?()
    }
}
