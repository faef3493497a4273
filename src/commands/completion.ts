import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { RootCommand, script, ShellCompDirective, type Command as TabCommand } from '@bomb.sh/tab';
import type { Command, Option } from 'commander';
import { podColumns } from '../facts/kubectl.js';
import type { KubeObject, PodRaw } from '../objects/index.js';
import { LANGS } from '../lang.js';
import { resolveLang } from './common.js';

/**
 * Shell completion, the way kubectl (cobra) does it: `kdiag completion SHELL` prints a script;
 * on TAB the script runs `kdiag complete -- WORD... CURRENT` and shows the candidates printed,
 * one `value<TAB>description` a line, then a `:<directive>` line (cobra's ShellCompDirective
 * bits: 4 = no file names; 0 = the shell's own file-name completion, for paths).
 *
 * The scripts for bash, zsh, fish and PowerShell, and the matching of the typed words against
 * the command tree (which command, which flag's value, which positional), are @bomb.sh/tab's:
 * its RootCommand is built here from the commander program, so flags, choices and commands
 * are never listed twice. kdiag supplies the values: namespaces, pods, contexts, rule ids.
 *
 * Lookups are quick and quiet: {@link LOOKUP_BUDGET_MS} at most, no retries, no output on
 * stderr, exit code 0. When the cluster (or the snapshot, or the kubeconfig) cannot be read,
 * nothing is offered.
 */

/** The shells `kdiag completion` writes a script for (the choices of its argument in cli.ts). */
export type Shell = 'bash' | 'zsh' | 'fish' | 'powershell';

/**
 * Longest a completion waits for the cluster or a snapshot (ms), all requests together; each
 * request has the same timeout and is not retried. After it, nothing is offered.
 */
export const LOOKUP_BUDGET_MS = 2500;

/** What the values of a flag or positional are. */
type Values =
  | { kind: 'namespaces' | 'pods' | 'contexts' | 'rules' }
  /** the objects of one kind in the namespace (`kdiag service NAME` ...) */
  | { kind: 'objects'; resource: ObjectResource }
  /** paths: the shell's own file-name completion */
  | { kind: 'files' }
  | { kind: 'fixed'; values: Candidate[] };

/** One candidate: what is inserted, and what zsh, fish and PowerShell show beside it. */
export interface Candidate {
  value: string;
  description?: string;
}

const LANG_NAMES: Record<string, string> = { en: 'English', zh: '中文', ja: '日本語' };

/** Values of a flag, by its long name, whatever the command. Other value flags get none. */
const FLAG_VALUES: Record<string, Values> = {
  namespace: { kind: 'namespaces' },
  context: { kind: 'contexts' },
  kubeconfig: { kind: 'files' },
  from: { kind: 'files' },
  // kdiag dump -o FILE (every other -o has choices, which come first)
  output: { kind: 'files' },
  rules: { kind: 'files' },
  fixtures: { kind: 'files' },
  filename: { kind: 'files' },
  'output-file': { kind: 'files' },
  disable: { kind: 'rules' },
  lang: { kind: 'fixed', values: LANGS.map((l) => ({ value: l, description: LANG_NAMES[l] })) },
};

/** Values of positionals, by command path and argument name. */
const ARG_VALUES: Record<string, Values> = {
  'pod name': { kind: 'pods' },
  'service name': { kind: 'objects', resource: 'services' },
  'ingress name': { kind: 'objects', resource: 'ingresses' },
  'deployment name': { kind: 'objects', resource: 'deployments' },
  'statefulset name': { kind: 'objects', resource: 'statefulsets' },
  'daemonset name': { kind: 'objects', resource: 'daemonsets' },
  'job name': { kind: 'objects', resource: 'jobs' },
  'rules lint path': { kind: 'files' },
  'rules test path': { kind: 'files' },
};

/**
 * The completion script for `shell`, calling `kdiag complete -- ...`: @bomb.sh/tab's, with the
 * fixes of {@link fixBash} and {@link fixZsh}.
 * @throws Error when tab's script no longer has the lines the fixes expect (a newer tab: check them again)
 */
export function completionScript(shell: Shell): string {
  const text = printed(() => script(shell, 'kdiag', 'kdiag'));
  return shell === 'bash' ? fixBash(text) : shell === 'zsh' ? fixZsh(text) : text;
}

/** Replaces each `from` of `fixes` once. @throws Error when one is missing */
function patched(text: string, fixes: [string, string][]): string {
  let out = text;
  for (const [from, to] of fixes) {
    if (!out.includes(from)) throw new Error(`@bomb.sh/tab's completion script changed: no line ${JSON.stringify(from.trim())}`);
    out = out.replace(from, to);
  }
  return out;
}

