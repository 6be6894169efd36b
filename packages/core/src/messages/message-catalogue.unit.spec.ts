import { errorCatalogue, errorCodes } from '../errors/error-catalogue';
import { langs } from './lang';
import { errorText, message, messageCatalogue, messageLabel, type MessageKey } from './message-catalogue';

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
