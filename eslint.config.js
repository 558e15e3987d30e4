// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.dossier/', 'bench/', 'web/dist/', 'docs/openapi.json', 'docs/openapi.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'Use a #shared/... or #functions/... subpath import.' }] },
      ],
    },
  },
  {
    // Domain code is pure: no AWS SDK, middy or Powertools (STYLE.md §4).
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*', '@middy/*', '@aws-lambda-powertools/*', '#shared/data/*', '#shared/http/*', '#shared/crypto/*', '#shared/services/*'], message: 'shared/domain imports no I/O.' }] },
      ],
    },
  },
  {
    // Only shared/data talks to DynamoDB; handlers hold no expressions (DESIGN.md).
    files: ['functions/**/*.ts', 'shared/http/**/*.ts', 'shared/services/**/*.ts', 'shared/crypto/**/*.ts', 'shared/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value=/^@aws-sdk\\/(client-dynamodb|lib-dynamodb)$/]", message: 'Only shared/data talks to the table.' }],
    },
  },
  {
    // Black-box tests read JSON answers the way a client does: untyped.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The console: React's rules of hooks, and the browser's globals.
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
