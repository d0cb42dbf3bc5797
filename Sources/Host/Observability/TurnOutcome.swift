/// How a caller turn ended, as counted by `avr_turns_total{outcome}`.
public enum TurnOutcome: String, Sendable, CaseIterable {
    /// The model's answer reached the end.
    case answered
    /// The turn failed and the caller heard `OPENAI_ERROR_MESSAGE`.
    case apologised
    /// A newer turn of the same call took over (barge-in).
    case superseded
    /// AVR Core closed the connection before the answer ended, or the call was ended
    /// (`DELETE /sessions/{uuid}`, or its session expired or was evicted) while it answered.
    case hungUp = "caller_hung_up"
}
