import { Argument, Command, CommanderError, Option } from 'commander';
import { addCommonOptions, addConnectionOptions, collectValues, FAIL_ON, oneContext, podNameArg, resolveLang, type CommonOptions } from './commands/common.js';
import { SORT_BY, type SortBy } from './report/build.js';
import { WORKLOAD_RESOURCES, type WorkloadKind } from './report/workload-view.js';
import { ERROR_WORDS, renderError } from './render/error-texts.js';
import { LANGS, type Lang } from './lang.js';
import { runService } from './commands/service.js';
import { runDiagnosis } from './commands/run.js';
import { KdiagError } from './errors.js';
import { packageVersion } from './paths.js';
import { checkOutputFile, writeOutputFile } from './util/output-file.js';

const EXAMPLES = `
Examples:
  kdiag pod web-7d9f8c6b5-x2kqz -n shop        why is this pod failing?
  kdiag scan -n shop                          every failing pod of a namespace
  kdiag ingress shop -n shop                  Ingress -> Service -> pods: where does the chain break?
  kdiag deployment api -n shop                a Deployment's rollout, its pods by cause, its findings
  kdiag scan -A -o json | jq '.pods[].findings[0].ruleId'
  kdiag scan -A -l app=web --context prod
  kdiag scan -A --context prod --context staging   several clusters in one report (--all-contexts: all)
  kdiag dump -A -o cluster.json              save what a scan reads; later: kdiag scan -A --from cluster.json
  kdiag scan -A --from dump/                  offline, on a 'kubectl cluster-info dump --output-directory dump/'
  kubectl get pods,events -A -o json > s.json && kdiag scan -A --from s.json
  kubectl get pods,events -A -o json | kdiag scan -A --from -
  kdiag scan -A --field-selector spec.nodeName=node-1 -o wide --sort-by restarts
  kdiag scan -n shop -w                       keep watching: a line when a pod's primary cause appears, changes or clears

  kdiag version -o json                       kdiag's, Node's and the API server's versions
  kdiag lint -f k8s/                          check manifests offline: typos in fields, selectors, ports, references

  kdiag rules lint my-rules/                   check your own rules
  kdiag rules test my-rules/                   run their fixtures (my-rules/fixtures/<id>/fire-*, pass-*)

Exit codes: 0 no finding of severity warning or worse, 1 findings (rules test: a failing case),
2 usage/snapshot/rule-file/config error or pod not found, 3 cannot reach or authenticate to the
cluster (several contexts: any of them), 4 internal error (a bug).`;

/** The command (`kdiag scan`, `kdiag rules lint`) each commander error was raised for, for its hint. */
const commandOf = new WeakMap<CommanderError, string>();

/** Commander's exit callback for `command`: remembers the command, then throws the error to {@link main}. */
function exitFor(command: string): (err: CommanderError) => never {
  return (err) => {
    commandOf.set(err, command);
    throw err;
  };
}

/**
 * A commander usage error as a KdiagError: one line in the user's language, and a hint to the
 * command's help. Commander's messages (commander 14, lib/command.js) are read for the option,
 * argument or choices; one that does not read as expected is quoted as it came.
 */
function usageError(e: CommanderError, command: string): KdiagError {
  const hint = { id: 'hint.commandHelp', params: { command } } as const;
  const line = e.message.replace(/^error: /, '').split('\n')[0];
  const suggestion = /\(Did you mean (?:one of )?(.+)\?\)/.exec(e.message)?.[1] ?? null;
  let m: RegExpExecArray | null = null;
  switch (e.code) {
    case 'commander.unknownOption':
      if ((m = /^unknown option '(.+)'$/.exec(line))) return new KdiagError('usage.unknownOption', { option: m[1], suggestion }, hint);
      break;
    case 'commander.unknownCommand':
      if ((m = /^unknown command '(.+)'$/.exec(line))) return new KdiagError('usage.unknownCommand', { command: m[1], suggestion }, hint);
      break;
    case 'commander.missingArgument':
      if ((m = /^missing required argument '(.+)'$/.exec(line))) return new KdiagError('usage.missingArgument', { argument: m[1] }, hint);
      break;
    case 'commander.optionMissingArgument':
      if ((m = /^option '(.+)' argument missing$/.exec(line))) return new KdiagError('usage.optionMissingValue', { option: m[1] }, hint);
      break;
    case 'commander.invalidArgument':
      if ((m = /^option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/.exec(line))) {
        return new KdiagError('usage.invalidChoice', { option: m[1], value: m[2], choices: m[3].split(', ') }, hint);
      }
      break;
    case 'commander.excessArguments':
      if ((m = /Expected (\d+) arguments? but got (\d+)\.$/.exec(line))) return new KdiagError('usage.excessArguments', { expected: Number(m[1]), got: Number(m[2]) }, hint);
      break;
  }
  return new KdiagError('usage.commandLine', { message: line }, hint);
}

