import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, sep } from 'node:path';
import { isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { KdiagError, type KubeconfigField } from '../errors.js';

/**
 * Loading kubeconfigs the way kubectl does (client-go's clientcmd), so kdiag connects
 * wherever kubectl connects, and says precisely what is wrong when it cannot:
 *
 * - Which files: `--kubeconfig FILE` (it must exist), else the files listed in KUBECONFIG
 *   (`:`-separated, `;` on Windows; duplicates and empty entries dropped; a file that does not
 *   exist is skipped), else `~/.kube/config`. ~/.kube/config is not read when KUBECONFIG is set.
 * - Merging (clientcmd `ClientConfigLoadingRules.Load`): the first file that sets
 *   `current-context` wins, and the first file that defines a cluster, context or user of a
 *   given name wins. Relative paths (certificate-authority, client-certificate, client-key,
 *   token-file, an exec command with a `/`) are relative to the file that holds them.
 * - No kubeconfig at all, or only empty ones: the in-cluster configuration when kdiag runs in a
 *   pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT set and the service account token
 *   present, as client-go's `inClusterClientConfig.Possible`); else an error that says where
 *   kdiag looked. (kubectl would try http://localhost:8080 and report "connection refused".)
 * - Only the entries the chosen context uses are checked, as kubectl validates only those;
 *   `*-data` fields win over their file twins (client-go `dataFromSliceOrFile`); a server
 *   without a scheme is `https://` when a CA, client certificate or insecure-skip-tls-verify is
 *   set, else `http://` (client-go `DefaultServerURL`); `proxy-url` must be http, https or socks5.
 *
 * Unlike kubectl, a context naming a user that no file defines is an error (kubectl would go on
 * without credentials and get 401 or 403 from the server).
 */

/** The service account folder of a pod (token, ca.crt, namespace). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** What a context resolves to: everything a connection needs, checked. */
export interface ResolvedContext {
  /** The context's name (`in-cluster` for the in-cluster configuration). */
  context: string;
  /** The context's namespace, else `default` (in a pod: POD_NAMESPACE, else the service account's). */
  namespace: string;
  /** Where the configuration came from, for messages: the files read (joined with the path delimiter), or the service account folder. */
  kubeconfig: string;
  cluster: {
    name: string;
    /** `http://` or `https://` URL, without trailing slash. */
    server: string;
    /** PEM bundle of trusted CAs (`certificate-authority-data`, or the file it names), at least one certificate. */
    caPem?: Buffer;
    skipTLSVerify: boolean;
    tlsServerName?: string;
    /** `http:`, `https:` or `socks5:` URL. */
    proxyUrl?: string;
  };
  /**
   * The user entry in client-node's kubeconfig shape (`token`, `client-certificate-data`, `exec`,
   * `auth-provider` ...), relative paths made absolute; `{}` for a context without a user.
   */
  user: { name: string; body: Record<string, unknown> };
}

/** Options of {@link resolveContext}. */
export interface ResolveOptions {
  /** `--kubeconfig`. */
  kubeconfig?: string;
  /** `--context`. */
  context?: string;
  env: NodeJS.ProcessEnv;
  /** The pod's service account folder (default {@link SERVICE_ACCOUNT_DIR}; tests point it elsewhere). */
  serviceAccountDir?: string;
}

type Kind = 'clusters' | 'contexts' | 'users';
const BODY: Record<Kind, 'cluster' | 'context' | 'user'> = { clusters: 'cluster', contexts: 'context', users: 'user' };

interface Entry {
  name: string;
  /** The entry's `cluster:` / `context:` / `user:` value, unchecked. */
  body: unknown;
  file: string;
  /** `file:line:col` of a key path in the entry (else of the deepest node on it), for messages. */
  at: (key?: (string | number)[]) => string;
  /** The source text of a scalar at a key path in the entry (`2024` for a number), else undefined. */
  text: (key: string[]) => string | undefined;
  /** Position of the entry in its list (`clusters[2]`). */
  path: string;
}

interface FileConfig {
  file: string;
  currentContext?: string;
  entries: Record<Kind, Entry[]>;
}

/** The kubeconfig files of `opts` read and merged by clientcmd's rules (see {@link resolveContext}). */
function loadMerged(opts: ResolveOptions) {
  const env = opts.env;
  const saDir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  let candidates: string[];
  let envList: string[] | null = null;
  const defaultPath = join(env.HOME || homedir(), '.kube', 'config');
  if (opts.kubeconfig) candidates = [opts.kubeconfig];
  else if (env.KUBECONFIG) candidates = envList = [...new Set(env.KUBECONFIG.split(delimiter).filter(Boolean))];
  else candidates = [defaultPath];

  const configs: FileConfig[] = [];
  for (const file of candidates) {
    const c = readConfigFile(file, !!opts.kubeconfig);
    if (c) configs.push(c);
  }
  const label = configs.map((c) => c.file).join(delimiter);
  const empty = configs.every((c) => !c.currentContext && !c.entries.clusters.length && !c.entries.contexts.length && !c.entries.users.length);
  // clientcmd: the first file that sets a value wins
  const merged: Record<Kind, Map<string, Entry>> = { clusters: new Map(), contexts: new Map(), users: new Map() };
  let current: string | undefined;
  for (const c of configs) {
    current ??= c.currentContext;
    for (const kind of ['clusters', 'contexts', 'users'] as const) for (const e of c.entries[kind]) if (!merged[kind].has(e.name)) merged[kind].set(e.name, e);
  }
  return { env, saDir, envList, defaultPath, configs, label, empty, merged, current };
}

/**
 * The contexts of the kubeconfig files (what `kubectl config get-contexts` lists), merged by
 * clientcmd's rules, in file order. Does not contact a server.
 * @throws KdiagError `CLUSTER` for a kubeconfig that cannot be read or parsed
 */
export function listContexts(opts: ResolveOptions): { name: string; cluster: string; namespace?: string; current: boolean }[] {
  const m = loadMerged(opts);
  return [...m.merged.contexts.values()].map((e) => ({
    name: e.name,
    cluster: e.text(['context', 'cluster']) ?? '',
    namespace: e.text(['context', 'namespace']) || undefined,
    current: e.name === m.current,
  }));
}

/**
 * The contexts a several-context scan reads, checked before any request: `contexts` as given
 * (`--context A --context B`, duplicates dropped, in that order), or with `all`
 * (`--all-contexts`) every context of the merged kubeconfig files, in file order (as
 * `kubectl config get-contexts` lists them). A kubeconfig without any entry (none at all, or
 * in a pod) gives the error or the in-cluster context of {@link resolveContext}.
 * @returns each context with its cluster's `server` as the kubeconfig writes it (trailing
 *   slashes cut), absent when the context or its cluster does not say
 * @throws KdiagError `usage.contextNotFound` (exit 2) for a named context the kubeconfig lacks,
 *   `usage.noContexts` for `all` and a kubeconfig without contexts; `CLUSTER` errors for a
 *   kubeconfig that cannot be read or parsed (as {@link resolveContext})
 */
export function fleetContexts(opts: ResolveOptions & { contexts: string[]; all: boolean }): { context: string; server?: string }[] {
  const m = loadMerged(opts);
  if (m.empty) {
    const rc = resolveContext({ ...opts, context: undefined });
    const missing = opts.contexts.find((c) => c !== rc.context);
    if (missing !== undefined) throw new KdiagError('usage.contextNotFound', { context: missing, kubeconfig: rc.kubeconfig, known: [rc.context] });
    return [{ context: rc.context, server: rc.cluster.server }];
  }
  const known = [...m.merged.contexts.keys()];
  const names = opts.all ? known : [...new Set(opts.contexts)];
  if (!names.length) throw new KdiagError('usage.noContexts', { kubeconfig: m.label });
  return names.map((name) => {
    const ctx = m.merged.contexts.get(name);
    if (!ctx) throw new KdiagError('usage.contextNotFound', { context: name, kubeconfig: m.label, known });
    const cluster = m.merged.clusters.get(ctx.text([BODY.contexts, 'cluster']) ?? '');
    const server = cluster?.text([BODY.clusters, 'server'])?.replace(/\/+$/, '');
    return server ? { context: name, server } : { context: name };
  });
}

/**
 * Loads the kubeconfig files and resolves one context (see the top of this file).
 * @throws KdiagError `CLUSTER` (exit 3): `cluster.noKubeconfig`, `cluster.kubeconfigEmpty`,
 *   `cluster.kubeconfigUnreadable` (I/O or YAML syntax), `cluster.kubeconfigShape`,
 *   `cluster.kubeconfigDuplicate`, `cluster.noCurrentContext`, `cluster.contextNotFound`,
 *   `cluster.clusterNotFound`, `cluster.userNotFound`, `cluster.noServer`, `cluster.badServer`,
 *   `cluster.badProxyUrl`, `cluster.badCertificateAuthority`, `cluster.referencedFileUnreadable`
 */
export function resolveContext(opts: ResolveOptions): ResolvedContext {
  const { env, saDir, envList, defaultPath, configs, label, empty, current, merged } = loadMerged(opts);
  if (empty) {
    const inCluster = inClusterContext(env, saDir);
    if ('context' in inCluster) return inCluster;
    if (configs.length) throw new KdiagError('cluster.kubeconfigEmpty', { kubeconfig: label }, { id: 'hint.pointAtKubeconfig', params: {} });
    throw new KdiagError(
      'cluster.noKubeconfig',
      envList ? { kubeconfigEnv: envList, defaultPath: null, inClusterMissing: inCluster.missing } : { kubeconfigEnv: null, defaultPath, inClusterMissing: inCluster.missing },
      { id: 'hint.pointAtKubeconfig', params: {} },
    );
  }

  const ctxName = opts.context ?? current;
  if (!ctxName) throw new KdiagError('cluster.noCurrentContext', { kubeconfig: label }, { id: 'hint.chooseContext', params: {} });
  const ctx = merged.contexts.get(ctxName);
  if (!ctx) {
    const known = [...merged.contexts.keys()];
    throw new KdiagError('cluster.contextNotFound', { context: ctxName, kubeconfig: label }, known.length ? { id: 'hint.knownContexts', params: { contexts: known } } : undefined);
  }
  const cBody = mapping(ctx.body, ctx, [BODY.contexts]);
  const clusterName = str(cBody.cluster, ctx, [BODY.contexts, 'cluster'], true);
  const userName = str(cBody.user, ctx, [BODY.contexts, 'user']);
  const namespace = str(cBody.namespace, ctx, [BODY.contexts, 'namespace']) || 'default';

  const cl = merged.clusters.get(clusterName);
  if (!cl) throw new KdiagError('cluster.clusterNotFound', { context: ctxName, cluster: clusterName, kubeconfig: label });
  const cluster = resolveCluster(cl);

  let user: ResolvedContext['user'] = { name: '', body: {} };
  if (userName) {
    const u = merged.users.get(userName);
    if (!u) throw new KdiagError('cluster.userNotFound', { context: ctxName, user: userName, kubeconfig: label });
    user = { name: userName, body: resolveUser(u) };
  }
  if (!cluster.server.includes('://')) {
    // client-go DefaultServerURL: a bare host:port is https when TLS is configured, else http
    const tls = !!cluster.caPem || cluster.skipTLSVerify || !!user.body['client-certificate-data'] || !!user.body['client-certificate'];
    cluster.server = `${tls ? 'https' : 'http'}://${cluster.server}`;
  }
  checkServer(cluster.server, cl);
  return { context: ctxName, namespace, kubeconfig: label, cluster, user };
}

/**
 * Reads and parses one kubeconfig file.
 * @param explicit `--kubeconfig`: a missing file is an error (else it is skipped: null)
 */
function readConfigFile(file: string, explicit: boolean): FileConfig | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && !explicit) return null;
    // Node's words without the path it repeats: "ENOENT: no such file or directory"
    throw new KdiagError('cluster.kubeconfigUnreadable', { kubeconfig: file, reason: err.message.split('\n')[0].replace(/, \w+ '.*'$/, '') });
  }
  const lc = new LineCounter();
  // YAML 1.1, as go-yaml v2 under sigs.k8s.io/yaml reads kubeconfigs (`insecure-skip-tls-verify: yes`)
  const doc = parseDocument(text, { lineCounter: lc, version: '1.1' });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new KdiagError('cluster.kubeconfigUnreadable', { kubeconfig: pos ? `${file}:${pos.line}:${pos.col}` : file, reason: err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new KdiagError('cluster.kubeconfigUnreadable', { kubeconfig: file, reason: (e as Error).message.split('\n')[0] });
  }
  const at = (path: (string | number)[]): string => {
    // the deepest node that exists on the path
    for (let n = path.length; n >= 0; n--) {
      const node = (n ? doc.getIn(path.slice(0, n), true) : doc.contents) as { range?: [number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        const p = lc.linePos(node.range[0]);
        return `${file}:${p.line}:${p.col}`;
      }
    }
    return file;
  };
  const out: FileConfig = { file, entries: { clusters: [], contexts: [], users: [] } };
  if (value === null || value === undefined) return out;
  if (typeof value !== 'object' || Array.isArray(value)) shape(at([]), '', 'mapping', value);
  const obj = value as Record<string, unknown>;
  const cur = obj['current-context'];
  if (cur !== undefined && cur !== null && scalarText(doc, ['current-context'], cur) === undefined) shape(at(['current-context']), 'current-context', 'string', cur);
  out.currentContext = (cur !== undefined && cur !== null && scalarText(doc, ['current-context'], cur)) || undefined;
  for (const kind of ['clusters', 'contexts', 'users'] as const) {
    const list = obj[kind];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) shape(at([kind]), kind, 'list', list);
    const seen = new Set<string>();
    list.forEach((item: unknown, i: number) => {
      const path = `${kind}[${i}]`;
      if (!item || typeof item !== 'object' || Array.isArray(item)) shape(at([kind, i]), path, 'mapping', item);
      const rec = item as Record<string, unknown>;
      const name = rec.name === undefined || rec.name === null ? '' : scalarText(doc, [kind, i, 'name'], rec.name);
      if (name === undefined) shape(at([kind, i, 'name']), `${path}.name`, 'string', rec.name);
      // clientcmd's conversion refuses two entries of one name in one file
      if (seen.has(name)) throw new KdiagError('cluster.kubeconfigDuplicate', { kubeconfig: at([kind, i]), list: kind, name });
      seen.add(name);
      out.entries[kind].push({
        name,
        body: rec[BODY[kind]],
        file,
        path,
        at: (key = []) => at([kind, i, ...key]),
        text: (key) => scalarText(doc, [kind, i, ...key], doc.getIn([kind, i, ...key])),
      });
    });
  }
  return out;
}

