import NIOEmbedded
import Testing

@testable import AVRHost

/// The hand-over between the turn (any thread) and the one writer: order, end, waiting message.
@Suite("Turn output")
struct TurnOutputTests {
    private func output(waitingMessage: String? = nil, on loop: NIOAsyncTestingEventLoop = NIOAsyncTestingEventLoop())
        -> TurnOutput
    {
        TurnOutput(waitingMessage: waitingMessage, waitingTimeout: .seconds(1), timers: loop)
    }

    @Test("text said before the writer asks is read in order, and what was said before the end is still read")
    func bufferedThenFinished() async {
        let output = output()
        output.say("one ")
        output.say("")
        output.say("two")
        output.finish()
        output.say("after the end")
        #expect(await output.nextText() == "one ")
        #expect(await output.nextText() == "two")
        #expect(await output.nextText() == nil)
        #expect(await output.nextText() == nil)
    }

    @Test("a writer waiting for text is woken by each word and by the end")
    func waitingWriter() async {
        let output = output()
        let reader = Task {
            var texts: [String] = []
            while let text = await output.nextText() { texts.append(text) }
            return texts
        }
        let words = (0..<200).map { "w\($0) " }
        for word in words {
            output.say(word)
            await Task.yield()
        }
        output.finish()
        #expect(await reader.value == words)
    }

    @Test("the waiting message covers silence once, and never once words were said")
    func waitingMessage() async {
        let loop = NIOAsyncTestingEventLoop()
        let silent = output(waitingMessage: "One moment.", on: loop)
        silent.startSilenceClock()
        await loop.advanceTime(by: .seconds(1))
        silent.startSilenceClock()
        await loop.advanceTime(by: .seconds(1))
        silent.say("Done.")
        silent.finish()
        #expect(await silent.nextText() == "One moment.")
        #expect(await silent.nextText() == "Done.")
        #expect(await silent.nextText() == nil)

        let talking = output(waitingMessage: "One moment.", on: loop)
        talking.startSilenceClock()
        talking.say("Hello")
        await loop.advanceTime(by: .seconds(1))
        talking.finish()
        #expect(await talking.nextText() == "Hello")
        #expect(await talking.nextText() == nil)
    }
}
