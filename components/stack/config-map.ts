/**
 * Turns Pulumi's flat config map (`pulumi.runtime.allConfig()`: every value a string,
 * structured values as JSON) into the parsed map `resolveStackConfig` takes.
 */
export function parseConfigMap(all: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        raw[key] = parseValue(value);
    }
    return raw;
}

function parseValue(value: string): unknown {
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
        try {
            return JSON.parse(t);
        } catch {
            return value;
        }
    }
    if (t === "true") return true;
    if (t === "false") return false;
    return value;
}