/**
 * A scalar as a string field holds it: strings as they are, numbers and booleans as written
 * (sigs.k8s.io/yaml keeps the source text for string fields: `namespace: 2024`, `token: 0123`);
 * undefined for a mapping or a list.
 */
function scalarText(doc: Document, path: (string | number)[], v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v !== 'number' && typeof v !== 'boolean') return undefined;
  const node = doc.getIn(path, true);
  return isScalar(node) && typeof node.source === 'string' ? node.source : String(v);
}

type Expected = 'mapping' | 'list' | 'string' | 'boolean';

/** The YAML type of a value, as the messages name it. */
function typeName(v: unknown): string {
  return v === null || v === undefined || v === '' ? 'empty' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'mapping' : typeof v;
}

function shape(at: string, field: string, expected: Expected, found: unknown): never {
  throw new KdiagError('cluster.kubeconfigShape', { kubeconfig: at, field: field || '(top level)', expected, found: typeName(found) });
}

/** The entry's body (or a key path in it) as a mapping; absent -> {}. */
function mapping(v: unknown, e: Entry, key: string[]): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) shape(e.at(key), `${e.path}.${key.join('.')}`, 'mapping', v);
  return v as Record<string, unknown>;
}

/**
 * A string field of an entry ('' when absent; a number or boolean as written, see
 * {@link scalarText}); `required`: absent is an error too.
 */
