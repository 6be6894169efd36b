import type { Label, Lang } from '@depledger/core';

/** Languages status labels come in (core's, shared with the message catalogue): French (the Intune document's words) and English. */
export type { Label, Lang };

/** A code with its label in the chosen language: what a list or a table shows. */
export type Labelled<Code extends string> = Readonly<{ code: Code; label: string }>;

export const labelIn = (label: Label, lang: Lang): string => label[lang];
