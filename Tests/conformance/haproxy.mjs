// A real HAProxy in front of several hosts, configured from deploy/haproxy.cfg with the
// hosts' loopback ports in place of its server lines.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

export class HAProxy {
  static async start(port, hostPorts) {
    const template = readFileSync(path.resolve('deploy/haproxy.cfg'), 'utf8');
    const servers = hostPorts.map((hostPort, i) => `    server avr${i + 1} 127.0.0.1:${hostPort} check`).join('\n');
    const config = template
      .replace(/^\s*server avr.*$\n?/gm, '')
      .replace(/^(backend avr_hosts[\s\S]*)$/m, (backend) => `${backend.trimEnd()}\n${servers}\n`)
      .replace('bind :6004', `bind 127.0.0.1:${port}`);
    const folder = mkdtempSync(path.join(tmpdir(), 'avr-haproxy-'));
    const file = path.join(folder, 'haproxy.cfg');
    writeFileSync(file, config);
    const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const proxy = new HAProxy(child, folder, port);
    await proxy.#listening();
    return proxy;
  }

  constructor(child, folder, port) {
    this.child = child;
    this.folder = folder;
    this.port = port;
    this.log = '';
    child.stdout.on('data', (d) => (this.log += d));
    child.stderr.on('data', (d) => (this.log += d));
    this.exited = new Promise((resolve) => child.on('exit', resolve));
  }

  async #listening() {
    let exited = false;
    this.exited.then(() => (exited = true));
    for (let attempt = 0; attempt < 200 && !exited; attempt++) {
      const connected = await new Promise((resolve) => {
        const socket = net.connect(this.port, '127.0.0.1', () => resolve(socket.end() && true));
        socket.on('error', () => resolve(false));
      });
      if (connected) return;
      // Polling a port that has no event to wait for: HAProxy does not say when it listens.
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`haproxy did not listen on ${this.port}:\n${this.log}`);
  }

  async stop() {
    this.child.kill('SIGTERM');
    await this.exited;
    rmSync(this.folder, { recursive: true, force: true });
  }
}