function str(v: unknown, e: Entry, key: string[], required = false): string {
  if ((v === undefined || v === null || v === '') && !required) return '';
  const t = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? (e.text(key) ?? String(v)) : undefined;
  if (!t) shape(e.at(key), `${e.path}.${key.join('.')}`, 'string', v);
  return t;
}

function bool(v: unknown, e: Entry, key: string[]): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') shape(e.at(key), `${e.path}.${key.join('.')}`, 'boolean', v);
  return v;
}

/** A path relative to the kubeconfig file that names it (clientcmd ResolveLocalPaths). */
function resolvePath(e: Entry, p: string): string {
  return isAbsolute(p) ? p : join(dirname(e.file), p);
}

function readReferenced(e: Entry, field: KubeconfigField, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const x = err as NodeJS.ErrnoException;
    throw new KdiagError('cluster.referencedFileUnreadable', { kubeconfig: e.at([BODY[kindOf(field)], field]), field, file, reason: x.code ?? x.message.split('\n')[0] });
  }
}

function kindOf(field: KubeconfigField): Kind {
  return field === 'certificate-authority' || field === 'certificate-authority-data' ? 'clusters' : 'users';
}

function resolveCluster(e: Entry): ResolvedContext['cluster'] {
  const b = mapping(e.body, e, [BODY.clusters]);
  const key = (k: string) => [BODY.clusters, k];
  const server = str(b.server, e, key('server'));
  if (!server) throw new KdiagError('cluster.noServer', { cluster: e.name, kubeconfig: e.at(key('server')) });
  const caData = str(b['certificate-authority-data'], e, key('certificate-authority-data'));
  const caFile = str(b['certificate-authority'], e, key('certificate-authority'));
  let caPem: Buffer | undefined;
  if (caData) {
    // Go decodes []byte fields as standard base64, skipping line breaks only
    const clean = caData.replace(/[\r\n]/g, '');
    const valid = /^[A-Za-z0-9+/]*={0,2}$/.test(clean) && clean.length % 4 === 0;
    caPem = checkPem(valid ? Buffer.from(clean, 'base64') : null, e, 'certificate-authority-data', caData.trimStart().startsWith('-----BEGIN'));
  } else if (caFile) {
    const file = resolvePath(e, caFile);
    caPem = checkPem(readReferenced(e, 'certificate-authority', file), e, 'certificate-authority', false);
  }
  const proxyUrl = str(b['proxy-url'], e, key('proxy-url'));
  if (proxyUrl) {
    let ok = false;
    try {
      const u = new URL(proxyUrl);
      ok = ['http:', 'https:', 'socks5:'].includes(u.protocol) && !!u.hostname;
    } catch {
      ok = false;
    }
    if (!ok) throw new KdiagError('cluster.badProxyUrl', { cluster: e.name, kubeconfig: e.at(key('proxy-url')), proxy: proxyUrl.replace(/\/\/[^/@\s]*@/, '//') });
  }
  return {
    name: e.name,
    server: server.replace(/\/+$/, ''),
    caPem,
    skipTLSVerify: bool(b['insecure-skip-tls-verify'], e, key('insecure-skip-tls-verify')),
    tlsServerName: str(b['tls-server-name'], e, key('tls-server-name')) || undefined,
    proxyUrl: proxyUrl || undefined,
  };
}

