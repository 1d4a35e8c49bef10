import { readFile } from 'node:fs/promises';
import type { Settings, StartInput, VendorDefinition } from '@jobwire/core/definition';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { fieldFlag } from '../flags.js';
import { type Io, writeLine } from '../io.js';
import { connect, resolveSettings, withEnvFile } from '../settings.js';
import { cliInstrumentation } from '../telemetry.js';
import { clientOptions, type WaitFlags, waitForJob, withSession } from './job.js';

/** Flags of `jobwire start`, besides the connection flags and the start's own fields. */
export interface StartFlags extends WaitFlags {
  inputFile?: string;
  wait?: boolean;
}

async function readInputFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --input-file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--input-file ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--input-file ${path} must hold a JSON object of the start's fields`);
  }
  return value as Record<string, unknown>;
}

/**
 * What to start: the fields of `--input-file`, overridden by their flags (`json` fields parsed from
 * JSON text). A field that is also a connection setting of the vendor (ELMA's `process`) shares its
 * flag, and so its variable: `settings` fill what neither gave. A required field given nowhere is a
 * usage error naming its flag.
 */
export async function startInput(definition: VendorDefinition, flags: StartFlags, settings: Settings = {}): Promise<StartInput> {
  const input: Record<string, unknown> = flags.inputFile ? await readInputFile(flags.inputFile) : {};
  for (const field of definition.start.fields) {
    const flag = fieldFlag(field);
    const text = flag === undefined ? undefined : flags[field.key];
    if (typeof text !== 'string') continue;
    if (!field.json) {
      input[field.key] = text;
      continue;
    }
    try {
      input[field.key] = JSON.parse(text) as unknown;
    } catch {
      throw new UsageError(`${flag} takes JSON text, e.g. ${flag} '{"name":"value"}'`);
    }
  }
  for (const setting of definition.settings) {
    const shared = !setting.secret && !setting.checkOnly && definition.start.fields.some((f) => f.key === setting.key);
    if (shared && input[setting.key] === undefined && settings[setting.key] !== undefined)
      input[setting.key] = settings[setting.key];
  }
  const missing = definition.start.fields.filter(
    (field) => field.required && (input[field.key] === undefined || input[field.key] === null || input[field.key] === ''),
  );
  if (missing.length > 0) {
    const names = missing.map((field) => fieldFlag(field) ?? `"${field.key}" in --input-file`);
    throw new UsageError(`starting ${definition.start.what} on ${definition.id} needs ${names.join(', ')}`);
  }
  return input;
}

/**
 * `jobwire start <vendor>`: starts a job from its fields and prints its id; with `--wait`, then waits
 * for it as `jobwire wait` does, with the same progress and exit codes.
 */
export async function startCommand(definition: VendorDefinition, flags: StartFlags, io: Io, signal?: AbortSignal) {
  // Every definition has a start today; one without (or whose session lacks startJob) is refused, not crashed on.
  if (definition.start === undefined) throw new UsageError(`${definition.id} cannot start jobs from jobwire`);
  const settings = resolveSettings(definition, flags, withEnvFile(io.env, flags.envFile));
  const input = await startInput(definition, flags, settings);
  return withSession(
    connect(definition, settings, clientOptions(definition, settings, flags, io, await cliInstrumentation(io))),
    async (session) => {
      if (typeof session.startJob !== 'function') throw new UsageError(`${definition.id} cannot start jobs from jobwire`);
      let id: string;
      try {
        id = await session.startJob(input, { signal });
      } catch (error) {
        // A definition refuses a start it cannot make with a RangeError (a field of the wrong shape), before any request.
        if (error instanceof RangeError) throw new UsageError(`${definition.id}: ${error.message}`, { cause: error });
        throw error;
      }
      if (flags.wait) {
        // With --json, the final status (which holds the id) is the one JSON object printed.
        if (!flags.json) writeLine(io.stdout, id);
        return waitForJob(session, definition, id, flags, io, signal);
      }
      writeLine(io.stdout, flags.json ? JSON.stringify({ vendor: definition.id, id }) : id);
      return ExitCode.ok;
    },
  );
}
