// Lint: typescript-eslint's recommended rules over the host, the CLI, the plugins, the tests and the benches.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '**/*.hbs', 'templates/**', 'coverage/**', '.state/**', 'exports/**', 'test/fixtures/plugins/broken-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Sanitisers match control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // The web page's modules run in the browser.
  { files: ['runtime/service/ui/static/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
);
