// dependency-cruiser rules for src/: data flows one way (docs: /work/shared/conventions.md,
// "The shape of the code"):
//
//   sources (kube | snapshot) → facts → predicates → rules → engine → report → render → commands → cli → main
//
// predicates/ is the rule language (the predicate registry and the placeholders), rules/ loads
// rule files written in it, engine/ matches the loaded rules against facts.
//
// Each stage may import the stages before it that it is listed with below, and the neutral
// modules; nothing may import a later stage. Type-only imports count: a type is still a
// dependency of the design. `npm run deps` checks it (and `npm test` runs that first).
//
// Violations that the layout refactor has not removed yet are listed in
// .dependency-cruiser-known-violations.json (written by `npm run deps:baseline`) and do not
// fail the check; every other violation does. Regenerate the baseline only to shrink it.
'use strict';

// TypeScript 7 ships no JavaScript compiler API, and dependency-cruiser 17 reads .ts through
// `typescript` <7 or through swc: without @swc/core it would cruise 0 modules and pass.
try {
  require.resolve('@swc/core');
} catch {
  throw new Error('dependency-cruiser needs @swc/core (a devDependency) to read src/**/*.ts: run npm ci');
}

/** Imported by every stage; they import nothing of src/ but each other. */
const NEUTRAL = '^src/(?:objects/|util/|errors\\.ts$|lang\\.ts$|paths\\.ts$|json-schema\\.ts$)';
const SOURCES = '^src/(?:kube|snapshot)/';
const FACTS = '^src/facts/';
const PREDICATES = '^src/predicates/';
const ENGINE = '^src/engine/';
const RULES = '^src/rules/';
const REPORT = '^src/report/';
const RENDER = '^src/render/';
/** config.ts reads the user's .kdiag.yaml for the commands: it sits with them. */
const COMMANDS = '^src/(?:commands/|config\\.ts$)';
const TOP = '^src/(?:cli|main)\\.ts$';
/** Every stage below the commands, in the order data flows. */
const STAGES = [NEUTRAL, SOURCES, FACTS, PREDICATES, RULES, ENGINE, REPORT, RENDER];

/**
 * One rule per stage: a module below `from` may import from src/ only what `allowed` matches
 * (its own folder is always allowed; `$1` is the folder `from` captured). The `from` sets of
 * the rules do not overlap, so each forbidden import is reported once.
 */
function stage(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^src/', pathNot: ['^src/$1/', ...allowed] },
  };
}

module.exports = {
  forbidden: [
    stage('neutral-imports-neutral', '^src/(objects|util)/|^src/(?:errors|lang|paths|json-schema)\\.ts$', [NEUTRAL], 'objects/, util/, errors.ts, lang.ts and paths.ts are imported by every stage, so they import nothing of src/ but each other.'),
    stage('source-imports-neutral', '^src/(kube|snapshot)/', [NEUTRAL], 'A source (live cluster, snapshot) only reads Kubernetes objects: it knows nothing of facts and later stages, nor of the other source.'),
    stage('facts-import-neutral', '^src/(facts)/', [NEUTRAL], 'Facts are built from raw objects, whatever source they came from: no source, no later stage.'),
    stage('predicates-import-facts', '^src/(predicates)/', [FACTS, NEUTRAL], 'The rule language (predicates, placeholders) reads facts: it may import facts and neutral modules only.'),
    stage('rules-import-predicates', '^src/(rules)/', [PREDICATES, FACTS, NEUTRAL], 'Rule loading, validation and docs compile rule files with the predicate registry.'),
    stage('engine-imports-rules', '^src/(engine)/', [RULES, PREDICATES, FACTS, NEUTRAL], 'The engine matches loaded rules against facts: no source, no report.'),
    stage('report-imports-engine', '^src/(report)/', [ENGINE, RULES, PREDICATES, FACTS, NEUTRAL], 'Report assembly and redaction read findings, rules and facts, never a source.'),
    stage('render-imports-report', '^src/(render)/', [REPORT, ENGINE, RULES, PREDICATES, FACTS, NEUTRAL], 'Renderers are pure functions over the report (and the types it carries): no source, no command.'),
    stage('command-imports-stages', '^src/(commands)/|^src/config\\.ts$', [...STAGES, COMMANDS], 'A command may use every stage, but not the cli that dispatches to it.'),
    stage('top-imports-stages', '^src/(cli|main)\\.ts$', [...STAGES, COMMANDS, '^src/cli\\.ts$'], 'main.ts loads cli.ts; cli.ts dispatches to the commands; nothing imports main.ts.'),
    {
      name: 'module-in-no-stage',
      comment: 'Every module of src/ belongs to a stage: place a new folder or top-level file in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...STAGES, COMMANDS, TOP] },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle has no direction: break it by moving the shared part to the earlier stage.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: '^src/',
    // swc parses TypeScript without erasing types, so `import type` edges are kept;
    // tsPreCompilationDeps says the same to the tsc parser, should it be used again
    parser: 'swc',
    tsPreCompilationDeps: true,
    moduleSystems: ['es6'],
  },
};
