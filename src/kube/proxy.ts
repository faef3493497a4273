import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/** Where a proxy came from: the kubeconfig cluster's `proxy-url`, or the environment variable read. */
export type ProxySource = 'proxy-url' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy';

/** The proxy requests to one API server go through. */
export interface ProxyChoice {
  /** `http:`, `https:` or `socks5:` URL of the proxy (may hold `user:password@`: never print it whole, see {@link proxyLabel}). */
  url: URL;
  source: ProxySource;
}

/**
 * The proxy for requests to `server`, as kubectl (client-go) picks it:
 * - the cluster's `proxy-url`, when the kubeconfig sets one: used for every request,
 *   loopback included (client-go's `http.ProxyURL`);
 * - else the environment, with Go's `http.ProxyFromEnvironment` rules
 *   (golang.org/x/net/http/httpproxy): `HTTPS_PROXY` (or `https_proxy`) for an `https://`
 *   server, `HTTP_PROXY` (or `http_proxy`) for an `http://` one, the upper-case name first;
 *   a value without a scheme means `http://`; never for `localhost` or a loopback address
 *   (127.0.0.0/8, ::1), whatever NO_PROXY says; and not for a host NO_PROXY matches
 *   ({@link noProxyMatches}).
 *
 * Not mirrored: Go refuses HTTP_PROXY when REQUEST_METHOD is set (a CGI handler); kdiag is none.
 * @param server the API server URL (`https://host:port[/prefix]`)
 * @param proxyUrl the cluster's `proxy-url`, already checked to be http, https or socks5
 * @returns null for a direct connection
 */
export function chooseProxy(server: URL, proxyUrl: string | undefined, env: NodeJS.ProcessEnv): ProxyChoice | null {
  if (proxyUrl) return { url: new URL(proxyUrl), source: 'proxy-url' };
  const https = server.protocol === 'https:';
  const names: ProxySource[] = https ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy'];
  const source = names.find((n) => env[n]);
  if (!source) return null;
  const url = parseEnvProxy(env[source]!);
  if (!url) return null;
  const host = hostOf(server);
  const port = server.port || (https ? '443' : '80');
  if (host === 'localhost' || isLoopback(host)) return null;
  if (noProxyMatches(host, port, env.NO_PROXY || env.no_proxy || '')) return null;
  return { url, source };
}

/**
 * A `*_PROXY` value as Go's httpproxy parses it: a URL with scheme http, https or socks5, or
 * anything else with `http://` put in front (`proxy.corp:3128`). Null when even that is no URL
 * (Go then ignores the variable).
 */
export function parseEnvProxy(value: string): URL | null {
  try {
    const u = new URL(value);
    if (['http:', 'https:', 'socks5:'].includes(u.protocol) && u.hostname) return u;
  } catch {
    // not a URL by itself
  }
  try {
    const u = new URL(`http://${value}`);
    return u.hostname ? u : null;
  } catch {
    return null;
  }
}

/**
 * Whether NO_PROXY (or no_proxy) exempts `host:port`, with Go's rules (httpproxy `useProxy`):
 * comma-separated entries, case-insensitive, blanks ignored; `*` matches every host; an IP
 * (`10.0.0.1`, `::1`) matches that address, a CIDR (`10.0.0.0/8`, `fd00::/8`) the addresses in
 * it (IP entries apply only to hosts written as IPs: no DNS lookup); a domain `corp.example`
 * matches it and its subdomains, `.corp.example` (or `*.corp.example`) its subdomains only; an
 * IP or domain entry may carry a port (`corp.example:6443`, `[::1]:6443`), and then matches
 * that port only.
 * @param host lower-case host name or IP, IPv6 without brackets
 * @param port the port requested (the scheme's default when the URL has none)
 */
export function noProxyMatches(host: string, port: string, noProxy: string): boolean {
  const ipFamily = isIP(host);
  for (let entry of noProxy.split(',')) {
    entry = entry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const slash = entry.indexOf('/');
    if (slash > 0) {
      const net = entry.slice(0, slash);
      const bits = Number(entry.slice(slash + 1));
      const fam = isIP(net);
      if (fam && /^\d+$/.test(entry.slice(slash + 1)) && bits <= (fam === 4 ? 32 : 128)) {
        if (ipFamily) {
          const list = new BlockList();
          list.addSubnet(net, bits, fam === 4 ? 'ipv4' : 'ipv6');
          if (list.check(host, ipFamily === 4 ? 'ipv4' : 'ipv6')) return true;
        }
        continue;
      }
    }
    let [eHost, ePort] = splitHostPort(entry);
    if (!eHost) continue;
    const eFam = isIP(eHost);
    if (eFam) {
      if (ipFamily && sameIp(host, ipFamily, eHost, eFam) && (!ePort || ePort === port)) return true;
      continue;
    }
    if (eHost.startsWith('*.')) eHost = eHost.slice(1);
    const matchHost = !eHost.startsWith('.');
    const bare = eHost.replace(/^\./, '');
    // Go compares punycode (idna.Lookup.ToASCII); host names in URLs already are
    const dotted = `.${/^[\x00-\x7f]*$/.test(bare) ? bare : domainToASCII(bare) || bare}`;
    if ((host.endsWith(dotted) || (matchHost && host === dotted.slice(1))) && (!ePort || ePort === port)) return true;
  }
  return false;
}

/** `host:port`, `[v6]:port`, or a bare host (a bare IPv6 address has no port), as Go's net.SplitHostPort reads NO_PROXY entries. */
function splitHostPort(s: string): [string, string] {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) return [s, ''];
    const rest = s.slice(end + 1);
    return [s.slice(1, end), rest.startsWith(':') ? rest.slice(1) : ''];
  }
  const first = s.indexOf(':');
  if (first >= 0 && first === s.lastIndexOf(':')) return [s.slice(0, first), s.slice(first + 1)];
  return [s, ''];
}

function sameIp(a: string, aFam: number, b: string, bFam: number): boolean {
  const list = new BlockList();
  list.addAddress(b, bFam === 4 ? 'ipv4' : 'ipv6');
  return list.check(a, aFam === 4 ? 'ipv4' : 'ipv6');
}

/** Go's `net.IP.IsLoopback`: 127.0.0.0/8 (also written as ::ffff:127.x.y.z) and ::1. */
export function isLoopback(host: string): boolean {
  const fam = isIP(host);
  if (!fam) return false;
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  return list.check(host, fam === 4 ? 'ipv4' : 'ipv6');
}

/** A URL's host, lower case, IPv6 without brackets. */
export function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** The proxy URL without credentials or path, for messages: `http://proxy.corp:3128`. */
export function proxyLabel(u: URL): string {
  return `${u.protocol}//${u.host}`;
}