/**
 * tab's zsh script, with a `:` in a candidate escaped for `_describe` as cobra's script does
 * (`\\:`; tab's `\:` loses its backslash), so that an EKS context `arn:aws:eks:...` is one
 * candidate, not `arn` described by the rest.
 */
function fixZsh(text: string): string {
  return patched(text, [['            comp=${comp//:/\\:}\n', '            comp=${comp//:/\\\\:}\n']]);
}

/**
 * Answers one completion request: `words` are the words after `kdiag` up to the cursor, the
 * last being the word being completed (`''` after a space).
 * @param program kdiag's commander program (its commands, flags and choices are completed)
 * @returns candidate lines and the directive line, as the scripts read them; never throws
 */
export async function completeWords(program: Command, words: string[]): Promise<string> {
  try {
    let asked: Values | undefined;
    const found = new Map<string, Candidate[]>();
    const root = completionTree(program, (v) => {
      asked = v;
      return v.kind === 'fixed' ? v.values : (found.get(lookupKey(v)) ?? []);
    });
    // tab decides synchronously what is being completed, and the values of a flag come from
    // a synchronous handler: a first pass finds out which values are asked for, they are
    // looked up, and a second pass prints them
    const spelled = spelledApart(program, canonical(program, words));
    printed(() => root.parse([...spelled]));
    const v = asked as Values | undefined;
    const kind = v?.kind;
    if (v && v.kind !== 'files' && v.kind !== 'fixed') found.set(lookupKey(v), await withBudget(lookup(v, typedFlags(words.slice(0, -1)))));
    const out = printed(() => root.parse([...spelled]));
    // tab always asks for no file names; paths are the shell's to complete
    if (kind === 'files') return out.replace(/^:\d+\n$/m, `:${ShellCompDirective.ShellCompDirectiveDefault}\n`);
    return out;
  } catch {
    return `:${ShellCompDirective.ShellCompDirectiveNoFileComp}\n`;
  }
}

/**
 * tab's command tree for kdiag: every visible command (not `help`) with its flags and
 * positionals; flags with commander choices (`-o`) complete them, the others per
 * {@link FLAG_VALUES} and {@link ARG_VALUES} through `values`.
 */
function completionTree(program: Command, values: (v: Values) => Candidate[]): RootCommand {
  const root = new RootCommand();
  // a command's own flags only: kdiag's root flags (--version) are not taken after a subcommand
  root.optionLookupMode = 'local';
  // the description up to its first aside: zsh and fish show it beside each flag
  const short = (d: string) => d.split(/ \(|; /)[0];
  const handler = (v: Values) =>
    function (complete: (value: string, description: string) => void) {
      for (const c of values(v)) complete(c.value, c.description ?? '');
    };
  const addFlags = (to: TabCommand, cmd: Command) => {
    for (const o of cmd.createHelp().visibleOptions(cmd) as Option[]) {
      const long = o.long?.replace(/^--/, '');
      if (!long) continue;
      const alias = o.short?.replace(/^-/, '');
      if (!(o.required || o.optional)) {
        to.option(long, short(o.description), alias);
        continue;
      }
      const choices = o.argChoices?.map((value) => ({ value }));
      // a value flag always gets a handler: tab takes a flag without one for a boolean
      to.option(long, short(o.description), handler(choices ? { kind: 'fixed', values: choices } : (FLAG_VALUES[long] ?? { kind: 'fixed', values: [] })), alias);
    }
  };
  const addArgs = (to: TabCommand, cmd: Command, path: string) => {
    for (const a of cmd.registeredArguments) {
      const choices = a.argChoices?.map((value) => ({ value }));
      const v = choices ? { kind: 'fixed' as const, values: choices } : ARG_VALUES[`${path} ${a.name()}`];
      to.argument(a.name(), v && handler(v), a.variadic);
    }
  };
  addFlags(root, program);
  const walk = (cmd: Command, path: string) => {
    for (const sub of cmd.createHelp().visibleCommands(cmd)) {
      if (sub.name() === 'help') continue;
      const p = path ? `${path} ${sub.name()}` : sub.name();
      const to = root.command(p, sub.description());
      addFlags(to, sub);
      addArgs(to, sub, p);
      walk(sub, p);
    }
  };
  walk(program, '');
  return root;
}

/**
 * The words with a command's alias before the cursor (`svc`, `ing`, `deploy`, `sts`, `ds`)
 * spelled as the command's name: tab knows the commands by name, and offers the aliases
 * nothing (the list of commands stays without them, as kubectl's).
 */
function canonical(program: Command, words: string[]): string[] {
  if (words.length < 2) return words;
  const cmd = program.commands.find((c) => c.aliases().includes(words[0]!));
  return cmd ? [cmd.name(), ...words.slice(1)] : words;
}

/**
 * The words with each complete `--flag=value` and `-nvalue` (a short value flag with its value
 * attached, as commander takes it) before the cursor spelled as two words, `--flag value`:
 * tab takes a word with `=` for a flag still waiting for its value, and would complete none.
 */
function spelledApart(program: Command, words: string[]): string[] {
  const shorts = new Set<string>();
  const walk = (cmd: Command) => {
    for (const o of cmd.options) if (o.short && (o.required || o.optional)) shorts.add(o.short);
    cmd.commands.forEach(walk);
  };
  walk(program);
  const out: string[] = [];
  for (const [i, w] of words.entries()) {
    const eq = w.indexOf('=');
    if (i === words.length - 1 || out.includes('--')) out.push(w);
    else if (w.startsWith('--') && eq > 2) out.push(w.slice(0, eq), w.slice(eq + 1));
    else if (/^-[^-]./.test(w) && shorts.has(w.slice(0, 2))) out.push(w.slice(0, 2), w.slice(2));
    else out.push(w);
  }
  return out;
}

/** The flags typed on the line that change what a lookup reads. */
interface TypedFlags {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  from?: string;
  lang?: string;
  /** `--rules`, each one */
  rules: string[];
  /** `--disable`, each one */
  disable: string[];
}

const TYPED: Record<string, 'namespace' | 'context' | 'kubeconfig' | 'from' | 'lang' | 'rules' | 'disable'> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '--context': 'context',
  '--kubeconfig': 'kubeconfig',
  '--from': 'from',
  '--lang': 'lang',
  '--rules': 'rules',
  '--disable': 'disable',
};