const LINT_HELP = `
Examples:
  kdiag lint -f k8s/                       every .yaml, .yml and .json file of k8s/ (-R: and its subfolders)
  kdiag lint -f deploy.yaml -f svc.yaml -n shop
  helm template . | kdiag lint -f -
  kdiag lint -f k8s/ -o json | jq '.findings[] | select(.severity != "info")'

Checks: manifest-unknown-field (a field the Kubernetes schema does not know: the API server drops it
silently), service-selector-no-match, ingress-backend-service-missing, ingress-backend-port-missing,
probe-port-not-exposed (critical), missing-configmap and missing-secret (info: they may exist in the
cluster). Kinds kdiag does not know (custom resources) are listed as not checked, never as errors.

Exit codes: 0 no finding of severity warning or worse, 1 findings, 2 a path that is not there or
cannot be read, a YAML syntax error (file:line:col) or a document that is no Kubernetes object.`;

const COMPLETION_SETUP = `
Set-up:
  bash        echo 'source <(kdiag completion bash)' >> ~/.bashrc
  zsh         echo 'source <(kdiag completion zsh)' >> ~/.zshrc     (after compinit)
  fish        kdiag completion fish > ~/.config/fish/completions/kdiag.fish
  powershell  kdiag completion powershell | Out-String | Invoke-Expression     (in $PROFILE)`;

/** What a command leaves for {@link main}: the text for stdout (or `--output-file`) and the exit code. */
interface CliResult {
  stdout: string;
  exitCode: number;
  /** `--output-file FILE`: write stdout's text there instead (`-`: stdout). */
  outputFile?: string;
}

/**
 * Builds the commander program. `write` receives stdout text; the exit code is returned by {@link main}.
 * @param name the program name in usage lines and examples: `kdiag`, or `kubectl diag` for the kubectl plugin
 */
