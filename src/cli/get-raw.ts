import { answerError, type Client } from '../client/client.js';
import { type Io, writeText } from './io.js';

/** `get --raw PATH`: the server's answer to a GET of PATH, as it is, as kubectl prints it. */
export async function getRaw(client: Client, path: string, io: Io): Promise<void> {
  const res = await client.raw('GET', path, { accept: 'application/json, */*' });
  if (res.status >= 400) throw answerError(res.status, res.body);
  writeText(io, res.body.toString('utf8'));
}