/**
 * Reads the flags of {@link TypedFlags} from the complete words before the cursor, spelled as
 * commander takes them: `--flag VALUE`, `--flag=VALUE`, `-n VALUE`, `-nVALUE`. A leading `~/`
 * is the home folder (zsh passes it quoted). Words after `--` are positionals.
 */
function typedFlags(words: string[]): TypedFlags {
  const out: TypedFlags = { rules: [], disable: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') break;
    let flag = w;
    let value: string | undefined;
    const eq = w.indexOf('=');
    if (w.startsWith('--') && eq > 0) [flag, value] = [w.slice(0, eq), w.slice(eq + 1)];
    else if (/^-n./.test(w)) [flag, value] = ['-n', w.slice(2)];
    const key = TYPED[flag];
    if (!key) continue;
    if (value === undefined) value = words[++i];
    if (value === undefined) break;
    if (/^~[/\\]/.test(value)) value = join(homedir(), value.slice(2));
    if (key === 'rules' || key === 'disable') out[key].push(value);
    else out[key] = value;
  }
  return out;
}

/**
 * The candidates of one lookup: contexts from the kubeconfig; namespaces and pods from the
 * snapshot of `--from`, else from the cluster (`--kubeconfig`, `--context`, `-n` as typed);
 * rule ids from the built-in rules, the config file's, KDIAG_RULES_PATH's and `--rules`
 * folders, less the ids already given to `--disable`.
 */
