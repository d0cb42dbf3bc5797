/// A turn being answered, as the connection that asked for it sees it.
struct AnsweringTurn: Sendable {
    let task: Task<Void, Never>
    let outcome: TurnOutcomeSlot

    /// The caller hung up: the turn ends at once and is counted as hung up.
    func hangUp() {
        outcome.recordHangUp()
        task.cancel()
    }

    /// Waits until the turn has unwound and finished its output.
    func ended() async {
        await task.value
    }
}
