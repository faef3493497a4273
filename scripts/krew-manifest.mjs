// Prints the krew plugin manifest for a release: krew/diag.yaml with spec.version, the homepage,
// the release asset's uri and its sha256 filled in (comments kept). See the top of krew/diag.yaml.
//
//   node scripts/krew-manifest.mjs kdiag-<version>.tgz https://github.com/OWNER/kdiag > diag.yaml
//
// The tarball is `npm pack`'s; its name must carry package.json's version. Exit code 2 on misuse.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';

const root = new URL('..', import.meta.url);
const [tarball, repo] = process.argv.slice(2);
const fail = (msg) => {
  process.stderr.write(`krew-manifest: ${msg}\nusage: node scripts/krew-manifest.mjs kdiag-<version>.tgz https://github.com/OWNER/REPO\n`);
  process.exit(2);
};
if (!tarball || !repo) fail('expected the npm tarball and the repository URL');
if (!/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/.test(repo)) fail(`not a GitHub repository URL: ${repo}`);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const asset = `kdiag-${version}.tgz`;
if (basename(tarball) !== asset) fail(`${tarball} is not ${asset} (npm pack of version ${version})`);

const doc = parseDocument(readFileSync(new URL('krew/diag.yaml', root), 'utf8'));
// the template's header says how to fill it in; the filled-in manifest says where it came from
doc.commentBefore = ` kubectl diag ${version} for krew-index (plugins/diag.yaml), written by kdiag's scripts/krew-manifest.mjs
 from krew/diag.yaml: https://krew.sigs.k8s.io/docs/developer-guide/plugin-manifest/`;
doc.setIn(['spec', 'version'], `v${version}`);
doc.setIn(['spec', 'homepage'], repo);
const platforms = doc.getIn(['spec', 'platforms']);
for (let i = 0; i < platforms.items.length; i++) {
  doc.setIn(['spec', 'platforms', i, 'uri'], `${repo}/releases/download/v${version}/${asset}`);
  doc.setIn(['spec', 'platforms', i, 'sha256'], createHash('sha256').update(readFileSync(tarball)).digest('hex'));
}
process.stdout.write(doc.toString());
