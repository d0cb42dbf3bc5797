import Foundation

/// The kernel's view of IPv4 TCP sockets (`/proc/net/tcp`), to see what a closed connection
/// left behind: its state, and how many bytes sit unread or unsent in it.
struct TCPSocketEntry {
    var localPort: Int
    var remotePort: Int
    /// The kernel's state number: 1 established, 4 FIN-WAIT-1, 5 FIN-WAIT-2, 6 TIME-WAIT, 8 CLOSE-WAIT.
    var state: Int
    var unsent: Int
    var unread: Int
    /// 0 once no process holds the socket any more.
    var inode: Int

    static var all: [TCPSocketEntry] {
        guard let text = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 9 else { return nil }
            func port(_ field: Substring) -> Int { Int(field.split(separator: ":").last ?? "", radix: 16) ?? 0 }
            let queues = fields[4].split(separator: ":")
            return TCPSocketEntry(
                localPort: port(fields[1]), remotePort: port(fields[2]), state: Int(fields[3], radix: 16) ?? 0,
                unsent: Int(queues[0], radix: 16) ?? 0, unread: Int(queues[1], radix: 16) ?? 0,
                inode: Int(fields[9]) ?? 0)
        }
    }

    /// The server's end of the connection from client port `clientPort` to server port `serverPort`.
    static func serverSide(serverPort: Int, clientPort: Int) -> TCPSocketEntry? {
        all.first { $0.localPort == serverPort && $0.remotePort == clientPort }
    }
}
