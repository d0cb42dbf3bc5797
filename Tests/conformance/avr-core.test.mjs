// Conformance with AVR Core's real client behaviour, over real sockets against the real
// avr-host executable. Run: node --test Tests/conformance/ (after swift build).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CoreCall } from './core-client.mjs';
import { HostProcess, freePort } from './host-process.mjs';

const apology = "Sorry, I'm having trouble answering right now. Please try again in a moment.";

// Every data event parsed on its own, as core does; any failure would have ended the call.
function assertCleanAnswer(answer) {
  assert.equal(answer.status, 200, answer.raw);
  assert.match(answer.headers['content-type'], /^text\/event-stream/);
  assert.deepEqual(answer.parseErrors, []);
  assert.deepEqual(answer.unknownTypes, []);
  assert.equal(answer.dataEvents, answer.texts.length);
}

describe('a call made the way AVR Core makes it', () => {
  let host;
  before(async () => {
    host = await HostProcess.start();
  });
  after(async () => {
    await host.stop();
  });

  test('three turns, the last a DTMF key, are each answered with parseable chunks', async () => {
    const call = new CoreCall(host.port, 'core-3-turns');
    for (const [transcript, expected] of [
      ['Hi, my name is Ann.', 'You said: Hi, my name is Ann.'],
      ['I need a taxi to the station.', 'You said: I need a taxi to the station.'],
      ['1', 'You said: 1'],
    ]) {
      const answer = await call.turn(transcript);
      assertCleanAnswer(answer);
      assert.equal(answer.texts.join(''), expected);
    }
    // The model saw each turn once, in order, with the answers core heard.
    const recall = await call.turn('#recall');
    assertCleanAnswer(recall);
    assert.equal(
      recall.texts.join(''),
      'Earlier: user: Hi, my name is Ann. | assistant: You said: Hi, my name is Ann. | ' +
        'user: I need a taxi to the station. | assistant: You said: I need a taxi to the station. | ' +
        'user: 1 | assistant: You said: 1',
    );
  });

  test("core's SYSTEM_MESSAGE greeting opens the history, and a '#' key press is a turn", async () => {
    const call = new CoreCall(host.port, 'core-greeting', { greeting: 'Welcome to Acme, how can I help?' });
    const key = await call.turn('#');
    assertCleanAnswer(key);
    assert.equal(key.texts.join(''), 'You said: #');
    const recall = await call.turn('#recall');
    assert.equal(
      recall.texts.join(''),
      'Earlier: assistant: Welcome to Acme, how can I help? | user: # | assistant: You said: #',
    );
  });

  test('X-UUID alone names the call', async () => {
    const call = new CoreCall(host.port, 'header-only-call');
    const first = await call.turn('Remember blue.', {
      body: { message: 'Remember blue.', messages: call.messages },
    });
    assertCleanAnswer(first);
    const recall = await call.turn('#recall', { body: { message: '#recall', messages: call.messages } });
    assert.equal(recall.texts.join(''), 'Earlier: user: Remember blue. | assistant: You said: Remember blue.');
  });

  test('barge-in without abort: the old answer ends quietly within 300 ms, the new turn is answered', async () => {
    const call = new CoreCall(host.port, 'core-barge-in');
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    let second;
    const first = call.turn(`#slow 100 ${words}.`, {
      // The caller speaks again while the answer is still streaming; core keeps reading it.
      onFirstText: () => {
        second = call.turn('Stop please.');
      },
    });
    const old = await first;
    const interruptedAfter = old.endedAt - call.lastSentAt;
    console.log(`barge-in: the old answer ended ${interruptedAfter.toFixed(1)} ms after the new turn was sent`);
    assertCleanAnswer(old);
    assert.ok(interruptedAfter < 300, `the old answer ended ${interruptedAfter.toFixed(1)} ms after the new turn`);
    assert.ok(!old.texts.includes(apology), 'the old answer must not apologise');
    assert.ok(old.texts.join('').length < words.length, 'the old answer was cut short');
    const answer = await second;
    assertCleanAnswer(answer);
    assert.equal(answer.texts.join(''), 'You said: Stop please.');
  });

  test('40 concurrent calls of three turns each: every chunk parses, every call keeps its own context', async () => {
    const calls = Array.from({ length: 40 }, (_, i) => new CoreCall(host.port, `load-${i}`));
    await Promise.all(
      calls.map(async (call, i) => {
        for (let turn = 1; turn <= 3; turn++) {
          const answer = await call.turn(`Call ${i} turn ${turn}.`);
          assertCleanAnswer(answer);
          assert.equal(answer.texts.join(''), `You said: Call ${i} turn ${turn}.`);
        }
        const recall = await call.turn('#recall');
        assertCleanAnswer(recall);
        const turns = [1, 2, 3].map((t) => `user: Call ${i} turn ${t}. | assistant: You said: Call ${i} turn ${t}.`);
        assert.equal(recall.texts.join(''), `Earlier: ${turns.join(' | ')}`);
      }),
    );
  });
});

describe('the waiting message, tool messages and the apology', () => {
  let host;
  before(async () => {
    host = await HostProcess.start({
      env: { OPENAI_WAITING_MESSAGE: 'One moment please.', OPENAI_WAITING_TIMEOUT: '150' },
    });
  });
  after(async () => {
    await host.stop();
  });

  test('the waiting message, a tool message and the apology are each one object per chunk', async () => {
    const call = new CoreCall(host.port, 'core-specials');
    const slow = await call.turn('#delay 600 Here you are.');
    assertCleanAnswer(slow);
    assert.deepEqual(slow.texts.slice(0, 1), ['One moment please.']);
    assert.equal(slow.texts.slice(1).join(''), 'Here you are.');

    const tool = await call.turn('#call collect_info {"name":"Ann"}');
    assertCleanAnswer(tool);
    assert.ok(tool.texts.includes('Thank you, I have noted that.'), JSON.stringify(tool.texts));

    const failing = await call.turn('#http 500');
    assertCleanAnswer(failing);
    assert.deepEqual(failing.texts, [apology]);
  });
});

for (const state of ['conversation', 'local']) {
  test(`a host restart mid-call keeps the call's context (OPENAI_STATE=${state})`, async () => {
    const port = await freePort();
    const env = { OPENAI_STATE: state };
    let host = await HostProcess.start({ port, env });
    const call = new CoreCall(port, `restart-${state}`, { systemName: 'Acme' });
    try {
      for (const transcript of ['My name is Ann.', 'I live in Rome.']) {
        assertCleanAnswer(await call.turn(transcript));
      }
      assert.deepEqual(await host.stop(), { code: 0, signal: null });
      host = await HostProcess.start({ port, env });
      const recall = await call.turn('#recall');
      assertCleanAnswer(recall);
      assert.equal(
        recall.texts.join(''),
        'Earlier: user: My name is Ann. | assistant: You said: My name is Ann. | ' +
          'user: I live in Rome. | assistant: You said: I live in Rome.',
      );
      // After the seed, the call goes on as a known call.
      const next = await call.turn('#recall');
      assert.match(next.texts.join(''), /user: #recall \| assistant: Earlier: user: My name is Ann\./);
    } finally {
      await host.stop();
    }
  });
}