async function lookup(v: Exclude<Values, { kind: 'files' | 'fixed' }>, f: TypedFlags): Promise<Candidate[]> {
  const kind = v.kind;
  const connect = { kubeconfig: f.kubeconfig, context: f.context, requestTimeoutMs: LOOKUP_BUDGET_MS, retries: 0 };
  if (kind === 'contexts') {
    const { listContexts } = await import('../kube/lookup.js');
    return (await listContexts(f.kubeconfig)).map((c) => ({ value: c.name, description: `cluster ${c.cluster}${c.namespace ? `, namespace ${c.namespace}` : ''}` }));
  }
  if (kind === 'rules') return ruleIds(f, await import('../config.js'), await import('../rules/load.js'), await import('./ruleset.js'));
  if (kind === 'namespaces') {
    if (f.from) {
      const s = await snapshot(f.from);
      const names = new Set([...s.pods, ...s.events, ...s.others].map((o) => o.metadata?.namespace).filter((n): n is string => !!n));
      for (const o of s.others) if (o.kind === 'Namespace' && o.metadata?.name) names.add(o.metadata.name);
      return [...names].map((value) => ({ value }));
    }
    const { listNamespaces } = await import('../kube/lookup.js');
    return (await listNamespaces(connect)).map((n: KubeObject) => n.metadata?.name).filter((n): n is string => !!n).map((value) => ({ value }));
  }
  if (v.kind === 'objects') {
    const { RESOURCES } = await import('../objects/source.js');
    if (f.from) {
      const ns = f.namespace ?? 'default';
      const kindName = RESOURCES[v.resource].kind;
      return objectCandidates(v.resource, (await snapshot(f.from)).others.filter((o) => o.kind === kindName && (o.metadata?.namespace ?? 'default') === ns));
    }
    const { listObjects } = await import('../kube/lookup.js');
    return objectCandidates(v.resource, await listObjects({ ...connect, namespace: f.namespace }, v.resource));
  }
  if (f.from) {
    const s = await snapshot(f.from);
    const { snapshotNow } = await import('../snapshot/source.js');
    const ns = f.namespace ?? 'default';
    return podCandidates(s.pods.filter((p) => (p.metadata?.namespace ?? 'default') === ns), snapshotNow(s));
  }
  const { listPods } = await import('../kube/lookup.js');
  const { pods, now } = await listPods({ ...connect, namespace: f.namespace });
  return podCandidates(pods, now);
}

async function snapshot(path: string) {
  const { readSnapshot } = await import('../snapshot/read.js');
  return readSnapshot(path);
}

/** The kinds whose names `kdiag service|ingress|deployment|statefulset|daemonset|job NAME` completes. */
type ObjectResource = 'services' | 'ingresses' | 'deployments' | 'statefulsets' | 'daemonsets' | 'jobs';

/** Where the looked-up candidates of `v` are kept: its kind, and the resource for objects. */
const lookupKey = (v: Values): string => (v.kind === 'objects' ? `objects:${v.resource}` : v.kind);

/**
 * Object names, each described by what `kubectl get` shows first for its kind: a Service's
 * TYPE, an Ingress's CLASS and HOSTS, a workload's READY (Deployment and StatefulSet:
 * status.readyReplicas/spec.replicas; DaemonSet: numberReady/desiredNumberScheduled) and a
 * Job's COMPLETIONS (status.succeeded/spec.completions). The items of an API list carry no
 * `kind`: the resource tells it.
 */
function objectCandidates(resource: ObjectResource, items: KubeObject[]): Candidate[] {
  const n = (x: unknown) => (typeof x === 'number' ? x : 0);
  return items.flatMap((o) => {
    const name = o.metadata?.name;
    if (!name) return [];
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    const st = (o.status ?? {}) as Record<string, unknown>;
    let description: string;
    switch (resource) {
      case 'services':
        description = String(spec.type ?? 'ClusterIP');
        break;
      case 'ingresses': {
        const hosts = ((spec.rules ?? []) as { host?: string }[]).map((r) => r?.host).filter(Boolean);
        description = `class ${String(spec.ingressClassName ?? o.metadata?.annotations?.['kubernetes.io/ingress.class'] ?? '<none>')}${hosts.length ? `, ${hosts.join(', ')}` : ''}`;
        break;
      }
      case 'daemonsets':
        description = `${n(st.numberReady)}/${n(st.desiredNumberScheduled)} ready`;
        break;
      case 'jobs':
        description = `${n(st.succeeded)}/${typeof spec.completions === 'number' ? spec.completions : 1} completions${n(st.failed) ? `, ${n(st.failed)} failed` : ''}`;
        break;
      default:
        description = `${n(st.readyReplicas)}/${typeof spec.replicas === 'number' ? spec.replicas : 1} ready`;
    }
    return [{ value: name, description }];
  });
}

/** Pod names, each described by kubectl's STATUS and READY columns (`CrashLoopBackOff, 1/2 ready`). */
function podCandidates(pods: PodRaw[], now: number): Candidate[] {
  return pods.flatMap((p) => {
    const name = p.metadata?.name;
    if (!name) return [];
    const c = podColumns(p, new Date(now));
    return [{ value: name, description: `${c.status || 'Unknown'}, ${c.ready} ready` }];
  });
}

/**
 * Rule ids with their titles (in the language of `--lang`, KDIAG_LANG, the config, the
 * locale). A rule file that does not load (being written) still gives its id: the file name.
 */
