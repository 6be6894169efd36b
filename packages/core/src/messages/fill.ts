/** Values a sentence's `{name}` placeholders take. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Puts `params` into a sentence's `{name}` placeholders; a placeholder with no value is left as
 * written, so a forgotten parameter shows in the output instead of vanishing.
 */
export const fillMessage = (sentence: string, params: MessageParams = {}): string =>
  sentence.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
