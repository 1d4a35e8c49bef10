// Reads back everything a Redis holds, every key of every type, as text, to look for secrets in it.
import type { Redis } from 'ioredis';

/** One key and its whole content as text (name, members, fields, values, scores, stream entries). */
export interface KeyText {
  readonly key: string;
  readonly type: string;
  readonly text: string;
}

/** Every key of the Redis (SCAN, all of them) with its content; throws on a type it cannot read. */
export async function scanRedis(client: Redis): Promise<KeyText[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'COUNT', 1000);
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== '0');
  const out: KeyText[] = [];
  for (const key of [...keys].sort()) {
    const type = await client.type(key);
    let parts: unknown[];
    switch (type) {
      case 'string':
        parts = [await client.get(key)];
        break;
      case 'hash':
        parts = Object.entries(await client.hgetall(key)).flat();
        break;
      case 'list':
        parts = await client.lrange(key, 0, -1);
        break;
      case 'set':
        parts = await client.smembers(key);
        break;
      case 'zset':
        parts = await client.zrange(key, 0, -1, 'WITHSCORES');
        break;
      case 'stream':
        parts = (await client.xrange(key, '-', '+')).flat(2);
        break;
      case 'none':
        continue; // removed since the SCAN
      default:
        throw new Error(`scanRedis: cannot read ${key} of type ${type}`);
    }
    out.push({ key, type, text: [key, ...parts.map(String)].join('\n') });
  }
  return out;
}

/** The keys whose text holds any of `forms`, with the form found. */
export function keysHolding(
  keys: readonly KeyText[],
  forms: readonly string[],
): Array<{ key: string; type: string; form: string }> {
  const found: Array<{ key: string; type: string; form: string }> = [];
  for (const { key, type, text } of keys) {
    const form = forms.find((candidate) => text.includes(candidate));
    if (form !== undefined) found.push({ key, type, form });
  }
  return found;
}
