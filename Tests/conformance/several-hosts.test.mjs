// Several avr-host instances behind a real HAProxy configured from deploy/haproxy.cfg, driven
// by clients that behave like AVR Core: calls stick to one host, and when a host leaves, its
// calls continue on another with the context core's history carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreCall } from './core-client.mjs';
import { HostProcess, freePort } from './host-process.mjs';
import { HAProxy } from './haproxy.mjs';

async function cluster(size) {
  const hosts = [];
  for (let i = 0; i < size; i++) hosts.push(await HostProcess.start({ env: { LOG_LEVEL: 'debug' } }));
  try {
    const proxy = await HAProxy.start(await freePort(), hosts.map((host) => host.port));
    return { hosts, proxy };
  } catch (error) {
    await Promise.all(hosts.map((host) => host.stop()));
    throw error;
  }
}

// How many turns of `uuid` each host started, from their logs.
function turnsPerHost(hosts, uuid) {
  const line = new RegExp(`uuid=${uuid} \\[AVRHost\\] turn started`, 'g');
  return hosts.map((host) => (host.log.match(line) ?? []).length);
}

// Runs `body(item, index)` for every item, at most `limit` at a time.
async function inBatches(items, limit, body) {
  for (let start = 0; start < items.length; start += limit) {
    await Promise.all(items.slice(start, start + limit).map((item, offset) => body(item, start + offset)));
  }
}

function assertClean(answer) {
  assert.equal(answer.status, 200, answer.raw);
  assert.deepEqual(answer.parseErrors, []);
}

const earlier = (i, turns) =>
  turns.map((t) => `user: Call ${i} turn ${t}. | assistant: You said: Call ${i} turn ${t}.`).join(' | ');

test('2 hosts: each call sticks to one host; after kill -9 of one, its calls go on elsewhere with their context', async () => {
  const { hosts, proxy } = await cluster(2);
  const calls = Array.from({ length: 100 }, (_, i) => new CoreCall(proxy.port, `sticky-${i}`));
  try {
    await inBatches(calls, 50, async (call, i) => {
      for (const t of [1, 2]) {
        const answer = await call.turn(`Call ${i} turn ${t}.`);
        assertClean(answer);
        assert.equal(answer.texts.join(''), `You said: Call ${i} turn ${t}.`);
      }
    });
    const homes = calls.map((call) => {
      const counts = turnsPerHost(hosts, call.uuid);
      assert.equal(counts.filter((n) => n > 0).length, 1, `${call.uuid} was answered by ${counts}`);
      return counts.findIndex((n) => n > 0);
    });
    const moved = homes.filter((home) => home === 0).length;
    assert.ok(moved > 0 && moved < calls.length, `host 1 had ${moved} of ${calls.length} calls`);

    hosts[0].child.kill('SIGKILL');
    await hosts[0].exited;
    await inBatches(calls, 50, async (call, i) => {
      assertClean(await call.turn(`Call ${i} turn 3.`));
      const recall = await call.turn('#recall');
      assertClean(recall);
      assert.equal(recall.texts.join(''), `Earlier: ${earlier(i, [1, 2, 3])}`);
    });
    calls.forEach((call, i) => {
      const counts = turnsPerHost(hosts, call.uuid);
      assert.equal(counts[1], homes[i] === 0 ? 2 : 4, `${call.uuid}: ${counts}`);
    });
  } finally {
    await proxy.stop();
    for (const host of hosts) if (host.child.exitCode === null && host.child.signalCode === null) await host.stop();
  }
});

test('2 hosts: a host drained with SIGTERM mid-turn finishes its turns, and not one of 400 turns fails', async () => {
  const { hosts, proxy } = await cluster(2);
  const calls = Array.from({ length: 100 }, (_, i) => new CoreCall(proxy.port, `drain-${i}`));
  try {
    await inBatches(calls, 50, async (call, i) => assertClean(await call.turn(`Call ${i} turn 1.`)));
    const onFirst = calls.filter((call) => turnsPerHost(hosts, call.uuid)[0] > 0);
    assert.ok(onFirst.length > 0, 'no call on the host to drain');
    let drained;
    await Promise.all(
      calls.map(async (call, i) => {
        // A slow answer in flight on every call while the first host is told to stop.
        const answer = await call.turn(`#slow 20 Call ${i} is still talking.`, {
          onFirstText: () => {
            if (call === onFirst[0]) drained = hosts[0].stop();
          },
        });
        assertClean(answer);
        assert.equal(answer.texts.join(''), `Call ${i} is still talking.`);
      }),
    );
    assert.deepEqual(await drained, { code: 0, signal: null });
    await inBatches(calls, 50, async (call, i) => {
      const third = await call.turn(`Call ${i} turn 3.`);
      assertClean(third);
      assert.equal(third.texts.join(''), `You said: Call ${i} turn 3.`);
      const recall = await call.turn('#recall');
      assertClean(recall);
      assert.match(recall.texts.join(''), new RegExp(`^Earlier: user: Call ${i} turn 1\\. .*user: Call ${i} turn 3\\.`));
    });
    // The drained host's calls went on on the other host.
    for (const call of onFirst) assert.equal(turnsPerHost(hosts, call.uuid)[1], 2, call.uuid);
  } finally {
    await proxy.stop();
    for (const host of hosts.slice(1)) await host.stop();
  }
});

test('5 hosts, 1,000 calls: spread across the hosts, and only the calls of a host that leaves move', async () => {
  const { hosts, proxy } = await cluster(5);
  const calls = Array.from({ length: 1000 }, (_, i) => new CoreCall(proxy.port, `spread-${i}`));
  try {
    await inBatches(calls, 100, async (call, i) => assertClean(await call.turn(`Call ${i} turn 1.`)));
    const homes = calls.map((call) => turnsPerHost(hosts, call.uuid).findIndex((n) => n > 0));
    const load = hosts.map((_, h) => homes.filter((home) => home === h).length);
    console.log(`calls per host: ${load.join(', ')} (max/min ${(Math.max(...load) / Math.min(...load)).toFixed(2)})`);
    assert.ok(Math.min(...load) > 0, `calls per host: ${load}`);

    const leaving = load.indexOf(Math.max(...load));
    hosts[leaving].child.kill('SIGKILL');
    await hosts[leaving].exited;
    await inBatches(calls, 100, async (call, i) => assertClean(await call.turn(`Call ${i} turn 2.`)));
    const movedCalls = calls.filter((call, i) => {
      const counts = turnsPerHost(hosts, call.uuid);
      return counts[homes[i]] !== 2;
    });
    console.log(
      `host ${leaving + 1} left: ${movedCalls.length} of ${calls.length} calls moved (${((100 * movedCalls.length) / calls.length).toFixed(1)} %)`,
    );
    // Consistent hashing: exactly the calls of the host that left move, no other.
    assert.equal(movedCalls.length, load[leaving]);
    assert.ok(movedCalls.every((call) => homes[calls.indexOf(call)] === leaving));
  } finally {
    await proxy.stop();
    for (const [h, host] of hosts.entries()) if (host.child.exitCode === null && host.child.signalCode === null) await host.stop();
  }
});