/** The certificates of a CA bundle, each parsed; the bundle must hold at least one. */
function checkPem(bytes: Buffer | null, e: Entry, field: 'certificate-authority' | 'certificate-authority-data', looksLikePem: boolean): Buffer {
  const blocks = bytes?.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  let reason: string | null = null;
  for (const b of blocks) {
    try {
      new X509Certificate(b);
    } catch (err) {
      reason = (err as Error).message.split('\n')[0];
      break;
    }
  }
  if (!bytes || !blocks.length || reason) {
    throw new KdiagError(
      'cluster.badCertificateAuthority',
      { cluster: e.name, kubeconfig: e.at([BODY.clusters, field]), field, reason },
      looksLikePem ? { id: 'hint.base64CaData', params: {} } : undefined,
    );
  }
  return bytes;
}

/** The checked user body in client-node's shape, paths resolved and `*-data` winning over files. */
function resolveUser(e: Entry): Record<string, unknown> {
  const b = { ...mapping(e.body, e, [BODY.users]) };
  const key = (...k: string[]) => [BODY.users, ...k];
  for (const k of ['token', 'username', 'password', 'as', 'client-certificate-data', 'client-key-data']) {
    const v = str(b[k], e, key(k));
    if (v) b[k] = v;
    else delete b[k];
  }
  for (const [file, data] of [['client-certificate', 'client-certificate-data'], ['client-key', 'client-key-data'], ['token-file', 'token']] as const) {
    const p = str(b[file], e, key(file));
    if (!p) continue;
    if (b[data]) {
      // client-go: the inline value wins (client-node would read the file first)
      delete b[file];
      continue;
    }
    b[file] = resolvePath(e, p);
    readReferenced(e, file, b[file] as string);
  }
  if (b.exec !== undefined && b.exec !== null) {
    const x = { ...mapping(b.exec, e, key('exec')) };
    const command = str(x.command, e, key('exec', 'command'), true);
    x.command = command;
    const scalar = (a: unknown) => typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean';
    if (x.args !== undefined && x.args !== null) {
      if (!Array.isArray(x.args) || !x.args.every(scalar)) shape(e.at(key('exec', 'args')), `${e.path}.user.exec.args`, 'list', x.args);
      x.args = x.args.map(String);
    }
    if (x.env !== undefined && x.env !== null) {
      if (!Array.isArray(x.env)) shape(e.at(key('exec', 'env')), `${e.path}.user.exec.env`, 'list', x.env);
      x.env = x.env.map((v: unknown, i: number) => {
        const m = v as Record<string, unknown> | null;
        if (!m || typeof m !== 'object' || Array.isArray(m) || !scalar(m.name) || !scalar(m.value ?? '')) shape(e.at(key('exec', 'env', String(i))), `${e.path}.user.exec.env[${i}]`, 'mapping', v);
        return { name: String(m.name), value: String(m.value ?? '') };
      });
    }
    // clientcmd resolves an exec command against the kubeconfig's folder only when it holds a separator
    if (command.includes(sep) && !isAbsolute(command)) x.command = resolvePath(e, command);
    b.exec = x;
  }
  if (b['auth-provider'] !== undefined && b['auth-provider'] !== null) {
    const ap = mapping(b['auth-provider'], e, key('auth-provider'));
    // client-node's providers read `config` unguarded: always a mapping
    b['auth-provider'] = { ...ap, name: str(ap.name, e, key('auth-provider', 'name'), true), config: mapping(ap.config, e, key('auth-provider', 'config')) };
  }
  return b;
}

