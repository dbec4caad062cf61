import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Architecture: src/app composes features; a feature under src/features/<name> may use the
// shared layers (src/api, src/lib, src/components, src/test) and its own files, never another
// feature. Shared layers never import features or the app. src/main.tsx only starts the app.
const boundaryRules = {
  plugins: { boundaries },
  settings: {
    "import/resolver": { node: { extensions: [".ts", ".tsx", ".js"] } },
    "boundaries/include": ["src/**/*"],
    "boundaries/elements": [
      { type: "app", pattern: "src/app" },
      { type: "feature", pattern: "src/features/*", capture: ["feature"] },
      { type: "shared", pattern: "src/(api|lib|components|test)" },
    ],
  },
  rules: {
    "boundaries/dependencies": [
      "error",
      {
        default: "disallow",
        policies: [
          {
            from: { element: { type: "app" } },
            allow: { to: { element: { types: { anyOf: ["app", "feature", "shared"] } } } },
          },
          { from: { element: { type: "shared" } }, allow: { to: { element: { type: "shared" } } } },
          { from: { element: { type: "feature" } }, allow: { to: { element: { type: "shared" } } } },
          {
            from: { element: { type: "feature" } },
            allow: {
              to: { element: { type: "feature", captured: { feature: "{{ from.element.captured.feature }}" } } },
            },
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/api/schema.d.ts", "e2e/artifacts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  boundaryRules,
  {
    files: ["**/*.{js,mjs}"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["scripts/**/*.{js,mjs}", "e2e/**/*.{js,mjs}", "eslint.config.js", "vite.config.ts"],
    languageOptions: { globals: { ...globals.node } },
  },
);
