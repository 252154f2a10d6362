// ESLint flat config: `npm run lint` (with `prettier --check .` and tools/check-docs.ts).
// TypeScript files are linted with type information, which the @pulumi rules need to tell an
// `Output<T>` from a plain value; formatting is left to Prettier (.prettierrc.json).
const js = require("@eslint/js");
const globals = require("globals");
const tseslint = require("typescript-eslint");
const pulumi = require("@pulumi/eslint-plugin");
const prettier = require("eslint-config-prettier");

module.exports = tseslint.config(
    {
        ignores: [
            "node_modules/",
            "dist/",
            "out/",
            "docs/",
            "**/*.d.ts",
            // Projects of their own, with their own package.json and checks: the example consumes the
            // packed package (its tests type-check it), the sample app is a Docker image, bench/ holds
            // the comparison programs of the benchmarks.
            "examples/",
            "bench/",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            // One program for the whole package (tsconfig.json includes policy/ too): one type-check, not one per folder.
            parserOptions: { project: ["./tsconfig.json"], tsconfigRootDir: __dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            // An Output in a plain template literal renders as a warning text, not its value.
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
            // Mock and plan values are untyped JSON by nature (resource inputs as the engine sends them).
            "@typescript-eslint/no-explicit-any": "off",
            // `require()` is deliberate where it appears: the SDK and the policy rules are loaded lazily
            // to keep the preview's start-up short, and programs are loaded by path at run time.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        // Tests match console output column by column, so runs of spaces in their regexes are the point.
        files: ["tests/**/*.ts"],
        rules: { "no-regex-spaces": "off" },
    },
    {
        // CommonJS scripts (this file, tools/run.js) run on Node as they are.
        files: ["**/*.js"],
        languageOptions: { sourceType: "commonjs", globals: globals.node },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    prettier,
);