function program(result: CliResult, name: string): Command {
  const p = new Command(name)
    .description('Tells you why a Kubernetes pod is failing and what to do about it. Read-only: kdiag never writes to the cluster.')
    .version(packageVersion(), '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', EXAMPLES.replace(/\bkdiag (?=pod|scan|rules|lint|ingress|deployment|version|dump)/g, `${name} `))
    // usage errors are printed by main(), in kdiag's format and the user's language
    .configureOutput({ outputError: () => undefined })
    .exitOverride(exitFor(name))
    // --output-file of the command that runs (commands/common.ts addCommonOptions), for main() to write
    // and checked before any work, so a long scan does not end in a path that cannot be written
    .hook('preAction', async (_p, action) => {
      result.outputFile = action.opts().outputFile;
      if (result.outputFile !== undefined && result.outputFile !== '-') await checkOutputFile(result.outputFile);
    });

  addCommonOptions(p.command('pod').argument('<name>', 'pod name: NAME, pod/NAME, pods/NAME or po/NAME').description('diagnose one pod in detail: status, causes, remediation, evidence'))
    .option('-w, --watch', 'keep watching the pod: print a line when its primary cause appears, changes or clears (Ctrl-C to stop)')
    .exitOverride(exitFor(`${name} pod`))
    .action(async (name: string, opts: CommonOptions & { watch?: boolean }) => {
      if (opts.watch) return void Object.assign(result, await (await import('./commands/watch.js')).runWatch('pod', opts, { podName: podNameArg(name), allNamespaces: false, all: true }));
      Object.assign(result, await runDiagnosis('pod', opts, { podName: podNameArg(name), allNamespaces: false, all: true }));
    });

  addCommonOptions(p.command('ingress').alias('ing').argument('<name>', 'Ingress name: NAME, ingress/NAME or ing/NAME').description('walk an Ingress: class and controller, each backend Service and port, its endpoints and pods; where the chain breaks'))
    .exitOverride(exitFor(`${name} ingress`))
    .action(async (name: string, opts: CommonOptions) => {
      const { runIngress } = await import('./commands/ingress.js');
      Object.assign(result, await runIngress(name, opts));
    });
  addCommonOptions(
    p
      .command('service')
      .alias('svc')
      .argument('<name>', 'Service name: NAME, svc/NAME, service/NAME or services/NAME')
      .description("follow a Service's chain: its selector, EndpointSlices and pods (each with its primary cause), and where it breaks"),
  )
    .exitOverride(exitFor(`${name} service`))
    .action(async (name: string, opts: CommonOptions) => {
      Object.assign(result, await runService(opts, name));
    });
  // kdiag deployment|statefulset|daemonset|job NAME: one workload, as a view over the namespace scan
  for (const [kind, [command, ...aliases]] of Object.entries(WORKLOAD_RESOURCES) as [WorkloadKind, readonly string[]][]) {
    addCommonOptions(p.command(command).aliases([...aliases].sort((a, b) => a.length - b.length)).argument('<name>', `${kind} name: NAME or ${command}/NAME`).description(`diagnose one ${kind}: rollout state, its pods grouped by cause, its findings`))
      .exitOverride(exitFor(`${name} ${command}`))
      .action(async (arg: string, opts: CommonOptions) => {
        const { runWorkloadView } = await import('./commands/workload.js');
        Object.assign(result, await runWorkloadView(kind, arg, opts));
      });
  }

  addCommonOptions(p.command('scan').description('diagnose the pods, Services, Ingresses, workloads and PVCs of a namespace (-n) or all namespaces (-A), or the pods of a label selection (-l); -w keeps watching'))
    .option('-A, --all-namespaces', 'scan all namespaces')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=cache')
    .option('--field-selector <selector>', 'field selector on the pods, e.g. status.phase=Running,spec.nodeName=node-1 (sent to the API server, as -l)')
    .addOption(new Option('--sort-by <field>', 'order of the pods: severity (most severe first), namespace, name, restarts (most first), age (newest first)').choices([...SORT_BY]).default('severity'))
    .option('--all', 'also list healthy pods')
    .option('--all-contexts', 'scan every context of the kubeconfig (4 clusters at a time), as --context A --context B ... does')
    .option('-w, --watch', "keep watching: print a line whenever a pod's primary cause appears, changes or clears (-o json: one JSON object per line; Ctrl-C to stop)")
    .exitOverride(exitFor(`${name} scan`))
    .action(async (opts: CommonOptions & { allNamespaces?: boolean; selector?: string; fieldSelector?: string; sortBy: SortBy; all?: boolean; watch?: boolean }) => {
      const scope = { allNamespaces: !!opts.allNamespaces, labelSelector: opts.selector, fieldSelector: opts.fieldSelector, all: !!opts.all, sortBy: opts.sortBy };
      if (opts.watch) {
        // one cluster at a time: a watch follows one API server
        if (opts.allContexts) throw new KdiagError('usage.severalContexts', { command: 'kdiag scan -w' });
        oneContext(opts, 'kdiag scan -w');
        const { runWatch } = await import('./commands/watch.js');
        return void Object.assign(result, await runWatch('scan', opts, scope));
      }
      // several clusters: commands/fleet.ts (with --from, one snapshot: the flags are ignored)
      const fleet = opts.allContexts || (opts.context?.length ?? 0) > 1 ? await import('./commands/fleet.js') : null;
      Object.assign(result, fleet?.isFleet(opts) ? await fleet.runFleet(opts, scope) : await runDiagnosis('scan', opts, scope));
    });
  addConnectionOptions(
    p
      .command('dump')
      .description('save what a scan reads (pods, events, nodes, the other kinds, the log tails) into one file that --from reads back: attach it to a bug report')
      .option('-n, --namespace <namespace>', "namespace (default: the context's namespace, else default)")
      .option('-A, --all-namespaces', 'dump all namespaces')
      .option('-l, --selector <selector>', 'label selector on the pods, e.g. app=web (then only pods, events, nodes and logs, as scan -l reads)')
      .option('--field-selector <selector>', 'field selector on the pods, e.g. status.phase=Running')
      .option('-o, --output <file>', 'write to FILE (atomically: a temporary file, then renamed); - for standard output')
      .option('--redact', 'mask secrets: env var values, command/args, messages, logs and last-applied-configuration through the --redact patterns'),
  )
    .option('--lang <lang>', 'language of messages: en, zh, ja')
    .option('-q, --quiet', 'no progress display and no summary line on stderr (errors and warnings still print)')
    .option('--no-color', 'never color the progress display')
    .exitOverride(exitFor(`${name} dump`))
    .action(async (opts: import('./commands/dump.js').DumpOptions) => {
      const { runDump } = await import('./commands/dump.js');
      Object.assign(result, await runDump(opts));
    });

  addConnectionOptions(
    p
      .command('version')
      .description("print kdiag's, Node's and the API server's versions (like kubectl version)")
      .option('--client', 'print the client versions only; do not contact the server')
      .addOption(new Option('-o, --output <format>', 'output format (default: text lines)').choices(['json', 'yaml'])),
  )
    .exitOverride(exitFor(`${name} version`))
    .action(async (opts: import('./commands/version.js').VersionOptions) => {
      const { runVersion } = await import('./commands/version.js');
      const { error, ...out } = await runVersion(opts);
      // the client part is printed even when the server part failed, as kubectl does
      Object.assign(result, out);
      if (error) throw error;
    });
  const rules = p.command('rules').description('list, check and test diagnosis rules (built-in and your own)').exitOverride(exitFor(`${name} rules`));
  rules
    .command('list')
    .description('list the rules in force: id, severity, category, title')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'yaml']).default('table'))
    .option('--rules <dir>', 'also load the rules in this folder (repeatable)', collectValues)
    .option('--disable <id>', 'turn a rule off (repeatable)', collectValues)
    .option('--lang <lang>', 'language of the titles: en, zh, ja')
    .exitOverride(exitFor(`${name} rules list`))
    .action(async (opts: { output: string; rules?: string[]; disable?: string[]; lang?: string }) => {
      const { rulesList } = await import('./commands/rules.js');
      Object.assign(result, rulesList(opts));
    });
  rules
    .command('lint')
    .argument('[path...]', 'rule files or folders (default: the built-in rules)')
    .description('check rule files: schema, YAML, regexes (also catastrophic backtracking), placeholders, duplicate ids; prints file:line:col code message')
    .exitOverride(exitFor(`${name} rules lint`))
    .action(async (paths: string[]) => {
      const { rulesLint } = await import('./commands/rules.js');
      const r = rulesLint(paths);
      process.stderr.write(r.stderr);
      Object.assign(result, { stdout: r.stdout, exitCode: r.exitCode });
    });
  rules
    .command('test')
    .argument('[path...]', 'rule folders (default: the built-in rules and their fixtures)')
    .option('--fixtures <dir>', 'folder with <rule-id>/fire-* and <rule-id>/pass-* snapshots (default: PATH/fixtures)')
    .description('run each rule on its fixtures: fire-* must give it as the primary cause, pass-* must not give it')
    .exitOverride(exitFor(`${name} rules test`))
    .action(async (paths: string[], opts: { fixtures?: string }) => {
      const { rulesTest } = await import('./commands/rules.js');
      Object.assign(result, await rulesTest(paths, opts));
    });
  p.command('lint')
    .description('check Kubernetes manifests offline: unknown fields (a typo the API server drops silently), Services that select no pod, Ingress backends, probe ports, ConfigMaps and Secrets not in the files')
    .requiredOption('-f, --filename <file>', 'a manifest file, a folder (its .yaml, .yml and .json files) or - for standard input (repeatable)', collectValues)
    .option('-R, --recursive', 'also read the subfolders of the folders given with -f')
    .option('-n, --namespace <namespace>', 'the namespace of objects without metadata.namespace (default: default, as kubectl apply)')
    .addOption(new Option('-o, --output <format>', 'output format (sarif: SARIF 2.1.0 at file, line and column, for code scanning)').choices(['table', 'json', 'yaml', 'sarif']).default('table'))
    .option('--lang <lang>', 'language of the messages: en, zh, ja')
    .addOption(new Option('--fail-on <severity>', 'the least severity of a finding that makes the exit code 1 (none: exit 0 whatever is found)').choices([...FAIL_ON]).default('warning'))
    .option('--output-file <file>', 'write the output to FILE (atomically) instead of standard output; - is standard output')
    .addHelpText('after', LINT_HELP.replace(/\bkdiag (?=lint)/g, `${name} `))
    .exitOverride(exitFor(`${name} lint`))
    .action(async (opts: import('./commands/lint.js').LintOptions) => {
      const { runLint } = await import('./commands/lint.js');
      Object.assign(result, await runLint(opts));
    });
  // one cluster per command but scan (commands/fleet.ts): several --context is a usage error, before any work
  p.hook('preAction', (_p, action) => {
    if (action.name() !== 'scan' && Array.isArray(action.opts().context)) oneContext(action.opts(), `${name} ${action.name()}`);
  });
  // shell completion (commands/completion.ts): the script, and the hidden command it calls on TAB
  p.command('completion')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish', 'powershell']))
    .description('print the shell completion script (commands, flags, formats, rule ids, and namespaces, contexts and pods from the cluster)')
    .addHelpText('after', COMPLETION_SETUP)
    .exitOverride(exitFor(`${name} completion`))
    .action(async (shell: 'bash' | 'zsh' | 'fish' | 'powershell') => {
      const { completionScript } = await import('./commands/completion.js');
      result.stdout = completionScript(shell);
    });
  p.command('complete', { hidden: true })
    .argument('[words...]', 'the words after kdiag, the last one being completed')
    .description('answer a completion request: kdiag complete -- WORD...')
    .exitOverride(exitFor(`${name} complete`))
    .action(async (words: string[], _opts: unknown, cmd: Command) => {
      // commander drops the `--`; its untyped rawArgs keep it
      if (!(cmd.parent as unknown as { rawArgs: string[] }).rawArgs.includes('--')) cmd.error('error: kdiag complete is called by the completion scripts as `kdiag complete -- WORD...`; see kdiag completion --help');
      const { completeWords } = await import('./commands/completion.js');
      result.stdout = await completeWords(p, words);
    });
  return p;
}

