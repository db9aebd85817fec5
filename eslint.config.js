// Lint: TypeScript rules plus the layering rule (dependencies point one way, as in
// Kubernetes' import-restrictions): api, storage and pki (certificate building) are leaves;
// apiserver builds on them;
// client builds on api; components build on api and client; cmd wires everything.
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, message) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

const COMPONENTS = ['controllers', 'scheduler', 'kubelet', 'proxy', 'dns', 'cli', 'sim-nodes'];
const up = (dirs) => dirs.flatMap((d) => [`**/${d}/**`, `../${d}/**`, `../../${d}/**`, `../../../${d}/**`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tools/**', 'src/api/schema/generated/**', 'src/api/types/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  layer(['src/api/**/*.ts'], up(['storage', 'apiserver', 'client', 'cmd', ...COMPONENTS]).concat(['node:*']), 'src/api is pure: it imports only itself (no node:, no other layer).'),
  layer(['src/storage/**/*.ts'], up(['api', 'apiserver', 'client', 'cmd', ...COMPONENTS]), 'src/storage knows bytes and revisions only.'),
  layer(['src/pki/**/*.ts'], up(['api', 'storage', 'apiserver', 'client', 'cmd', ...COMPONENTS]), 'src/pki builds certificates only: it imports no other layer.'),
  layer(['src/apiserver/**/*.ts'], up(['client', 'cmd', ...COMPONENTS]), 'src/apiserver may import api and storage only.'),
  layer(['src/client/**/*.ts'], up(['storage', 'apiserver', 'cmd', ...COMPONENTS]), 'src/client may import api only.'),
  ...COMPONENTS.map((c) =>
    layer([`src/${c}/**/*.ts`], up(['storage', 'apiserver', 'cmd', ...COMPONENTS.filter((o) => o !== c)]), `src/${c} may import api and client only.`),
  ),
);
