// Lint rules, including the architecture's import boundaries (DESIGN.md "Rules of the house"):
//   src/core     never imports Electron, Vue, the DOM, or the app's other layers;
//   src/renderer never imports Node built-ins, native modules, Electron or the core;
//   src/shared   holds types and constants only: no runtime imports, no functions, no classes;
//   src/preload  imports only electron and the shared contract.
// Inside the core the arrows point down: vmm, cost and trace build on the machine and the CPU,
// never the reverse (src/core/cpu imports no devices, workloads or anything above the machine;
// src/core/machine and src/core/devices import nothing of vmm, cost, trace or analysis, and take
// the hypercall ABI from src/core/hypercall-abi.ts, which sits below them and the workloads).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

const rendererBoundary = {
  paths: [
    ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer never imports Node: go through the contract.' })),
    { name: 'electron', message: 'The renderer never imports Electron: use the client module.' },
    { name: 'better-sqlite3', message: 'The renderer never touches SQLite: ask the service.' },
  ],
  patterns: [
    { group: ['node:*'], message: 'The renderer never imports Node: go through the contract.' },
    { group: ['**/core/**', '**/core', '**/main/**', '**/preload/**'], message: 'The renderer talks to the host only through src/shared and its client module.' },
  ],
};

const coreBoundary = {
  paths: [
    { name: 'electron', message: 'The core never imports Electron.' },
    { name: 'vue', message: 'The core never imports Vue.' },
    { name: 'chart.js', message: 'The core never draws.' },
  ],
  patterns: [
    { group: ['**/renderer/**', '**/main/**', '**/preload/**', '@renderer/*'], message: 'The core does not depend on the app layers.' },
  ],
};

const ABOVE_MACHINE = ['vmm', 'cost', 'trace', 'analysis', 'runs', 'service', 'cli', 'serve'];
const layerGroup = (dirs) => dirs.flatMap((d) => [`**/core/${d}/**`, `**/core/${d}`, `../${d}/**`, `../${d}`, `../../${d}/**`, `../../${d}`]);

const machineBoundary = {
  paths: coreBoundary.paths,
  patterns: [
    ...coreBoundary.patterns,
    { group: layerGroup(ABOVE_MACHINE), message: 'The machine and its devices sit below vmm, cost and trace: the arrows point down (move the shared thing down instead).' },
    { group: ['**/workloads/abi', '../workloads/abi'], message: 'Take the hypercall ABI from src/core/hypercall-abi.ts, below both the machine and the workloads.' },
  ],
};

const cpuBoundary = {
  paths: coreBoundary.paths,
  patterns: [
    ...coreBoundary.patterns,
    { group: layerGroup([...ABOVE_MACHINE, 'devices', 'workloads']), message: 'The CPU sits below the devices, the workloads and everything that builds on the machine: it imports none of them.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.native/**', 'test-results/**', 'src/core/workloads/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
    rules: {
      'vue/block-lang': ['error', { script: { lang: 'ts' } }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', coreBoundary],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'The core has no DOM.' },
        { name: 'document', message: 'The core has no DOM.' },
        { name: 'localStorage', message: 'The core has no DOM.' },
      ],
    },
  },
  {
    files: ['src/core/machine/**/*.ts', 'src/core/devices/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', machineBoundary] },
  },
  {
    files: ['src/core/cpu/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', cpuBoundary] },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', rendererBoundary] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'src/shared imports nothing outside itself.' }] }],
      'no-restricted-syntax': ['error',
        { selector: 'FunctionDeclaration', message: 'src/shared holds types and constants only.' },
        { selector: 'ArrowFunctionExpression', message: 'src/shared holds types and constants only.' },
        { selector: 'FunctionExpression', message: 'src/shared holds types and constants only.' },
        { selector: 'ClassDeclaration', message: 'src/shared holds types and constants only.' },
        { selector: 'ImportDeclaration[importKind!="type"]', message: 'src/shared imports types only.' },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!electron$|\\.\\./shared/)', message: 'The preload imports only electron and the shared contract (it runs sandboxed).' }] }],
    },
  },
);
