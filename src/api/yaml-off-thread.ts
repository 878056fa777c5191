import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { parse as parseYaml } from 'yaml';
import { errors } from './errors.js';

/** Bodies up to this size parse on the event loop: a few milliseconds at most. */
export const INLINE_YAML_BYTES = 64 * 1024;
/** Larger YAML parses in a worker thread, which is ended past this. */
export const YAML_PARSE_TIMEOUT_MS = 10_000;
const MAX_WORKERS = 2;

// uniqueKeys: the library checks each key against every other (2 minutes for 60,000 keys);
// a repeated key's last value wins, as JSON.parse has it.
// An eval'd worker is CommonJS: it loads the same yaml package by absolute path. It answers JSON
// text, so a value too deep to serialize fails there, not here.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { parse } = require(workerData.yaml);
parentPort.once('message', (text) => {
  let answer;
  try { answer = { json: JSON.stringify(parse(text, { logLevel: 'error', uniqueKeys: false })) ?? 'null' }; }
  catch (err) { answer = { error: String((err && err.message) || err) }; }
  parentPort.postMessage(answer);
});`;

let yamlPath: string | undefined;
let running = 0;

function yamlError(message: string): Error {
  return errors.badRequest(`error decoding YAML: ${message.split('\n')[0]}`);
}

/**
 * Parses a YAML body without holding the event loop: a 2 MB document takes the yaml library
 * seconds, which every other request would wait for if it ran here.
 */
export async function parseYamlBody(text: string): Promise<unknown> {
  if (text.length <= INLINE_YAML_BYTES) {
    try {
      return parseYaml(text, { logLevel: 'error', uniqueKeys: false });
    } catch (err) {
      throw yamlError((err as Error).message);
    }
  }
  if (running >= MAX_WORKERS)
    throw errors.tooManyRequests('too many large YAML bodies are being decoded, please try again later');
  running++;
  yamlPath ??= createRequire(import.meta.url).resolve('yaml');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { yaml: yamlPath },
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  try {
    const answer = await new Promise<{ json?: string; error?: string }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(yamlError(`the document took longer than ${YAML_PARSE_TIMEOUT_MS / 1000}s to parse`)),
        YAML_PARSE_TIMEOUT_MS,
      );
      worker.once('message', (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(yamlError(err.message));
      });
      worker.postMessage(text);
    });
    if (answer.error !== undefined) throw yamlError(answer.error);
    return JSON.parse(answer.json!);
  } finally {
    running--;
    void worker.terminate();
  }
}
