import { errorCatalogue, errorCodes } from '../errors/error-catalogue';
import { businessMessages } from './business-messages';
import { cliMessages } from './cli-messages';
import { consoleSentences } from './console-messages';
import { demoMessages } from './demo-messages';
import { helpTexts } from './help-texts';
import { operationsMessages } from './operations-messages';
import { simulatorMessages } from './simulator-messages';
import { syncRunMessages } from './sync-run-messages';
import { langs } from './lang';
import { errorText, message, messageCatalogue, messageLabel, pluralForm, type MessageKey } from './message-catalogue';

const placeholders = (sentence: string): string[] => [...sentence.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();

describe('the message catalogue', () => {
  const keys = Object.keys(messageCatalogue) as MessageKey[];

  it('has every sentence in every language, none blank', () => {
    expect(keys.length).toBeGreaterThan(100);
    for (const key of keys)
      for (const lang of langs)
        expect({ key, lang, blank: messageCatalogue[key][lang].trim() === '' }).toEqual({ key, lang, blank: false });
  });

  /** Values in English whatever the language (Apple's own words): said in English only. */
  const englishOnly: Partial<Record<MessageKey, readonly string[]>> = { 'cli.account.unconfirmed': ['message'] };

  it('takes the same values in every language: a placeholder missing from one language would drop a value there', () => {
    for (const key of keys) {
      const english = placeholders(messageCatalogue[key].en).filter((name) => !(englishOnly[key] ?? []).includes(name));
      expect({ key, fr: placeholders(messageCatalogue[key].fr) }).toEqual({ key, fr: english });
    }
  });

  it('has each key in one part only: a key in two parts would silently say one part’s sentence for the other’s', () => {
    const parts = [
      cliMessages,
      consoleSentences,
      syncRunMessages,
      businessMessages,
      simulatorMessages,
      operationsMessages,
      demoMessages,
      helpTexts,
    ];
    const all = parts.flatMap((part) => Object.keys(part));
    expect(all.filter((key, i) => all.indexOf(key) !== i)).toEqual([]);
    expect(keys).toHaveLength(all.length);
  });

  it('counts in each language’s way: French says 0 and 1 in the singular, English only 1', () => {
    expect([0, 1, 2].map((n) => pluralForm('fr', n))).toEqual(['one', 'one', 'other']);
    expect([0, 1, 2].map((n) => pluralForm('en', n))).toEqual(['other', 'one', 'other']);
    expect(message('fr', `sync.pages.${pluralForm('fr', 0)}`, { n: 0 })).toBe('0 page');
    expect(message('en', `sync.pages.${pluralForm('en', 0)}`, { n: 0 })).toBe('0 pages');
  });

  it('fills placeholders, and leaves a value not given visible', () => {
    expect(message('fr', 'cli.devices.count', { n: 3 })).toBe('3 appareil(s).');
    expect(message('en', 'cli.devices.count', { n: 3 })).toBe('3 device(s).');
    expect(message('en', 'cli.devices.count')).toBe('{n} device(s).');
    expect(messageLabel('cli.summary.token', { token: 'paris', n: 2 })).toEqual({
      fr: 'Jeton paris : 2 appareil(s)',
      en: 'Token paris: 2 device(s)',
    });
  });

  it('says every error code in both languages: the catalogue’s meaning in English and its own French text', () => {
    for (const code of errorCodes) {
      expect(errorText(code, 'en')).toBe(errorCatalogue[code].meaning);
      const french = errorText(code, 'fr');
      expect({ code, differs: french !== '' && french !== errorCatalogue[code].meaning }).toEqual({ code, differs: true });
    }
  });
});
