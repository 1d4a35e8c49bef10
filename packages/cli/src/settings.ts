import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { ClientOptions } from '@jobwire/core';
import { MissingSettingsError, type Settings, type VendorDefinition, type VendorSession } from '@jobwire/core/definition';
import { UsageError } from './errors.js';
import { envName, settingFlag, urlSetting } from './flags.js';

/**
 * Reads an env file (`KEY=value` lines, as dotenv) into a copy of the environment; the process
 * environment wins, so a file never overrides what the caller set explicitly.
 */
export function withEnvFile(env: NodeJS.ProcessEnv, path: string | undefined): NodeJS.ProcessEnv {
  if (path === undefined) return env;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --env-file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return { ...parseEnv(text), ...env };
}

/**
 * A vendor's settings: each from its flag, else from `JOBWIRE_<VENDOR>_<KEY>`. Secrets are read only
 * from the environment, so they never show in a process list or shell history.
 */
export function resolveSettings(
  definition: VendorDefinition,
  flags: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
): Settings {
  // Commander names a parsed `--client-id` `clientId`: the setting's key.
  const settings: Record<string, string | undefined> = {};
  for (const setting of [urlSetting, ...definition.settings]) {
    const flag = settingFlag(setting) === undefined ? undefined : flags[setting.key];
    const value = typeof flag === 'string' ? flag : env[envName(definition.id, setting.key)];
    settings[setting.key] = value === '' ? undefined : value;
  }
  if (settings.url === undefined) {
    throw new UsageError(`no URL for ${definition.id}: pass --url or set ${envName(definition.id, 'url')}`);
  }
  if (!isHttpUrl(settings.url)) {
    // Named by where it came from, so the user knows what to fix; refused before any request is tried.
    const source = typeof flags.url === 'string' ? '--url' : envName(definition.id, 'url');
    throw new UsageError(`${source}: ${JSON.stringify(maskUrl(settings.url))} is not an absolute http(s) URL`);
  }
  return settings;
}

/** The values of a vendor's secret settings that were given: what `--verbose` scrubs once more from each line. */
export function secretValues(definition: VendorDefinition, settings: Settings): string[] {
  return definition.settings.flatMap((s) => (s.secret && settings[s.key] ? [settings[s.key] as string] : []));
}

/** `http://host…` or `https://host…` with a host: what every vendor's URL must be. */
function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** The text of a refused URL, shown without what could be a secret: user info and query. */
function maskUrl(text: string): string {
  return text.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1***@').replace(/\?.*$/s, '?***');
}

/** Where a setting comes from, for people: `--client-id (or JOBWIRE_…_CLIENT_ID)`, or only the variable for secrets. */
function settingSource(definition: VendorDefinition, key: string): string {
  const setting = key === urlSetting.key ? urlSetting : definition.settings.find((s) => s.key === key);
  const flag = setting && settingFlag(setting);
  const env = envName(definition.id, key);
  return flag ? `${flag} (or ${env})` : env;
}

/**
 * A session from resolved settings. What a definition refuses before any request is a configuration
 * mistake (exit code 2): missing settings are named by their flags and variables.
 */
export function connect(definition: VendorDefinition, settings: Settings, options: ClientOptions): VendorSession {
  try {
    return definition.connect(settings, options);
  } catch (error) {
    if (error instanceof MissingSettingsError) {
      const groups = error.groups.map((group) => group.map((key) => settingSource(definition, key)).join(' + '));
      throw new UsageError(`${definition.id} needs ${groups.join(', or ')}`, { cause: error });
    }
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