/**
 * Runs kdiag with the given arguments (without `node` and the script). The only place
 * that turns errors into exit codes: KdiagError -> its code (2 or 3), printed from the
 * message catalogs (render/error-texts.ts) in the language of {@link errorLang}; commander
 * usage errors -> 2, printed the same way (see {@link usageError}); help and version -> 0;
 * commander's help after `kdiag` or `kdiag rules` alone -> 2; anything else -> 4 with a one-line
 * "internal error" (stack only with KDIAG_DEBUG=1).
 * @param name the program name for help and usage lines (`kubectl diag` when run as the kubectl plugin)
 */
export async function main(argv: string[], name = 'kdiag'): Promise<number> {
  const result: CliResult = { stdout: '', exitCode: 0 };
  try {
    await program(result, name).parseAsync(argv, { from: 'user' });
    if (result.outputFile !== undefined && result.outputFile !== '-') {
      // the report goes to the file only; a failed write is an error, the report is not printed
      const text = result.stdout;
      result.stdout = '';
      await writeOutputFile(result.outputFile, text);
    } else if (result.stdout) await write(result.stdout);
    return result.exitCode;
  } catch (caught) {
    let e = caught;
    if (e instanceof CommanderError) {
      // help and version are printed by commander itself, and so is the help after a bare
      // `kdiag` or `kdiag rules` (commander.help, to stderr)
      if (e.exitCode === 0) return 0;
      if (e.code === 'commander.help') return 2;
      e = usageError(e, commandOf.get(e) ?? name);
    }
    if (e instanceof KdiagError) {
      // what a command printed before it failed (`kdiag version`: the client part)
      if (result.stdout) await write(result.stdout);
      const lang = errorLang(argv);
      const w = ERROR_WORDS[lang];
      const { text, hint } = renderError(e, lang);
      process.stderr.write(`kdiag: ${w.error}: ${text}\n${hint ? `  ${w.hint}: ${hint}\n` : ''}`);
      return e.exitCode;
    }
    const err = e as Error;
    process.stderr.write(`kdiag: internal error: ${err?.message ?? String(e)} (please report it; KDIAG_DEBUG=1 shows the stack)\n`);
    if (process.env.KDIAG_DEBUG) process.stderr.write(`${err?.stack}\n`);
    return 4;
  }
}

/**
 * The language for an error message: --lang if given and valid, else KDIAG_LANG and the
 * locale (the config file is not read again here: it may be the very thing that is broken).
 */
function errorLang(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  try {
    return resolveLang(flag && (LANGS as string[]).includes(flag) ? flag : undefined);
  } catch {
    return 'en';
  }
}

/** Writes to stdout and resolves once flushed; a closed pipe (`| head`) is not an error. */
function write(s: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.on('error', () => resolve());
    process.stdout.write(s, () => resolve());
  });
}
