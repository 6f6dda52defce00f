/** Reads a GITHUB_OUTPUT file: `name<<DELIMITER` … `DELIMITER` blocks, as @actions/core writes them. */
export function parseOutputFile(text: string): Record<string, string>