function ruleIds(
  f: TypedFlags,
  { loadConfig }: typeof import('../config.js'),
  { readRules, ruleFiles }: typeof import('../rules/load.js'),
  { rulePaths }: typeof import('./ruleset.js'),
): Candidate[] {
  let config;
  try {
    config = loadConfig().config;
  } catch {
    config = undefined;
  }
  let lang: (typeof LANGS)[number];
  try {
    lang = resolveLang(f.lang && (LANGS as string[]).includes(f.lang) ? f.lang : undefined, process.env, config?.lang);
  } catch {
    lang = 'en';
  }
  const out = new Map<string, Candidate>();
  const found: string[] = [];
  for (const p of rulePaths({ rulesDirs: f.rules, config })) {
    try {
      for (const file of ruleFiles(p)) {
        const id = basename(file).replace(/\.ya?ml$/, '');
        out.set(id, { value: id });
      }
      found.push(p);
    } catch {
      /* a folder that does not exist (yet) */
    }
  }
  try {
    for (const r of readRules(found).rules) out.set(r.id, { value: r.id, description: (r.messages[lang] ?? r.messages.en).title });
  } catch {
    /* an unreadable file: the ids without titles */
  }
  const disabled = new Set(f.disable);
  return [...out.values()].filter((c) => !disabled.has(c.value));
}

/** The lookup's result, or nothing after {@link LOOKUP_BUDGET_MS} or on any error. */
async function withBudget(p: Promise<Candidate[]>): Promise<Candidate[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Candidate[]>((resolve) => {
    timer = setTimeout(() => resolve([]), LOOKUP_BUDGET_MS);
    timer.unref();
  });
  try {
    return await Promise.race([p.catch(() => []), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What `fn` prints with console.log (tab prints its scripts and candidates that way), as text. */
function printed(fn: () => void): string {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  try {
    fn();
  } finally {
    console.log = log;
  }
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * tab's bash script, fixed where it falls short of cobra's (kubectl's) own:
 * - registered with `complete -o default`, as cobra does, so that a completion that does not
 *   forbid file names (`--from`, `--kubeconfig`, `rules lint PATH`) falls back to them;
 * - without the bash-completion package (`_get_comp_words_by_ref`, absent from minimal
 *   systems), the words come from COMP_WORDS, `--flag`, `=`, `value` joined back as one;
 * - `--flag=value` completes the value (tab filters the candidates by the whole word);
 * - a word with `:` (an EKS context `arn:aws:eks:...`) replaces only what follows the last
 *   `:`, as bash-completion's `__ltrim_colon_completions` does (readline splits words at `:`).
 * @throws Error when a line the fixes expect is missing (a newer tab: check the fixes again)
 */
function fixBash(text: string): string {
  return patched(text, [
    ['    _get_comp_words_by_ref -n "=:" cur prev words cword\n', '    __kdiag_get_words\n'],
    ['# Function to handle completions\n', `${GET_WORDS}# Function to handle completions\n`],
    [
      '    COMPREPLY=( $(compgen -W "${completions[*]}" -- "$cur") )\n',
      [
        '    local word=$cur',
        '    [[ $word == -*=* ]] && word=${word#*=}',
        '    COMPREPLY=( $(compgen -W "${completions[*]}" -- "$word") )',
        '    if [[ $word == *:* && $COMP_WORDBREAKS == *:* ]]; then',
        '        local colon_prefix=${word%"${word##*:}"}',
        '        local i=${#COMPREPLY[*]}',
        '        while ((i-- > 0)); do COMPREPLY[i]=${COMPREPLY[i]#"$colon_prefix"}; done',
        '    fi',
        '',
      ].join('\n'),
    ],
    ['complete -F __kdiag_complete kdiag\n', 'complete -o default -F __kdiag_complete kdiag\n'],
  ]);
}

/** Sets bash's `cur prev words cword` for {@link fixBash}. */
const GET_WORDS = `# The words up to the cursor: bash-completion's _get_comp_words_by_ref when present (it keeps
# --flag=value and a:b whole); else COMP_WORDS, with "=" and ":" pieces joined back.
__kdiag_get_words() {
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n "=:" cur prev words cword
        return
    fi
    local i w
    words=()
    for ((i = 0; i <= COMP_CWORD; i++)); do
        w=\${COMP_WORDS[i]}
        if ((i > 1)) && [[ $w == "=" || $w == ":" || \${COMP_WORDS[i-1]} == "=" || \${COMP_WORDS[i-1]} == ":" ]]; then
            words[\${#words[@]}-1]+=$w
        else
            words+=("$w")
        fi
    done
    cword=$((\${#words[@]} - 1))
    cur=\${words[cword]}
    prev=\${words[cword-1]}
}

`;
