import AVRHost

/// How long the host takes to read a 1 MB request body of each hostile shape (in process, so
/// the figure is the parser's alone).
enum BodyParseBenchmark {
    static func run(rounds: Int = 20) -> [(name: String, medianMilliseconds: Double)] {
        HostileBodies.all.map { name, body in
            let bytes = Array(body.utf8)
            var samples: [Double] = []
            for _ in 0..<rounds {
                let started = ContinuousClock.now
                _ = try? PromptRequest.parse(bytes)
                let elapsed = ContinuousClock.now - started
                samples.append(
                    Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            return (name, samples.sorted()[samples.count / 2])
        }
    }
}
