/**
 * The command-line reading the tools share: Node's `util.parseArgs` splits the words (`--flag
 * value`, `--flag=value`, `-f value`, `-fvalue`), and {@link readOptions} turns its tokens into
 * the options given, in order, or the first mistake as the calling tool words it.
 *
 * `parseArgs` runs non-strict and this module judges its tokens, because a strict run words its
 * own errors (`Unknown option '--x'`) and takes `--stack --json` as the value `--json`; the tools
 * keep their messages and call a missing value by its name.
 */
import { parseArgs } from "node:util";

/** An option a tool accepts, under its long name (`stack` for `--stack`). */
export interface OptionSpec {
    /** `string` takes a value, `boolean` is a switch. */
    type: "string" | "boolean";
    /**
     * One-letter alias, e.g. `s` for `-s`.
     * @default - none
     */
    short?: string;
}

/** One option as given on the command line. */
export interface GivenOption {
    /** Its long name, e.g. `stack`. */
    name: string;
    /** How it was written, e.g. `--stack` or `-s`. */
    flag: string;
    /**
     * Its value: non-empty, never an option (`--x`) taken from the next word.
     * @default - none: a switch
     */
    value?: string;
}

/** How a tool words the mistakes on its command line. */
export interface OptionMessages {
    /** An option the tool does not know; `word` is the whole word, e.g. `--verbose=3`. */
    unknown(word: string): string;
    /** A word that is not an option. */
    unexpected(word: string): string;
    /**
     * A string option without a value.
     * @default - `Option <flag> needs a value.`
     */
    needsValue?(flag: string): string;
    /** Makes the error thrown for a message. */
    error(message: string): Error;
}

/**
 * The options of `argv` in order, each known and with a value when it takes one; throws the
 * first mistake, in `messages`' words. A lone `--` counts as an unknown option.
 */
export function readOptions(
    argv: readonly string[],
    options: Readonly<Record<string, OptionSpec>>,
    messages: OptionMessages,
): GivenOption[] {
    return readCommandLine(argv, options, messages).options;
}

/** What {@link readCommandLine} read: the options in order, and the other words. */
export interface CommandLine {
    options: GivenOption[];
    /** Words that are not options (file names); empty unless `unexpected` was left out. */
    positionals: string[];
}

/**
 * {@link readOptions} for a tool that also takes words that are not options: without
 * `messages.unexpected`, they are returned as `positionals` instead of refused.
 */
export function readCommandLine(
    argv: readonly string[],
    options: Readonly<Record<string, OptionSpec>>,
    messages: Omit<OptionMessages, "unexpected"> & Partial<Pick<OptionMessages, "unexpected">>,
): CommandLine {
    const { tokens } = parseArgs({ args: [...argv], options: { ...options }, strict: false, allowPositionals: true, tokens: true });
    const given: GivenOption[] = [];
    const positionals: string[] = [];
    const needsValue = messages.needsValue ?? ((flag: string) => `Option ${flag} needs a value.`);
    for (const token of tokens) {
        if (token.kind === "positional") {
            if (messages.unexpected) throw messages.error(messages.unexpected(token.value));
            positionals.push(token.value);
            continue;
        }
        if (token.kind === "option-terminator") throw messages.error(messages.unknown("--"));
        const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
        if (spec === undefined) throw messages.error(messages.unknown(argv[token.index]));
        if (spec.type === "boolean") {
            if (token.value !== undefined) throw messages.error(`Option ${token.rawName} takes no value.`);
            given.push({ name: token.name, flag: token.rawName });
            continue;
        }
        // A word taken from after the flag that is itself an option means the value was left out.
        const value = token.value;
        if (value === undefined || value === "" || (!token.inlineValue && value.startsWith("--"))) {
            throw messages.error(needsValue(token.rawName));
        }
        given.push({ name: token.name, flag: token.rawName, value });
    }
    return { options: given, positionals };
}

/** The options block of a `--help` text: one line per option, its description aligned. */
export function formatOptions(lines: readonly (readonly [usage: string, description: string])[]): string {
    const width = Math.max(...lines.map(([usage]) => usage.length)) + 2;
    return lines.map(([usage, description]) => `  ${usage.padEnd(width)}${description}`.trimEnd()).join("\n");
}
