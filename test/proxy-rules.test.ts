import { describe, expect, it } from 'vitest';
import { chooseProxy, noProxyMatches, parseEnvProxy } from '../src/kube/proxy.js';

/**
 * The proxy a request goes through, with Go's rules (golang.org/x/net/http/httpproxy, which
 * kubectl's transport uses) and client-go's proxy-url. The end-to-end cases (a real proxy on
 * loopback, through the CLI) are in connect.test.ts.
 */
describe('chooseProxy', () => {
  const pick = (server: string, env: NodeJS.ProcessEnv, proxyUrl?: string) => {
    const p = chooseProxy(new URL(server), proxyUrl, env);
    return p && { url: p.url.href, source: p.source };
  };

  it('HTTPS_PROXY for https:// servers, HTTP_PROXY for http:// ones, upper case first', () => {
    const env = { HTTPS_PROXY: 'http://secure-proxy:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'http://plain-proxy:3128' };
    expect(pick('https://k8s.corp.example:6443', env)).toEqual({ url: 'http://secure-proxy:3128/', source: 'HTTPS_PROXY' });
    expect(pick('http://k8s.corp.example:8080', env)).toEqual({ url: 'http://plain-proxy:3128/', source: 'HTTP_PROXY' });
    // Go's getEnvAny: an empty upper-case value falls through to the lower-case one
    expect(pick('https://k8s.corp.example:6443', { HTTPS_PROXY: '', https_proxy: 'http://lower:3128' })).toEqual({ url: 'http://lower:3128/', source: 'https_proxy' });
    // an https:// server never takes HTTP_PROXY
    expect(pick('https://k8s.corp.example:6443', { HTTP_PROXY: 'http://plain-proxy:3128' })).toBeNull();
    expect(pick('https://k8s.corp.example:6443', {})).toBeNull();
  });

  it('never proxies localhost or loopback addresses from the environment', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://proxy:3128' };
    for (const server of ['https://localhost:6443', 'http://127.0.0.1:8001', 'https://127.12.0.1:6443', 'https://[::1]:6443']) expect(pick(server, env), server).toBeNull();
    // a name that merely resolves to loopback is not exempt (Go looks at the URL only)
    expect(pick('https://kubernetes.docker.internal:6443', env)?.source).toBe('HTTPS_PROXY');
  });

  it('proxy-url wins over the environment and applies to loopback too', () => {
    expect(pick('https://127.0.0.1:6443', { HTTPS_PROXY: 'http://env:3128', NO_PROXY: '*' }, 'socks5://bastion:1080')).toEqual({ url: 'socks5://bastion:1080', source: 'proxy-url' });
  });

  it('honours NO_PROXY and no_proxy', () => {
    expect(pick('https://k8s.corp.example:6443', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'corp.example' })).toBeNull();
    expect(pick('https://k8s.corp.example:6443', { HTTPS_PROXY: 'http://proxy:3128', no_proxy: '.corp.example' })).toBeNull();
    expect(pick('https://10.1.2.3:6443', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '10.0.0.0/8' })).toBeNull();
    expect(pick('https://k8s.other.example', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'corp.example' })?.source).toBe('HTTPS_PROXY');
  });
});

describe('parseEnvProxy', () => {
  it.each([
    ['http://proxy.corp:3128', 'http://proxy.corp:3128/'],
    ['https://proxy.corp', 'https://proxy.corp/'],
    ['socks5://127.0.0.1:1080', 'socks5://127.0.0.1:1080'],
    ['http://user:p%40ss@proxy.corp:3128', 'http://user:p%40ss@proxy.corp:3128/'],
    // no scheme, or one Go does not know: http:// is put in front
    ['proxy.corp:3128', 'http://proxy.corp:3128/'],
    ['10.0.0.9:3128', 'http://10.0.0.9:3128/'],
  ])('%s', (value, want) => {
    expect(parseEnvProxy(value)?.href).toBe(want);
  });

  it('ignores what is no URL even with http:// in front', () => {
    expect(parseEnvProxy('proxy corp:3128')).toBeNull();
    expect(parseEnvProxy('')).toBeNull();
  });
});

describe('noProxyMatches (Go httpproxy useProxy)', () => {
  it.each<[string, string, string, boolean]>([
    // [NO_PROXY, host, port, matches]
    ['*', 'anything.example', '443', true],
    ['corp.example', 'corp.example', '443', true],
    ['corp.example', 'k8s.corp.example', '443', true],
    ['corp.example', 'notcorp.example', '443', false],
    ['.corp.example', 'k8s.corp.example', '443', true],
    ['.corp.example', 'corp.example', '443', false],
    ['*.corp.example', 'k8s.corp.example', '443', true],
    ['*.corp.example', 'corp.example', '443', false],
    [' K8S.Corp.Example , other', 'k8s.corp.example', '443', true],
    ['corp.example:6443', 'k8s.corp.example', '6443', true],
    ['corp.example:6443', 'k8s.corp.example', '443', false],
    ['10.0.0.0/8', '10.96.0.1', '443', true],
    ['10.0.0.0/8', '11.0.0.1', '443', false],
    // IP entries match hosts written as IPs only: no DNS lookup
    ['10.0.0.0/8', 'k8s.corp.example', '443', false],
    ['192.168.1.10', '192.168.1.10', '6443', true],
    ['192.168.1.10:6443', '192.168.1.10', '443', false],
    ['fd00::/8', 'fd12:3456::1', '443', true],
    ['2001:db8::1', '2001:db8::1', '443', true],
    ['[2001:db8::1]:6443', '2001:db8::1', '6443', true],
    ['[2001:db8::1]:6443', '2001:db8::1', '443', false],
    [',, ,', 'corp.example', '443', false],
    ['bücher.example', 'xn--bcher-kva.example', '443', true],
  ])('NO_PROXY=%j: %s:%s -> %s', (noProxy, host, port, want) => {
    expect(noProxyMatches(host, port, noProxy)).toBe(want);
  });
});
