/** The languages depledger speaks, to people: French (the Intune document's words, the default) and English. */
export const langs = ['fr', 'en'] as const;

/** One of depledger's languages. */
export type Lang = (typeof langs)[number];

/** A sentence in every language: a missing language fails the type check. */
export type Label = Readonly<Record<Lang, string>>;
