/** Bundles `entry` (relative to the project root) into dist/<name>.mjs; resolves to its path. */
export function bundle(entry?: string, name?: string): Promise<string>;
