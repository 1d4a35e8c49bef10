// Headless Chromium (the system's, driven by playwright-core) and a loopback server for a bundled
// app's page. The tests skip, saying why, when no Chromium binary is found (CI installs Debian's
// `chromium`).
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import type { Bundle } from './bundlers.js';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter((path): path is string => Boolean(path));
const executablePath = candidates.find((path) => existsSync(path));

/** Why the browser tests are skipped (no Chromium binary), or undefined when they run. */
export const skipReason = executablePath
  ? undefined
  : `no Chromium binary found (looked for ${candidates.join(', ')}): install one (apt-get install chromium) or set CHROMIUM_PATH`;
if (skipReason) console.warn(`[browser tests skipped] ${skipReason}`);

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
}

/** A running page server: its URL, and how to stop it. */
export interface ServedPage {
  url: string;
  close(): Promise<void>;
}

/** Serves the bundle's files and, at any other path, a page that loads its entry as a module script, on 127.0.0.1. */
export async function servePage(bundle: Bundle): Promise<ServedPage> {
  const server = createServer((req, res) => {
    const file = bundle.files.get(new URL(req.url ?? '/', 'http://page').pathname);
    if (file !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(file);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>jobwire</title><script type="module" src="${bundle.entry}"></script>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
