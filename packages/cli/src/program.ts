import type { VendorDefinition } from '@jobwire/core/definition';
import { Command, CommanderError, Option } from 'commander';
import { parseDuration } from './durations.js';
import { ExitCode, exitCodesHelp } from './exit-codes.js';
import { envName, fieldFlag, settingFlag, urlSetting } from './flags.js';
import { type Io, processIo, writeLine } from './io.js';
import { cliVersion, discoverVendors, loadDefinition, type VendorPackage, vendorPackage } from './vendors.js';

/** The commands whose first argument is a vendor: they take that vendor's flags. */
const vendorCommands = new Set(['status', 'wait', 'cancel', 'check', 'start']);

/**
 * The definition of the vendor a vendor command names, loaded before the command line is parsed so
 * that its flags can be declared: the first argument after the command that is a known vendor id.
 * Only that vendor's code is loaded; none for other commands or when no known vendor is named.
 */
async function namedDefinition(argv: readonly string[], vendors: readonly VendorPackage[]) {
  if (!vendorCommands.has(argv[0] ?? '')) return undefined;
  const id = argv.slice(1).find((arg) => vendors.some((v) => v.id === arg));
  const vendor = vendors.find((v) => v.id === id);
  return vendor ? loadDefinition(vendor) : undefined;
}

/** `--url`, and the vendor's non-secret settings (`check`-only ones for `check`), with the common options. */
function addConnectionOptions(command: Command, definition: VendorDefinition | undefined, forCheck = false): Command {
  command.option('--url <value>', urlSetting.description);
  for (const setting of definition?.settings ?? []) {
    const flag = settingFlag(setting);
    if (flag === undefined || setting.key === urlSetting.key || (setting.checkOnly && !forCheck)) continue;
    command.option(`${flag} <value>`, setting.description);
  }
  if (definition === undefined) {
    // No known vendor named: let the command run to say so, rather than reject the vendor's flags.
    command.allowUnknownOption();
  }
  return command
    .option('--env-file <path>', 'read JOBWIRE_* variables (secrets included) from a dotenv file')
    .option('--request-timeout <duration>', 'timeout of each request (default 30s)', parseDuration)
    .option('--json', 'print JSON for scripts')
    .option('--verbose', 'show each request and answer (redacted, with timings) and each retry on stderr');
}

/** What `jobwire <command> <vendor> --help` adds: the vendor, its ids and its variables. */
function vendorHelp(definition: VendorDefinition | undefined, command: string): string {
  if (definition === undefined) {
    return `\nThe vendor's own flags and variables: jobwire ${command} <vendor> --help`;
  }
  const settings = [urlSetting, ...definition.settings];
  const names = settings.map((s) => `${envName(definition.id, s.key)}${s.secret ? ' (secret)' : ''}`);
  const width = Math.max(...names.map((name) => name.length));
  const lines = settings.map((s, i) => `  ${names[i]?.padEnd(width)}  ${s.description}${s.checkOnly ? ' (check only)' : ''}`);
  return [
    '',
    `${definition.title} (${definition.id}); a job id is ${definition.idHelp}`,
    '',
    'Environment (flags win; secrets only from the environment or --env-file):',
    ...lines,
  ].join('\n');
}

/** Vendors for the top-level `--help`, from their package.json files (no vendor code loaded). */
function vendorsHelp(vendors: readonly VendorPackage[]): string {
  if (vendors.length === 0) return 'Vendors: none installed (add a @jobwire/<vendor> package beside @jobwire/cli)';
  const width = Math.max(...vendors.map((v) => v.id.length));
  return `Vendors:\n${vendors.map((v) => `  ${v.id.padEnd(width)}${v.title === v.id ? '' : `  ${v.title}`}`.trimEnd()).join('\n')}`;
}

/**
 * Runs the `jobwire` command line and resolves with its exit code. Never writes anywhere but `io`,
 * and never exits the process: `bin.ts` does.
 */