function checkServer(server: string, e: Entry): void {
  let ok = false;
  try {
    const u = new URL(server);
    ok = (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
  } catch {
    ok = false;
  }
  if (!ok) throw new KdiagError('cluster.badServer', { cluster: e.name, server, kubeconfig: e.at([BODY.clusters, 'server']) });
}

/**
 * client-go's in-cluster configuration (rest.InClusterConfig): `https://` KUBERNETES_SERVICE_HOST
 * and _PORT, the service account's token (read once: a run is shorter than its hour-long
 * lifetime) and CA, the namespace from POD_NAMESPACE or the service account folder.
 * @returns the context, or what it lacks (a variable's name or the token's path)
 */
function inClusterContext(env: NodeJS.ProcessEnv, dir: string): ResolvedContext | { missing: string } {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host) return { missing: 'KUBERNETES_SERVICE_HOST' };
  if (!port) return { missing: 'KUBERNETES_SERVICE_PORT' };
  const tokenFile = join(dir, 'token');
  try {
    if (!statSync(tokenFile).isFile()) return { missing: tokenFile };
  } catch {
    return { missing: tokenFile };
  }
  let caPem: Buffer | undefined;
  try {
    caPem = readFileSync(join(dir, 'ca.crt'));
  } catch {
    // client-go logs the error and goes on without the CA: TLS then fails with "unknown authority"
  }
  let namespace = env.POD_NAMESPACE || '';
  if (!namespace) {
    try {
      namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim();
    } catch {
      namespace = '';
    }
  }
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    context: 'in-cluster',
    namespace: namespace || 'default',
    kubeconfig: dir,
    cluster: { name: 'in-cluster', server: `https://${h}:${port}`, caPem, skipTLSVerify: false },
    user: { name: 'in-cluster', body: { 'token-file': tokenFile } },
  };
}
