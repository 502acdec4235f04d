import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const FEATURES = ["account", "auth", "chat", "dashboard", "knowledge", "monitoring", "settings", "sources"];

// Features never import each other (bulletproof-react): each feature may import itself, the
// shared `components/` and `lib/`, nothing from a sibling. Shared code imports no feature.
const boundaries = FEATURES.map((feature) => {
  const others = FEATURES.filter((f) => f !== feature).join("|");
  return {
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^@/features/(?!${feature}(/|$))`,
              message: `features/${feature} may not import another feature: move shared code to lib/ or components/, or compose in app/.`,
            },
            {
              regex: `^(\\.\\./)+(${others})(/|$)`,
              message: `features/${feature} may not import another feature.`,
            },
            { regex: `^(\\.\\./)+app(/|$)|^@/app(/|$)`, message: "features may not import app/." },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/lib/api/schema.d.ts", "test-artifacts"] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ["**/*.{ts,tsx}"],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "react-hooks/set-state-in-effect": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/components/**/*.{ts,tsx}", "src/lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/(features|app)(/|$)", message: "shared code may not import features or app/." },
            { regex: "^(\\.\\./)+(features|app)(/|$)", message: "shared code may not import features or app/." },
          ],
        },
      ],
    },
  },
  ...boundaries,
  {
    files: ["e2e/**/*.mjs", "scripts/**/*.mjs", "bench/**/*.mjs", "*.js"],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node, ...globals.browser } },
  },
);