export async function run(argv: readonly string[], io: Io = processIo, signal?: AbortSignal): Promise<ExitCode> {
  let json = argv.includes('--json');
  let code: ExitCode = ExitCode.ok;
  try {
    const vendors = discoverVendors();
    const named = await namedDefinition(argv, vendors);
    const vendorList = vendors.map((v) => v.id).join(', ') || 'none installed';
    // The vendor a command was given: the one loaded up front, or (any other name) an unknown-vendor error.
    const definitionOf = async (vendor: string) =>
      named?.id === vendor ? named : loadDefinition(vendorPackage(vendors, vendor));

    const program = new Command('jobwire')
      .description('Start, check on, wait for or cancel a job on an orchestration product, or run the simulators.')
      .version(cliVersion, '-V, --version', 'print the version of jobwire')
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
      .showHelpAfterError()
      .addHelpText(
        'after',
        `\n${vendorsHelp(vendors)}\n\n${exitCodesHelp}\n\nSettings come from flags or JOBWIRE_<VENDOR>_<SETTING> variables (secrets only from variables);\njobwire <command> <vendor> --help lists a vendor's.`,
      );

    const vendorCommand = (name: string, description: string, forCheck = false) =>
      addConnectionOptions(
        program.command(name).description(description).argument('<vendor>', `one of ${vendorList}`),
        named,
        forCheck,
      ).addHelpText('after', vendorHelp(named, name));
    const jobCommand = (name: string, description: string) =>
      vendorCommand(name, description).argument('<id>', named ? named.idHelp : 'the job id as the product shows it');
    const waitOptions = (command: Command) =>
      command
        .option('--timeout <duration>', 'give up waiting after this long (exit 4), e.g. 10m', parseDuration)
        .option('--min-delay <duration>', 'shortest delay between polls (default 1s)', parseDuration)
        .option('--max-delay <duration>', 'longest delay between polls (default 30s)', parseDuration);

    jobCommand('status', 'print a job’s status once').action(async (vendor, id, flags) => {
      const { statusCommand } = await import('./commands/job.js');
      code = await statusCommand(await definitionOf(vendor), id, flags, io, signal);
    });
    waitOptions(jobCommand('wait', 'wait until a job is done, showing progress; the exit code says how it ended')).action(
      async (vendor, id, flags) => {
        const { waitCommand } = await import('./commands/job.js');
        code = await waitCommand(await definitionOf(vendor), id, flags, io, signal);
      },
    );
    jobCommand('cancel', 'cancel a job').action(async (vendor, id, flags) => {
      const { cancelCommand } = await import('./commands/job.js');
      code = await cancelCommand(await definitionOf(vendor), id, flags, io, signal);
    });

    const start = vendorCommand('start', 'start a job and print its id; with --wait, wait for it as `wait` does');
    if (named?.start) {
      for (const field of named.start.fields) {
        const flag = fieldFlag(field);
        // A field that is also a connection setting (a process to run…) shares its flag.
        if (flag === undefined || start.options.some((o) => o.long === flag)) continue;
        const notes = [field.json ? 'JSON text' : '', field.required ? 'required' : ''].filter(Boolean).join(', ');
        start.option(`${flag} <value>`, `${field.description}${notes ? ` (${notes})` : ''}`);
      }
    }
    waitOptions(
      start
        .option('--input-file <path>', 'a JSON object of the start’s fields (flags override it)')
        .option('--wait', 'wait for the job; the exit code says how it ended, as for `wait`'),
    ).action(async (vendor, flags) => {
      const { startCommand } = await import('./commands/start.js');
      code = await startCommand(await definitionOf(vendor), flags, io, signal);
    });

    vendorCommand(
      'check',
      'probe a server with the conformance checks: read-only unless --writes; every response validated against the spec',
      true,
    )
      .option('--writes', 'also start, wait for and cancel jobs (or set JOBWIRE_LIVE_WRITES=1)')
      .option('--report <file>', 'write the JSON report to a file')
      .option('--record <dir>', 'write every request and answer (secrets redacted) into a recording directory')
      .option('--anonymize', 'with --record: also replace host names, user names and ids by placeholders')
      .addOption(
        new Option(
          '--replay <dir>',
          'answer from a recording instead of a server (its settings and writes; no URL or credentials)',
        ).conflicts(['record', 'url']),
      )
      .action(async (vendor, flags) => {
        const { checkCommand } = await import('./commands/check.js');
        code = await checkCommand(await definitionOf(vendor), flags, io, signal);
      });

    // `simulate` and `demo` take any number of vendors, all installed ones by default.
    const definitionsOf = async (names: readonly string[]) => {
      const { chosenDefinitions } = await import('./simulators.js');
      return chosenDefinitions(vendors, names);
    };
    const simulatorCommand = (name: string, description: string) =>
      program
        .command(name)
        .description(description)
        .argument('[vendors...]', `any of ${vendorList} (default: all)`)
        .option('--json', 'print JSON for scripts');
    simulatorCommand('simulate', 'run simulators on 127.0.0.1 until Ctrl-C, printing how to reach them')
      .option('--queued <duration>', 'how long jobs stay queued', parseDuration)
      .option('--running <duration>', 'how long jobs run', parseDuration)
      .addOption(new Option('--outcome <outcome>', 'how jobs end').choices(['succeeded', 'failed', 'cancelled']))
      .action(async (names, flags) => {
        const { simulateCommand } = await import('./commands/simulate.js');
        code = await simulateCommand(await definitionsOf(names), flags, io, signal ?? new AbortController().signal);
      });
    simulatorCommand('demo', 'run a job and cancel one on every simulator, then summarise').action(async (names, flags) => {
      const { demoCommand } = await import('./commands/demo.js');
      code = await demoCommand(await definitionsOf(names), flags, io, signal);
    });

    // Durable waits on Redis (@jobwire/bullmq, not a dependency: loaded only by these two commands).
    const redisOptions = (command: Command) =>
      command
        .option('--redis <url>', 'the Redis holding the watches, redis://host:port (or JOBWIRE_REDIS_URL)')
        .option('--prefix <prefix>', 'key prefix of the watch queues (default jobwire)')
        .option('--env-file <path>', 'read JOBWIRE_* variables (secrets included) from a dotenv file');
    waitOptions(
      redisOptions(
        program
          .command('watch')
          .description('add a durable watch of a job, polled by any `jobwire worker`; with --wait, wait for its result')
          .argument('<vendor>', `one of ${vendorList}`)
          .argument('<id>', 'the job id, as `jobwire status` takes it'),
      )
        .option('--wait', 'wait for the result; the exit code says how the job ended, as for `wait`')
        .option('--json', 'print JSON for scripts'),
    ).action(async (vendor, id, flags) => {
      const { watchCommand } = await import('./commands/watch.js');
      code = await watchCommand(vendorPackage(vendors, vendor), id, flags, io, signal);
    });
    redisOptions(
      program
        .command('worker')
        .description('poll the durable watches of the vendors until Ctrl-C (default: every vendor whose URL is set)')
        .argument('[vendors...]', `any of ${vendorList}`),
    )
      .option('--concurrency <n>', 'polls in flight at once per vendor in this worker (default 10)')
      .option('--rate <max/duration>', 'at most max polls per duration per vendor, across all workers, e.g. 20/1s')
      .option('--request-timeout <duration>', 'timeout of each request (default 30s)', parseDuration)
      .option('--verbose', 'show each request, and each poll, on stderr')
      .action(async (names, flags) => {
        const { workerCommand } = await import('./commands/worker.js');
        code = await workerCommand(vendors, names, flags, io, signal ?? new AbortController().signal);
      });

    program.hook('preAction', (_program, command) => {
      json = command.opts().json === true;
    });
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
    const { errorJson, errorMessage, exitCodeForError } = await import('./failure.js');
    if (json) writeLine(io.stdout, JSON.stringify(errorJson(error)));
    writeLine(io.stderr, `jobwire: ${errorMessage(error)}`);
    return exitCodeForError(error);
  }
}
