/// How log lines are written: text for people, JSON (one object per line) for log collectors.
public enum LogFormat: String, Sendable {
    case text
    case json
}
