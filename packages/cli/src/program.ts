import { Command, CommanderError, Option } from 'commander';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { cancelCommand, errorJson, statusCommand, waitCommand } from './commands/job.js';
import { simulateCommand } from './commands/simulate.js';
import { parseDuration } from './durations.js';
import { ExitCode, exitCodeForError, exitCodesHelp } from './exit-codes.js';
import { type Io, processIo, writeLine } from './io.js';
import { envName, flagName, urlSetting } from './settings.js';
import { adapters } from './vendors/index.js';

const vendorList = adapters.map((a) => a.vendor).join(', ');

/** Connection flags: `--url` and every vendor's non-secret settings, each listed once. */
function addConnectionOptions(command: Command, forCheck = false): Command {
  const seen = new Set<string>();
  for (const adapter of adapters) {
    for (const setting of [urlSetting, ...adapter.settings]) {
      if (setting.secret || (setting.checkOnly && !forCheck) || seen.has(setting.key)) continue;
      seen.add(setting.key);
      const users = adapters.filter((a) => setting === urlSetting || a.settings.some((s) => s.key === setting.key && !s.secret));
      const scope = users.length === adapters.length ? '' : ` (${users.map((a) => a.vendor).join(', ')})`;
      command.option(`--${flagName(setting.key)} <value>`, `${setting.description}${scope}`);
    }
  }
  return command
    .option('--env-file <path>', 'read JOBWIRE_* variables (secrets included) from a dotenv file')
    .option('--request-timeout <duration>', 'timeout of each request (default 30s)', parseDuration)
    .option('--json', 'print JSON for scripts');
}

function environmentHelp(): string {
  const lines = adapters.map((a) => {
    const names = [urlSetting, ...a.settings].map((s) => `${envName(a.vendor, s.key)}${s.secret ? ' (secret)' : ''}`);
    return `  ${a.vendor}:\n    ${names.join('\n    ')}`;
  });
  return `Environment (flags win; secrets only from the environment or --env-file):\n${lines.join('\n')}`;
}

/**
 * Runs the `jobwire` command line and resolves with its exit code. Never writes anywhere but `io`,
 * and never exits the process: `bin.ts` does.
 */
export async function run(argv: readonly string[], io: Io = processIo, signal?: AbortSignal): Promise<ExitCode> {
  let json = false;
  let code: ExitCode = ExitCode.ok;
  const program = new Command('jobwire')
    .description('Check on, wait for or cancel a job on an orchestration product, or run the simulators.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError()
    .addHelpText('after', `\nVendors: ${vendorList}\n\n${exitCodesHelp}\n\n${environmentHelp()}`);

  const jobCommand = (name: string, description: string) =>
    addConnectionOptions(
      program
        .command(name)
        .description(description)
        .argument('<vendor>', `one of ${vendorList}`)
        .argument('<id>', 'the job id (work order id, task id…) as the product shows it'),
    ).hook('preAction', (command) => {
      json = command.opts().json === true;
    });

  jobCommand('status', 'print a job’s status once').action(async (vendor, id, flags) => {
    code = await statusCommand(vendor, id, flags, io, signal);
  });
  jobCommand('wait', 'wait until a job is done, showing progress; the exit code says how it ended')
    .option('--timeout <duration>', 'give up after this long (exit 4), e.g. 10m', parseDuration)
    .option('--min-delay <duration>', 'shortest delay between polls (default 1s)', parseDuration)
    .option('--max-delay <duration>', 'longest delay between polls (default 30s)', parseDuration)
    .action(async (vendor, id, flags) => {
      code = await waitCommand(vendor, id, flags, io, signal);
    });
  jobCommand('cancel', 'cancel a job').action(async (vendor, id, flags) => {
    code = await cancelCommand(vendor, id, flags, io, signal);
  });

  addConnectionOptions(
    program
      .command('check')
      .description(
        'probe a server with the conformance checks: read-only unless --writes; every response validated against the spec',
      )
      .argument('<vendor>', `one of ${vendorList}`)
      .option('--writes', 'also start, wait for and cancel jobs (or set JOBWIRE_LIVE_WRITES=1)')
      .option('--report <file>', 'write the JSON report to a file'),
    true,
  )
    .hook('preAction', (command) => {
      json = command.opts().json === true;
    })
    .action(async (vendor, flags) => {
      code = await checkCommand(vendor, flags, io, signal);
    });

  const simulatorOptions = (command: Command) =>
    command
      .argument('[vendors...]', `any of ${vendorList} (default: all)`)
      .option('--json', 'print JSON for scripts')
      .hook('preAction', (c) => {
        json = c.opts().json === true;
      });
  simulatorOptions(
    program.command('simulate').description('run simulators on 127.0.0.1 until Ctrl-C, printing how to reach them'),
  )
    .option('--queued <duration>', 'how long jobs stay queued', parseDuration)
    .option('--running <duration>', 'how long jobs run', parseDuration)
    .addOption(new Option('--outcome <outcome>', 'how jobs end').choices(['succeeded', 'failed', 'cancelled']))
    .action(async (vendors, flags) => {
      code = await simulateCommand(vendors, flags, io, signal ?? new AbortController().signal);
    });
  simulatorOptions(program.command('demo').description('run a job and cancel one on every simulator, then summarise')).action(
    async (vendors, flags) => {
      code = await demoCommand(vendors, flags, io, signal);
    },
  );

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (signal?.aborted && error === signal.reason) {
      writeLine(io.stderr, 'jobwire: interrupted');
      return ExitCode.usage;
    }
    if (json) writeLine(io.stdout, JSON.stringify(errorJson(error)));
    writeLine(io.stderr, `jobwire: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodeForError(error);
  }
}
