/** Languages status labels come in: French (the Intune document's words) and English. */
export type Lang = 'fr' | 'en';

export type Label = Readonly<{ fr: string; en: string }>;

/** A code with its label in the chosen language: what a list or a table shows. */
export type Labelled<Code extends string> = Readonly<{ code: Code; label: string }>;

export const labelIn = (label: Label, lang: Lang): string => label[lang];
