// AVR Core's LLM client, reproduced with Node's own http module: the request core's llm.js sends
// on every caller turn, and the way it reads the answer (JSON.parse of each `data` event on its
// own, sentences split on .!? and recorded as assistant history entries).
import http from 'node:http';

// Node 20's global agent keeps connections alive, as core's axios does.
const agent = new http.Agent({ keepAlive: true });

export class CoreCall {
  // `greeting` set: core's SYSTEM_MESSAGE case (the spoken greeting opens the history);
  // otherwise the system entry core writes from SYSTEM_NAME.
  constructor(port, uuid, { systemName = 'an AI assistant', greeting } = {}) {
    this.port = port;
    this.uuid = uuid;
    this.messages = greeting
      ? [{ role: 'assistant', content: greeting }]
      : [{ role: 'system', content: `You are ${systemName}. You must introduce yourself quickly and concisely.` }];
  }

  // One caller turn (a final transcript or a DTMF digit). Resolves when the answer ends with
  // { status, headers, texts, dataEvents, parseErrors, unknownTypes, endedAt }.
  // `onFirstText` runs at the first text object, for barge-in tests.
  turn(transcript, { onFirstText, headers = {}, body } = {}) {
    this.messages.push({ role: 'user', content: transcript });
    const payload = JSON.stringify(body ?? { uuid: this.uuid, message: transcript, messages: this.messages });
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: '/prompt-stream',
          method: 'POST',
          agent,
          headers: {
            Accept: 'application/json, text/plain, */*',
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
            'User-Agent': 'axios/1.7.9',
            'X-UUID': this.uuid,
            ...headers,
          },
        },
        (response) => {
          const answer = {
            status: response.statusCode,
            headers: response.headers,
            texts: [],
            dataEvents: 0,
            parseErrors: [],
            unknownTypes: [],
            raw: '',
          };
          let pending = '';
          response.on('data', (chunk) => {
            answer.dataEvents += 1;
            const text = chunk.toString();
            answer.raw += text;
            if (answer.status !== 200) return;
            let parsed;
            try {
              parsed = JSON.parse(text);
            } catch (error) {
              answer.parseErrors.push(`${error.message} in ${JSON.stringify(text)}`);
              return;
            }
            if (parsed.type === 'text') {
              if (answer.texts.length === 0 && onFirstText) onFirstText();
              answer.texts.push(parsed.content);
              pending = this.#recordSentences(pending + parsed.content);
            } else if (parsed.type !== 'audio') {
              answer.unknownTypes.push(parsed.type);
            }
          });
          response.on('end', () => {
            this.#recordSentences(pending);
            answer.endedAt = performance.now();
            resolve(answer);
          });
          response.on('error', reject);
          response.on('aborted', () => reject(new Error('the answer was aborted before its end')));
        },
      );
      request.on('error', reject);
      request.end(payload);
      this.lastSentAt = performance.now();
    });
  }

  // Core speaks each complete sentence and adds it to its history as an assistant entry; the
  // rest waits for more text.
  #recordSentences(text) {
    const sentences = text.match(/[^.!?]*[.!?]/g) ?? [];
    for (const sentence of sentences) {
      const cleaned = sentence.replace(/\*+/g, '').replace(/\n+/g, ' ').trim();
      if (cleaned) this.messages.push({ role: 'assistant', content: cleaned });
    }
    return text.replace(/[^.!?]*[.!?]/g, '');
  }
}
