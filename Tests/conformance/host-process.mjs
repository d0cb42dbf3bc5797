// The real avr-host executable as a child process on loopback, answering from its built-in
// OpenAI stand-in (no API key), with its log kept for the tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

export const hostBinary = path.resolve(process.env.AVR_HOST_BIN ?? '.build/debug/avr-host');

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class HostProcess {
  static async start({ port = 0, env = {} } = {}) {
    const folder = mkdtempSync(path.join(tmpdir(), 'avr-conformance-'));
    const config = path.join(folder, 'plugins.json');
    writeFileSync(
      config,
      JSON.stringify({
        plugins: { collect_info: { enabled: true, settings: { data_dir: path.join(folder, 'files') } } },
      }),
    );
    const environment = { ...process.env };
    for (const name of Object.keys(environment)) {
      if (name.startsWith('OPENAI_') || name === 'ADMIN_TOKEN') delete environment[name];
    }
    Object.assign(environment, {
      HOST: '127.0.0.1',
      PORT: String(port),
      PLUGINS_CONFIG: config,
      STAND_IN_TOKEN_DELAY: '1',
      ...env,
    });
    const child = spawn(hostBinary, [], { cwd: folder, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    const host = new HostProcess(child, folder);
    host.port = await host.#listeningPort();
    return host;
  }

  constructor(child, folder) {
    this.child = child;
    this.folder = folder;
    this.log = '';
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const keep = (data) => {
      this.log += data.toString();
      this.onOutput?.();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
  }

  #listeningPort() {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.log.match(/\[avr_host\] listening on 127\.0\.0\.1:(\d+)/);
        if (match) {
          this.onOutput = undefined;
          resolve(Number(match[1]));
        }
      };
      this.onOutput = check;
      check();
      this.exited.then(({ code }) => reject(new Error(`avr-host exited (${code}) before listening:\n${this.log}`)));
    });
  }

  // SIGTERM, as docker stop sends; resolves with the exit.
  async stop() {
    this.child.kill('SIGTERM');
    const exit = await this.exited;
    rmSync(this.folder, { recursive: true, force: true });
    return exit;
  }
}
